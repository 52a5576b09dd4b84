package dev.race.link.init;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.steg.model.Version;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Turns the init images a link needs into one synthetic input crate, {@code <race: init images>}, laid out and
 * patched like any other input (the same approach as the vtables' synthetic input).
 *
 * <ul>
 *   <li>Section 0, {@code .rodata.race.init} (PROGBITS, ALLOC, read-only): the images in the order given, each at
 *       a multiple of its type's alignment (the section's alignment is the largest), padding zero.</li>
 *   <li>Symbols: one GLOBAL STT_OBJECT per image named {@code Markers.mangle(new Marker.Init(type))} with the
 *       image's size, so a {@code __race_init_} relocation resolves against it like against any data symbol.</li>
 * </ul>
 *
 * <p>No relocations: an image is plain bytes. Same images, same bytes.
 */
public final class InitImageMaterializer {
    public static final String NAME = "<race: init images>";
    public static final String SECTION = ".rodata.race.init";
    /** The crate the synthetic input carries: it declares nothing. */
    public static final String CRATE = "__race";

    private static final int SHT_PROGBITS = 1;
    private static final long SHF_ALLOC = 2;
    private static final byte STB_GLOBAL = 1;
    private static final byte STT_OBJECT = 1;

    /** One image: the type, its bytes and its alignment. */
    public record Image(Path type, byte[] bytes, long align) {
    }

    private InitImageMaterializer() {
    }

    /** The synthetic input holding {@code images} (keyed by any stable order the caller chose). */
    public static InputCrate materialize(List<Image> images, RcrateTarget rt) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int n = images.size();
        String[] name = new String[n];
        long[] value = new long[n];
        long[] size = new long[n];
        int[] section = new int[n];
        byte[] binding = new byte[n];
        byte[] type = new byte[n];
        long maxAlign = 1;
        for (int i = 0; i < n; i++) {
            Image im = images.get(i);
            long align = Math.max(1, im.align());
            maxAlign = Math.max(maxAlign, align);
            while (data.size() % align != 0) {
                data.write(0);
            }
            name[i] = Markers.mangle(new Marker.Init(im.type()));
            value[i] = data.size();
            size[i] = im.bytes().length;
            section[i] = 0;
            binding[i] = STB_GLOBAL;
            type[i] = STT_OBJECT;
            data.writeBytes(im.bytes());
        }
        byte[] ro = data.toByteArray();
        List<RSection> sections = List.of(new RSection(NAME, SECTION, SHT_PROGBITS, SHF_ALLOC, maxAlign, 0, ro.length,
                ByteBuffer.wrap(ro), -1));
        RSymbols symbols = new RSymbols(name, value, size, section, binding, type, new byte[n], new int[n]);
        RRelocations none = new RRelocations(new int[0], new long[0], new int[0], new int[0], new long[0], new int[0]);
        Crate crate = new Crate(CRATE, Version.of(0, 0, 0), List.of());
        RcrateFile file = new RcrateFile(rt, crate, List.of(), List.of(NAME), sections, List.of(), symbols, none,
                List.of());
        return new InputCrate(NAME, file);
    }
}
