package dev.race.format.pack;

import dev.race.format.elf.ArArchive;
import dev.race.format.elf.ArMember;
import dev.race.format.elf.ElfFormatException;
import dev.race.format.elf.ElfObject;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.steg.model.Crate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the ELF / ar importer and the packer (docs/fuzzing.md): the bytes are read as an archive (when
 * they start with the ar magic, members become objects as {@code race pack} expands them) or as one relocatable
 * object, then packed with {@link PackFixtures#PLUGIN} against its engine view. Only {@link ElfFormatException}
 * may escape the reading, only {@link PackError}s may come out of the packing; a crate that packs must be
 * written by {@link RcrateWriter} and read back equal.
 *
 * <p>Called by {@link PackFuzzTest} (regression mode in {@code mvn verify}) and by the standalone Jazzer driver
 * in {@code bench/fuzz.sh}.
 */
public final class PackFuzzTarget {
    private static final List<Crate> CRATES = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);

    private PackFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        List<ElfObject> objects = new ArrayList<>();
        try {
            if (ArArchive.isArchive(buf)) {
                ArArchive a = ArArchive.read("libfuzz.a", buf);
                for (ArMember m : a.members()) {
                    objects.add(ElfObject.read(m.qualifiedName("libfuzz.a"), m.bytes()));
                }
            } else {
                objects.add(ElfObject.read("fuzz.o", buf));
            }
        } catch (ElfFormatException e) {
            if (e.offset() < 0 || e.offset() > data.length) {
                throw new AssertionError("offset " + e.offset() + " outside the " + data.length + " input bytes", e);
            }
            return;
        }
        RcrateTarget target = objects.isEmpty() ? RcrateTarget.X86_64 : RcrateTarget.byElfMachine(objects.get(0).machine());
        PackResult r = CratePacker.pack(CRATES.get(0), List.of(CRATES.get(1)), target == null ? RcrateTarget.X86_64 : target,
                objects);
        if (!r.ok()) {
            for (PackError e : r.errors()) {
                if (e.message().isBlank()) throw new AssertionError("a pack error without a message");
            }
            return;
        }
        byte[] bytes = RcrateWriter.write(r.file());
        RcrateFile back = RcrateReader.read("packed.rcrate", ByteBuffer.wrap(bytes)).file();
        if (!back.equals(r.file())) {
            throw new AssertionError("a packed crate does not read back equal");
        }
    }
}
