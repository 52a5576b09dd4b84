package dev.race.format.elf;

import dev.race.format.fixtures.Fixtures;
import dev.race.format.fixtures.Readelf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made corruptions of a real object, each with the exact message the reader must give. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElfErrorsTest {
    private byte[] original;
    private ElfObject parsed;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        original = Files.readAllBytes(Fixtures.build(dir).get("x86-nopic"));
        parsed = ElfObject.read("x.o", ByteBuffer.wrap(original));
    }

    private ByteBuffer mutated(Consumer<ByteBuffer> change) {
        ByteBuffer b = ByteBuffer.wrap(original.clone()).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(b);
        return b;
    }

    private long shoff() {
        return ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
    }

    private int header(int section) {
        return (int) (shoff() + 64L * section);
    }

    private ElfSection first(int type) {
        return parsed.sections().stream().filter(s -> s.type() == type).findFirst().orElseThrow();
    }

    private void fails(ByteBuffer b, String message) {
        assertThatThrownBy(() -> ElfObject.read("x.o", b)).isInstanceOf(ElfFormatException.class).hasMessage(message);
    }

    @Test
    void identification() {
        fails(ByteBuffer.allocate(0), "x.o: offset 0x0: not an ELF file (no \\x7fELF magic)");
        fails(ByteBuffer.wrap(original, 0, 40), "x.o: offset 0x0: file too short for an ELF64 header (40 < 64 bytes)");
        fails(mutated(b -> b.put(4, (byte) 1)),
                "x.o: offset 0x4: unsupported ELF class 1 (ELFCLASS32); only ELFCLASS64 objects are read");
        fails(mutated(b -> b.put(5, (byte) 2)), "x.o: offset 0x5: unsupported byte order 2 (ELFDATA2MSB, "
                + "big-endian); only little-endian (ELFDATA2LSB) objects are read");
        fails(mutated(b -> b.putShort(16, (short) 2)), "x.o: offset 0x10: unsupported ELF type 2 (ET_EXEC, an "
                + "executable); only relocatable objects (ET_REL) are read");
        fails(mutated(b -> b.putShort(16, (short) 3)), "x.o: offset 0x10: unsupported ELF type 3 (ET_DYN, a shared "
                + "object or PIE); only relocatable objects (ET_REL) are read");
        fails(mutated(b -> b.putShort(18, (short) 40)),
                "x.o: offset 0x12: unsupported machine 40; only x86-64 (62) and AArch64 (183) are read");
    }

    @Test
    void sectionHeaderTablePastTheEnd() {
        int n = parsed.sections().size();
        long shoff = shoff();
        fails(mutated(b -> b.putShort(60, (short) (n + 1))), String.format("x.o: offset 0x%x: section header %d "
                + "extends past the end of the file (0x%x + 0x40 > 0x%x); e_shnum is %d", shoff + 64L * n, n,
                shoff + 64L * n, original.length, n + 1));
        fails(mutated(b -> b.putLong(40, original.length + 1L)), String.format("x.o: offset 0x28: section header "
                + "table at 0x%x starts past the end of the file (0x%x)", original.length + 1, original.length));
    }

    @Test
    void sectionContentsPastTheEnd() {
        ElfSection text = parsed.section(1);
        int h = header(1);
        fails(mutated(b -> b.putLong(h + 32, original.length)), String.format("x.o: offset 0x%x: section 1 contents "
                + "extend past the end of the file (0x%x + 0x%x > 0x%x)", h + 24, text.offset(), original.length,
                original.length));
        // a huge declared size must not allocate: it is refused by arithmetic, not by running out of memory
        fails(mutated(b -> b.putLong(h + 32, -16)), String.format("x.o: offset 0x%x: section 1 contents extend "
                + "past the end of the file (0x%x + 0xfffffffffffffff0 > 0x%x)", h + 24, text.offset(),
                original.length));
    }

    @Test
    void relSectionsAreRejected() {
        ElfSection rela = first(Elf.SHT_RELA);
        int h = header(rela.index());
        fails(mutated(b -> b.putInt(h + 4, Elf.SHT_REL)), String.format("x.o: offset 0x%x: SHT_REL section %d (%s) "
                + "is not supported: x86-64 and AArch64 ELF64 objects use SHT_RELA (explicit addends)", h + 4,
                rela.index(), rela.name()));
    }

    @Test
    void relocationSymbolAndOffsetAreChecked() {
        ElfSection rela = first(Elf.SHT_RELA);
        int n = parsed.symbols().count();
        fails(mutated(b -> b.putInt((int) rela.offset() + 12, n)), String.format("x.o: offset 0x%x: relocation 0 "
                + "in section %d (%s) names symbol %d of %d", rela.offset() + 8, rela.index(), rela.name(), n, n));
        ElfSection target = parsed.section(rela.info());
        fails(mutated(b -> b.putLong((int) rela.offset(), target.size())), String.format("x.o: offset 0x%x: "
                + "relocation 0 in section %d (%s) at offset 0x%x is outside section %d (%s) (size 0x%x)",
                rela.offset(), rela.index(), rela.name(), target.size(), target.index(), target.name(), target.size()));
    }

    @Test
    void symbolsAreChecked() {
        ElfSection symtab = first(Elf.SHT_SYMTAB);
        ElfSection strtab = parsed.section(symtab.link());
        int at = (int) symtab.offset() + 24 * 3;
        fails(mutated(b -> b.putInt(at, (int) strtab.size())), String.format("x.o: offset 0x%x: symbol 3 name "
                + "offset 0x%x is outside the string table (size 0x%x)", at, strtab.size(), strtab.size()));
        fails(mutated(b -> b.putShort(at + 6, (short) 500)), String.format("x.o: offset 0x%x: symbol 3 section "
                + "index 500 is not a section (%d sections)", at + 6, parsed.sections().size()));
        fails(mutated(b -> b.putShort(at + 6, (short) 0xff02)), String.format("x.o: offset 0x%x: symbol 3 has "
                + "unsupported reserved section index 0xff02", at + 6));
        fails(mutated(b -> b.put((int) (strtab.offset() + strtab.size() - 1), (byte) 'x')), String.format("x.o: "
                + "offset 0x%x: symbol string table (section %d) does not end with a NUL byte",
                strtab.offset() + strtab.size() - 1, strtab.index()));
        int h = header(symtab.index());
        fails(mutated(b -> b.putLong(h + 56, 16)), String.format("x.o: offset 0x%x: symbol table section %d "
                + "(.symtab) has entry size 16, expected 24", h + 56, symtab.index()));
    }

    /** gABI extended numbering: e_shnum 0 and e_shstrndx SHN_XINDEX move the real values into section 0. */
    @Test
    void extendedSectionNumberingReadsTheSame() {
        ByteBuffer b = mutated(x -> {
            int n = x.getShort(60);
            int strndx = x.getShort(62);
            x.putShort(60, (short) 0);
            x.putShort(62, (short) 0xffff);
            x.putLong((int) shoff() + 32, n);
            x.putInt((int) shoff() + 40, strndx);
        });
        ElfObject o = ElfObject.read("x.o", b);
        assertThat(Readelf.sections(o).subList(1, o.sections().size()))
                .isEqualTo(Readelf.sections(parsed).subList(1, parsed.sections().size()));
        assertThat(Readelf.symbols(o)).isEqualTo(Readelf.symbols(parsed));
    }

    /**
     * Symbols whose st_shndx is SHN_XINDEX take their section index from SHT_SYMTAB_SHNDX: append such a table
     * (and a new section header table that lists it) to a real object and move every defined symbol's index
     * there; the symbols must read the same.
     */
    @Test
    void symbolSectionIndicesThroughSymtabShndx() {
        ElfSection symtab = first(Elf.SHT_SYMTAB);
        int n = parsed.symbols().count();
        int sections = parsed.sections().size();
        int tableAt = (original.length + 7) & ~7;
        int headersAt = tableAt + ((4 * n + 7) & ~7);
        ByteBuffer b = ByteBuffer.allocate(headersAt + 64 * (sections + 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, original);
        b.put(headersAt, original, (int) shoff(), 64 * sections);
        int h = headersAt + 64 * sections;
        b.putInt(h + 4, Elf.SHT_SYMTAB_SHNDX);
        b.putLong(h + 24, tableAt);
        b.putLong(h + 32, 4L * n);
        b.putInt(h + 40, symtab.index());
        b.putLong(h + 48, 4);
        b.putLong(h + 56, 4);
        b.putLong(40, headersAt);
        b.putShort(60, (short) (sections + 1));
        int moved = 0;
        int lastMoved = -1;
        for (int i = 0; i < n; i++) {
            int ndx = parsed.symbols().shndx(i);
            if (ndx > 0 && ndx < Elf.SHN_LORESERVE) {
                b.putShort((int) symtab.offset() + 24 * i + 6, (short) Elf.SHN_XINDEX);
                b.putInt(tableAt + 4 * i, ndx);
                moved++;
                lastMoved = i;
            }
        }
        assertThat(moved).isGreaterThan(5);
        ElfObject o = ElfObject.read("x.o", b);
        assertThat(Readelf.symbols(o)).isEqualTo(Readelf.symbols(parsed));
        assertThat(o.section(sections).type()).isEqualTo(Elf.SHT_SYMTAB_SHNDX);

        int sym = lastMoved;
        b.putInt(tableAt + 4 * sym, 4000);
        fails(b, String.format("x.o: offset 0x%x: symbol %d extended section index 4000 is not a section",
                tableAt + 4 * sym, sym));
        b.putShort(60, (short) sections); // drop the SHT_SYMTAB_SHNDX header again
        int first = -1;
        for (int i = 0; i < n && first < 0; i++) {
            if (b.getShort((int) symtab.offset() + 24 * i + 6) == (short) Elf.SHN_XINDEX) {
                first = i;
            }
        }
        fails(b, String.format("x.o: offset 0x%x: symbol %d uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX "
                + "section for the symbol table", symtab.offset() + 24L * first + 6, first));
    }
}
