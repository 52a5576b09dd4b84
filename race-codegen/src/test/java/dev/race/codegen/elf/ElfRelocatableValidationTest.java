package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every image the relocatable writer refuses, with its exact message; and for a small hand-built image, the
 * header order, links and symbol renumbering as race-format's reader and readelf see them.
 */
class ElfRelocatableValidationTest {
    private static final long AX = Elf.SHF_ALLOC | Elf.SHF_EXECINSTR;
    private static final long WA = Elf.SHF_ALLOC | Elf.SHF_WRITE;
    private static final int R_X86_64_64 = 1;
    private static final int R_X86_64_PLT32 = 4;

    @TempDir
    Path dir;

    private static RelSection text(RelReloc... relocs) {
        return RelSection.withBytes(".text", Elf.SHT_PROGBITS, AX, 16, 0, new byte[16], List.of(relocs));
    }

    private static RelSymbol local(String name, int section, long value) {
        return new RelSymbol(name, value, 0, ExecElf.STT_FUNC, ExecElf.STB_LOCAL, ExecElf.STV_DEFAULT, section);
    }

    private static RelSymbol sym(String name, int type, int binding, int section, long value) {
        return new RelSymbol(name, value, 0, type, binding, ExecElf.STV_DEFAULT, section);
    }

    private static void refused(Executable build, String message) {
        assertThatThrownBy(build::execute)
                .isInstanceOf(ElfOutputException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void unknownMachine() {
        refused(() -> new RelImage(3, List.of(), List.of()),
                "cannot write an object for machine 3 (expected x86-64 or AArch64)");
    }

    @Test
    void relocationOutsideItsSection() {
        refused(() -> text(new RelReloc(0, R_X86_64_PLT32, 0, -4), new RelReloc(0x10, R_X86_64_PLT32, 0, -4)),
                "section .text: relocation 1 at offset 0x10 lies outside the section (size 0x10)");
    }

    @Test
    void relocationSymbolOutOfRange() {
        refused(() -> new RelImage(Elf.EM_X86_64, List.of(text(new RelReloc(4, R_X86_64_PLT32, 5, -4))),
                        List.of(RelSymbol.ofSection(0), RelSymbol.undefined("puts"))),
                "section .text: relocation 0 at offset 0x4 refers to symbol 5 but the image has 2 symbols");
        refused(() -> new RelReloc(4, R_X86_64_PLT32, -2, -4), "relocation at offset 0x4: symbol index -2 is negative");
        refused(() -> new RelReloc(4, -1, 0, 0), "relocation at offset 0x4: type -1 is negative");
        refused(() -> new RelReloc(-8, 1, 0, 0), "relocation at offset -8: offsets are unsigned");
    }

    @Test
    void symbolSectionOutOfRange() {
        refused(() -> new RelImage(Elf.EM_X86_64, List.of(text()),
                        List.of(RelSymbol.global("main", 3, 0, 16, ExecElf.STT_FUNC))),
                "symbol main refers to section index 3 but the image has 1 sections");
        refused(() -> new RelImage(Elf.EM_X86_64, List.of(text()), List.of(RelSymbol.ofSection(1))),
                "section symbol 0 refers to section index 1 but the image has 1 sections");
        refused(() -> local("x", -4, 0), "symbol x: section index -4 is neither a section nor UNDEF, ABS or COMMON");
    }

    @Test
    void symbolOutsideItsSection() {
        refused(() -> new RelImage(Elf.EM_X86_64, List.of(text()), List.of(local("stray", 0, 0x11))),
                "symbol stray at offset 0x11 lies outside its section .text (size 0x10)");
        // One past the end is an end marker, and allowed.
        assertThat(new RelImage(Elf.EM_X86_64, List.of(text()), List.of(local("end", 0, 0x10))).symbols()).hasSize(1);
    }

    @Test
    void nobitsWithRelocations() {
        refused(() -> new RelSection(".bss", Elf.SHT_NOBITS, WA, 8, 0, new byte[0], 16,
                        List.of(new RelReloc(0, R_X86_64_64, 0, 0))),
                "section .bss is NOBITS but has 1 relocations; zero-fill has no bytes to patch");
    }

    @Test
    void globalNamedTwice() {
        refused(() -> new RelImage(Elf.EM_X86_64, List.of(text()), List.of(RelSymbol.global("main", 0, 0, 8, 2),
                        RelSymbol.undefined("main"))),
                "symbol main is global twice (symbols 0 and 1); the next linker would see two definitions or "
                        + "references");
        // Locals may repeat (two static functions of one name from different inputs).
        assertThat(new RelImage(Elf.EM_X86_64, List.of(text()), List.of(local("f", 0, 0), local("f", 0, 8)))
                .symbols()).hasSize(2);
    }

    @Test
    void sectionsTheWriterOwns() {
        for (String name : List.of(".symtab", ".strtab", ".shstrtab", ".note.GNU-stack")) {
            refused(() -> new RelImage(Elf.EM_X86_64, List.of(RelSection.withBytes(name, Elf.SHT_PROGBITS, 0, 1, 0,
                            new byte[0], List.of())), List.of()),
                    "section " + name + " is written by the relocatable writer itself; leave it out of the image");
        }
    }

    @Test
    void badSections() {
        refused(() -> RelSection.withBytes(".rela.text", Elf.SHT_RELA, 0, 8, 24, new byte[24], List.of()),
                "section .rela.text: type RELA cannot be written by the relocatable writer (expected PROGBITS, "
                        + "NOBITS, INIT_ARRAY, FINI_ARRAY or NOTE)");
        refused(() -> new RelSection(".text", Elf.SHT_PROGBITS, AX, 16, 0, new byte[16], 8, List.of()),
                "section .text: size 8 does not match its 16 content bytes");
        refused(() -> RelSection.nobits(".bss", WA, 24, 8), "section .bss: alignment 24 is not a power of two");
        refused(() -> RelSection.nobits(".bss", WA, 0, 8), "section .bss: alignment 0 is not a power of two");
        refused(() -> RelSection.nobits(".bss", WA, 8, -1), "section .bss: negative size -1");
        refused(() -> RelSection.withBytes(".text.f", Elf.SHT_PROGBITS, AX | Elf.SHF_GROUP, 1, 0, new byte[1],
                List.of()), "section .text.f: SHF_GROUP is set but the relocatable writer emits no section groups");
        refused(() -> RelSection.nobits("", WA, 8, 8), "a section needs a name");
        refused(() -> RelSection.nobits(".b\0ss", WA, 8, 8), "section .b\\0ss: name contains a NUL character");
    }

    @Test
    void badSymbols() {
        refused(() -> sym("x", ExecElf.STT_NOTYPE, ExecElf.STB_LOCAL, RelSymbol.UNDEF, 0),
                "symbol x is undefined but local; it could never be resolved");
        refused(() -> sym("c", ExecElf.STT_OBJECT, ExecElf.STB_LOCAL, RelSymbol.COMMON, 8),
                "symbol c: a common symbol must be global or weak, with a power-of-two alignment as its value "
                        + "(got 8)");
        refused(() -> sym("c", ExecElf.STT_OBJECT, ExecElf.STB_GLOBAL, RelSymbol.COMMON, 12),
                "symbol c: a common symbol must be global or weak, with a power-of-two alignment as its value "
                        + "(got 12)");
        refused(() -> sym("", ExecElf.STT_SECTION, ExecElf.STB_GLOBAL, 0, 0),
                "section symbol: a section symbol must be local and name a section");
        refused(() -> sym("a.c", ExecElf.STT_FILE, ExecElf.STB_LOCAL, 0, 0),
                "symbol a.c: a file symbol must be local and absolute");
        refused(() -> sym("", ExecElf.STT_FUNC, ExecElf.STB_LOCAL, 0, 0),
                "a symbol of type 2 needs a name (only section symbols may have empty names)");
        refused(() -> sym("f", 11, ExecElf.STB_GLOBAL, 0, 0), "symbol f: unknown type 11");
        refused(() -> sym("f", ExecElf.STT_FUNC, 10, 0, 0), "symbol f: unknown binding 10");
        refused(() -> new RelSymbol("f", 0, 0, ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 4, 0),
                "symbol f: unknown visibility 4");
        refused(() -> new RelSymbol("f", 0, -1, ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 0, 0),
                "symbol f: negative size -1");
        refused(() -> sym("f\0g", ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 0, 0),
                "symbol f\\0g: name contains a NUL character");
    }

    @Test
    void tooManySectionsForPlainNumbering() {
        List<RelSection> many = new ArrayList<>();
        RelSection one = RelSection.nobits(".bss.x", WA, 1, 1);
        for (int i = 0; i < Elf.SHN_LORESERVE - 5; i++) {
            many.add(one);
        }
        refused(() -> new RelImage(Elf.EM_X86_64, many, List.of()),
                "the object would have 65280 section headers; the writer supports fewer than 65280 (no extended "
                        + "section numbering)");
        many.remove(0);
        assertThat(ElfObject.read("many.o", ByteBuffer.wrap(ElfRelocatableWriter.write(
                new RelImage(Elf.EM_X86_64, many, List.of())))).sections()).hasSize(Elf.SHN_LORESERVE - 1);
    }

    @Test
    void recordsCopyTheirInputs() {
        byte[] b = {1, 2, 3};
        List<RelReloc> relocs = new ArrayList<>(List.of(new RelReloc(0, R_X86_64_64, 0, 0)));
        RelSection s = RelSection.withBytes(".data", Elf.SHT_PROGBITS, WA, 1, 0, b, relocs);
        b[0] = 9;
        s.bytes()[1] = 9;
        relocs.clear();
        assertThat(s.bytes()).containsExactly(1, 2, 3);
        assertThat(s.relocs()).hasSize(1);
        assertThat(s).isEqualTo(RelSection.withBytes(".data", Elf.SHT_PROGBITS, WA, 1, 0, new byte[] {1, 2, 3},
                List.of(new RelReloc(0, R_X86_64_64, 0, 0))));
    }

    /**
     * A hand-built image with its globals listed before its locals: the file must put locals first, renumber the
     * relocations, and lay out the headers as documented; readelf must read it without a warning.
     */
    @Test
    void headersLinksAndRenumberedSymbols() throws IOException {
        RelSection textSec = text(new RelReloc(1, R_X86_64_PLT32, 0, -4), new RelReloc(6, R_X86_64_PLT32, 2, -4),
                new RelReloc(12, 0, RelReloc.NO_SYMBOL, 0));
        RelSection data = RelSection.withBytes(".data", Elf.SHT_PROGBITS, WA, 8, 0, new byte[8],
                List.of(new RelReloc(0, R_X86_64_64, 3, 4)));
        RelSection bss = RelSection.nobits(".bss", WA, 32, 64);
        List<RelSymbol> symbols = List.of(
                RelSymbol.undefined("puts"),                                          // 0 -> file 3
                RelSymbol.global("main", 0, 0, 16, ExecElf.STT_FUNC),                 // 1 -> file 4
                local("helper", 0, 8),                                                // 2 -> file 1
                RelSymbol.ofSection(2),                                               // 3 -> file 2
                new RelSymbol("buf", 64, 128, ExecElf.STT_OBJECT, ExecElf.STB_WEAK, ExecElf.STV_HIDDEN,
                        RelSymbol.COMMON));                                           // 4 -> file 5
        RelImage image = new RelImage(Elf.EM_X86_64, List.of(textSec, data, bss), symbols);
        byte[] bytes = ElfRelocatableWriter.write(image);
        assertThat(ElfRelocatableWriter.write(image)).isEqualTo(bytes);

        ElfObject o = ElfObject.read("hand.o", ByteBuffer.wrap(bytes));
        assertThat(o.sections().stream().map(ElfSection::name)).containsExactly("", ".text", ".data", ".bss",
                ".rela.text", ".rela.data", ".symtab", ".strtab", ".shstrtab", ".note.GNU-stack");
        ElfSection relaText = o.section(4);
        assertThat(relaText.type()).isEqualTo(Elf.SHT_RELA);
        assertThat(relaText.flags()).isEqualTo(Elf.SHF_INFO_LINK);
        assertThat(relaText.link()).isEqualTo(6);
        assertThat(relaText.info()).isEqualTo(1);
        assertThat(relaText.entsize()).isEqualTo(24);
        assertThat(relaText.addralign()).isEqualTo(8);
        ElfSection stack = o.section(9);
        assertThat(stack.type()).isEqualTo(Elf.SHT_PROGBITS);
        assertThat(stack.flags()).isZero();
        assertThat(stack.size()).isZero();
        assertThat(o.section(3).size()).isEqualTo(64);
        assertThat(o.section(3).addralign()).isEqualTo(32);

        ElfSymbols s = o.symbols();
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.firstGlobal()).isEqualTo(3);
        assertThat(List.of(s.name(1), s.name(2), s.name(3), s.name(4), s.name(5)))
                .containsExactly("helper", "", "puts", "main", "buf");
        assertThat(s.type(2)).isEqualTo(ElfSymbols.Type.SECTION);
        assertThat(s.shndx(2)).isEqualTo(3);
        assertThat(s.shndx(5)).isEqualTo(Elf.SHN_COMMON);
        assertThat(s.value(5)).isEqualTo(64);
        assertThat(s.visibility(5)).isEqualTo(ElfSymbols.Visibility.HIDDEN);
        assertThat(s.binding(5)).isEqualTo(ElfSymbols.Binding.WEAK);

        ElfRelocations r = o.relocations().get(0);
        assertThat(r.count()).isEqualTo(3);
        assertThat(List.of(r.symbol(0), r.symbol(1), r.symbol(2))).containsExactly(3, 1, 0);
        assertThat(r.addend(0)).isEqualTo(-4);
        ElfRelocations rd = o.relocations().get(1);
        assertThat(rd.target()).isEqualTo(2);
        assertThat(rd.symbol(0)).isEqualTo(2);
        assertThat(rd.addend(0)).isEqualTo(4);

        Files.write(dir.resolve("hand.o"), bytes);
        String readelf = Tools.run(dir, "readelf", "-W", "-a", "hand.o");
        assertThat(readelf).doesNotContain("Warning").contains("REL (Relocatable file)")
                .containsPattern("000000000001 .* R_X86_64_PLT32 +0000000000000000 puts - 4")
                .containsPattern("000000000006 .* R_X86_64_PLT32 +0000000000000008 helper - 4")
                .containsPattern("000000000000 .* R_X86_64_64 +0000000000000000 .bss \\+ 4");
    }
}
