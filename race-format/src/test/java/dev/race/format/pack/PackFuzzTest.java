package dev.race.format.pack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the ELF/ar importer and the packer (docs/fuzzing.md). Without JAZZER_FUZZ=1
 * {@link #pack} runs once per file of src/test/resources/dev/race/format/pack/PackFuzzTestInputs/pack/
 * (regression mode); campaigns run {@link PackFuzzTarget} with the standalone driver ({@code bench/fuzz.sh}).
 */
class PackFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void pack(byte[] data) {
        PackFuzzTarget.fuzzerTestOneInput(data);
    }

    /** The generated seeds (PackFuzzSeeds) pack, so mutations start from the packer's success path. */
    @Test
    void seedsPack() throws IOException {
        for (String name : PackFuzzSeeds.SEEDS) {
            byte[] seed;
            try (InputStream in = getClass().getResourceAsStream("PackFuzzTestInputs/pack/" + name)) {
                assertThat(in).as(name).isNotNull();
                seed = in.readAllBytes();
            }
            List<dev.race.steg.model.Crate> crates = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(seed);
            List<dev.race.format.elf.ElfObject> objects = new java.util.ArrayList<>();
            if (dev.race.format.elf.ArArchive.isArchive(buf)) {
                for (var m : dev.race.format.elf.ArArchive.read(name, buf).members()) {
                    objects.add(dev.race.format.elf.ElfObject.read(m.qualifiedName(name), m.bytes()));
                }
            } else {
                objects.add(dev.race.format.elf.ElfObject.read(name, buf));
            }
            var target = dev.race.format.rcrate.RcrateTarget.byElfMachine(objects.get(0).machine());
            PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), target, objects);
            assertThat(r.errors()).as(name).isEmpty();
        }
    }

    /**
     * Found by the pack campaign (crash-80307a0c...): an alignment that is not a power of two, or above what the
     * format holds, was packed into a file the reader then refused; it is a pack error naming the section.
     */
    @Test
    void unpackableAlignmentIsAPackError() throws IOException {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("PackFuzzTestInputs/pack/plugin-nopic-o")) {
            seed = in.readAllBytes();
        }
        dev.race.format.elf.ElfObject o = dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed));
        int comment = o.sections().stream().filter(s -> s.name().equals(".comment")).findFirst().orElseThrow().index();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(seed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int alignAt = (int) (b.getLong(0x28) + 64L * comment + 48);
        List<dev.race.steg.model.Crate> crates = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);
        for (long align : new long[] {9043969, 1L << 17}) {
            b.putLong(alignAt, align);
            dev.race.format.elf.ElfObject bad = dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed));
            PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)),
                    dev.race.format.rcrate.RcrateTarget.X86_64, List.of(bad));
            assertThat(r.ok()).isFalse();
            assertThat(r.errors()).extracting(PackError::message).anySatisfy(m -> assertThat(m)
                    .startsWith("plugin.o: section " + comment + " (.comment): alignment " + align)
                    .containsAnyOf("is not a power of two", "is above the 65536 an .rcrate can hold"));
        }
    }

    /**
     * Found by the pack campaign (crash-6067419e...): a symbol whose st_size is 2^63 or more was packed into a file
     * the reader then refused ("negative size"); a common symbol's alignment is held to the same limits.
     */
    @Test
    void unpackableSymbolIsAPackError() throws IOException {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("PackFuzzTestInputs/pack/plugin-nopic-o")) {
            seed = in.readAllBytes();
        }
        dev.race.format.elf.ElfObject o = dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed));
        dev.race.format.elf.ElfSection symtab = o.sections().stream().filter(s -> s.name().equals(".symtab"))
                .findFirst().orElseThrow();
        int sym = -1;
        for (int i = 0; i < o.symbols().count(); i++) {
            if (o.symbols().name(i).equals("get_scale")) sym = i;
        }
        assertThat(sym).isPositive();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(seed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong((int) (symtab.offset() + 24L * sym + 16), 0xBEFFFFFFFFFFFFFFL);
        List<dev.race.steg.model.Crate> crates = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), dev.race.format.rcrate.RcrateTarget.X86_64,
                List.of(dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed))));
        assertThat(r.errors()).extracting(PackError::message).contains("plugin.o: symbol " + sym
                + " (get_scale): size " + Long.toUnsignedString(0xBEFFFFFFFFFFFFFFL) + " is too large");
        assertThat(CratePacker.unpackable("buf", 3, 8, dev.race.format.rcrate.RSymbols.COMMON, (byte) 1))
                .isEqualTo("a common symbol's alignment 3 is not a power of two up to 65536");
        assertThat(CratePacker.unpackable("", 0, 0, 0, (byte) 1)).isEqualTo("a global or weak symbol without a name");
        assertThat(CratePacker.unpackable("buf", 16, 8, dev.race.format.rcrate.RSymbols.COMMON, (byte) 1)).isNull();
    }

    /**
     * Found by the pack campaign (crash-b26b89a6...): a relocation whose patch runs past the end of its section
     * reached RcrateWriter, which threw IllegalArgumentException; it is a pack error naming the entry.
     */
    @Test
    void relocationPastItsSectionIsAPackError() throws IOException {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("PackFuzzTestInputs/pack/plugin-nopic-o")) {
            seed = in.readAllBytes();
        }
        dev.race.format.elf.ElfObject o = dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed));
        dev.race.format.elf.ElfSection rela = o.sections().stream().filter(s -> s.name().equals(".rela.text"))
                .findFirst().orElseThrow();
        long text = o.sections().stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow().size();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(seed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong((int) rela.offset(), text - 2);
        List<dev.race.steg.model.Crate> crates = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), dev.race.format.rcrate.RcrateTarget.X86_64,
                List.of(dev.race.format.elf.ElfObject.read("plugin.o", java.nio.ByteBuffer.wrap(seed))));
        assertThat(r.errors()).extracting(PackError::message).anySatisfy(m -> assertThat(m)
                .startsWith("plugin.o: .rela.text entry 0: offset 0x" + Long.toHexString(text - 2) + " + ")
                .endsWith(" is outside .text (0x" + Long.toHexString(text) + " bytes)"));
        assertThat(CratePacker.unpackable(dev.race.format.elf.Elf.EM_X86_64, 1, 8, 16)).isNull();
        assertThat(CratePacker.unpackable(dev.race.format.elf.Elf.EM_X86_64, 1, 9, 16))
                .isEqualTo("offset 0x9 + 8 is outside");
    }
}
