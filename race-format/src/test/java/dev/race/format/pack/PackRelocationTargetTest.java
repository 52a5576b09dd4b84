package dev.race.format.pack;

import dev.race.format.elf.ElfObject;
import dev.race.format.fixtures.Tools;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: a RELA section whose target (sh_info) is a section the packer does not copy made
 * {@code QueryChecker.check} index section -1; one whose target is NOBITS went through to RcrateWriter, which
 * threw. Both are now PackErrors naming the object and the relocation section, and no crate is made. The objects
 * are gcc's, with the {@code .rela.text} header's sh_info
 * patched (and its offsets set to 0, which the ELF reader checks against the new target).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackRelocationTargetTest {
    static final String C = """
            extern const char __race_size_6engine9Transform[];
            int counter;
            unsigned long transform_size(void) { return (unsigned long)__race_size_6engine9Transform; }
            int next(void) { return ++counter; }
            """;

    private byte[] object;
    private List<Crate> crates;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        Path o = PackFixtures.cc(dir, "p.o", Tools.find("gcc", "gcc"), C, "-O2", "-fno-pic", "-fno-common");
        object = Files.readAllBytes(o);
        crates = PackFixtures.steg("crate plugin 0.1.0;\npub fn transform_size() -> usize;\n", PackFixtures.ENGINE);
    }

    /** The object with .rela.text retargeted (sh_info) at the section named {@code target}. */
    private ElfObject retargeted(String target) {
        byte[] m = object.clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3E));
        long strtab = b.getLong((int) (shoff + (long) shstrndx * shentsize) + 24);
        int rela = -1;
        int wanted = -1;
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int nameAt = (int) strtab + b.getInt(h);
            int end = nameAt;
            while (m[end] != 0) end++;
            String name = new String(m, nameAt, end - nameAt, StandardCharsets.US_ASCII);
            if (name.equals(".rela.text")) rela = h;
            if (name.equals(target)) wanted = i;
        }
        assertThat(rela).as(".rela.text").isPositive();
        assertThat(wanted).as(target).isPositive();
        b.putInt(rela + 44, wanted);                          // sh_info: the section the relocations patch
        long at = b.getLong(rela + 24);
        long size = b.getLong(rela + 32);
        for (long e = at; e < at + size; e += 24) {
            b.putLong((int) e, 0);                            // r_offset 0: inside the new target (ElfObject checks)
        }
        return ElfObject.read("p.o", ByteBuffer.wrap(m));
    }

    private PackResult pack(ElfObject o) {
        return CratePacker.pack(crates.get(0), List.of(crates.get(1)), RcrateTarget.X86_64, List.of(o));
    }

    @Test
    void relocationsOfASectionThatIsNotPacked() {
        PackResult r = pack(retargeted(".strtab"));
        assertThat(r.file()).isNull();
        assertThat(r.errors()).map(PackError::message)
                .containsExactly("p.o: .rela.text patches .strtab, a section that is not packed");
    }

    @Test
    void relocationsOfANobitsSection() {
        PackResult r = pack(retargeted(".bss"));
        assertThat(r.file()).isNull();
        assertThat(r.errors()).map(PackError::message)
                .containsExactly("p.o: .rela.text patches .bss, a NOBITS section (it has no bytes to patch)");
    }

    @Test
    void theUnpatchedObjectPacks() {
        PackResult r = pack(ElfObject.read("p.o", ByteBuffer.wrap(object)));
        assertThat(r.errors()).isEmpty();
        assertThat(r.file()).isNotNull();
    }
}
