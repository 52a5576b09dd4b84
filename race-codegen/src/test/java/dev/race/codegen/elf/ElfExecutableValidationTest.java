package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every layout the writer refuses, with its exact message, and the determinism of what it accepts. */
class ElfExecutableValidationTest {
    private static final long RX = Elf.SHF_ALLOC | Elf.SHF_EXECINSTR;
    private static final long R = Elf.SHF_ALLOC;
    private static final long RW = Elf.SHF_ALLOC | Elf.SHF_WRITE;

    private static OutputSection text(long flags) {
        return OutputSection.withBytes(".text", Elf.SHT_PROGBITS, flags, 0x401000, 16, new byte[16]);
    }

    private static OutputSection rodata(long address) {
        return OutputSection.withBytes(".rodata", Elf.SHT_PROGBITS, R, address, 1, new byte[6]);
    }

    private static OutputSection data(long address) {
        return OutputSection.withBytes(".data", Elf.SHT_PROGBITS, RW, address, 8, new byte[8]);
    }

    private static OutputSection bss(long address, long align) {
        return OutputSection.nobits(".bss", RW, address, align, 8);
    }

    private static ExecImage image(long entry, List<OutputSymbol> symbols, OutputSection... sections) {
        return new ExecImage(Elf.EM_X86_64, entry, 0x1000, List.of(sections), symbols);
    }

    private static ExecImage image(OutputSection... sections) {
        return image(0x401000, List.of(), sections);
    }

    private static void refused(ExecImage image, String message) {
        assertThatThrownBy(() -> ElfExecutableWriter.write(image))
                .isInstanceOf(ElfOutputException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void acceptsTheBaseLayout() {
        byte[] out = ElfExecutableWriter.write(image(text(RX), rodata(0x402000), data(0x403000), bss(0x403008, 8)));
        assertThat(out).startsWith(0x7f, 'E', 'L', 'F', 2, 1, 1);
    }

    @Test
    void overlappingSections() {
        refused(image(text(RX), rodata(0x402000), data(0x403000), bss(0x403004, 4)),
                "sections .data [0x403000, 0x403008) and .bss [0x403004, 0x40300c) overlap");
    }

    @Test
    void overlapBehindAnEmptySection() {
        OutputSection big = OutputSection.withBytes(".rodata", Elf.SHT_PROGBITS, R, 0x402000, 1, new byte[0x100]);
        OutputSection empty = OutputSection.withBytes(".empty", Elf.SHT_PROGBITS, R, 0x402010, 1, new byte[0]);
        OutputSection inside = OutputSection.withBytes(".inside", Elf.SHT_PROGBITS, R, 0x402020, 1, new byte[4]);
        refused(image(text(RX), big, empty, inside),
                "sections .rodata [0x402000, 0x402100) and .inside [0x402020, 0x402024) overlap");
    }

    @Test
    void misalignedSection() {
        refused(image(text(RX), rodata(0x402000), data(0x403004)), "section .data at 0x403004 is not aligned to 8");
    }

    @Test
    void alignmentNotAPowerOfTwo() {
        refused(image(text(RX), bss(0x403000, 24)), "section .bss: alignment 24 is not a power of two");
    }

    @Test
    void entryOutsideCode() {
        refused(image(0x402000, List.of(), text(RX), rodata(0x402000)),
                "entry point 0x402000 is not inside an executable section");
        // One past the end of .text is outside too.
        refused(image(0x401010, List.of(), text(RX), rodata(0x402000)),
                "entry point 0x401010 is not inside an executable section");
    }

    @Test
    void writableAndExecutable() {
        refused(image(text(RX | Elf.SHF_WRITE)),
                "section .text is both writable and executable (W+X); the writer refuses W+X segments");
    }

    @Test
    void segmentsSharingAPage() {
        refused(image(text(RX), rodata(0x401100)),
                "segments RX [.text] (ends 0x401010) and R [.rodata] (starts 0x401100) share a 0x1000-byte page;"
                        + " start .rodata on a new page");
    }

    @Test
    void contentsAfterNobitsInOneSegment() {
        refused(image(text(RX), bss(0x403000, 8), data(0x403008)),
                "section .data has contents but follows NOBITS section .bss in the same segment;"
                        + " place NOBITS sections last");
    }

    @Test
    void sectionWithoutAlloc() {
        refused(image(text(RX), OutputSection.withBytes(".comment", Elf.SHT_PROGBITS, 0, 0x402000, 1, new byte[1])),
                "section .comment is not allocatable (no SHF_ALLOC)");
    }

    @Test
    void symbolInAMissingSection() {
        refused(image(0x401000, List.of(new OutputSymbol("x", 0, 0, ExecElf.STT_OBJECT, ExecElf.STB_GLOBAL, 3)),
                text(RX)), "symbol x refers to section index 3 but the image has 1 sections");
    }

    @Test
    void symbolOutsideItsSection() {
        OutputSymbol end = new OutputSymbol("text_end", 0x401010, 0, ExecElf.STT_NOTYPE, ExecElf.STB_LOCAL, 0);
        assertThat(ElfExecutableWriter.write(image(0x401000, List.of(end), text(RX)))).isNotEmpty();
        OutputSymbol stray = new OutputSymbol("stray", 0x401011, 0, ExecElf.STT_NOTYPE, ExecElf.STB_LOCAL, 0);
        refused(image(0x401000, List.of(stray), text(RX)),
                "symbol stray at 0x401011 lies outside its section .text [0x401000, 0x401010)");
    }

    @Test
    void badImageParameters() {
        assertThatThrownBy(() -> new ExecImage(3, 0x401000, 0x1000, List.of(text(RX)), List.of()))
                .isInstanceOf(ElfOutputException.class).hasMessage("cannot write an executable for machine 3");
        assertThatThrownBy(() -> new ExecImage(Elf.EM_AARCH64, 0x401000, 0x3000, List.of(text(RX)), List.of()))
                .isInstanceOf(ElfOutputException.class)
                .hasMessage("page size 0x3000 is not a power of two of at least 0x1000");
        assertThatThrownBy(() -> new OutputSection(".x", Elf.SHT_RELA, R, 0, 1, new byte[0], 0))
                .isInstanceOf(ElfOutputException.class)
                .hasMessage("section .x: type RELA cannot be placed in an executable");
    }

    @Test
    void sameImageSameBytes() {
        byte[] code = {(byte) 0xc3};
        byte[] a = ElfExecutableWriter.write(HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, code));
        byte[] b = ElfExecutableWriter.write(HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, code.clone()));
        assertThat(b).isEqualTo(a);
        // The image copied its inputs: changing the caller's array afterwards changes nothing.
        ExecImage image = HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, code);
        code[0] = (byte) 0x90;
        assertThat(ElfExecutableWriter.write(image)).isEqualTo(a);
        assertThat(ElfExecutableWriter.write(HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, code)))
                .isNotEqualTo(a);
    }

    @Test
    void sectionHeaderOrderIsTheCallersEvenWhenAddressesDescend() {
        List<OutputSection> backwards = new ArrayList<>(List.of(bss(0x403008, 8), data(0x403000), rodata(0x402000),
                text(RX)));
        byte[] out = ElfExecutableWriter.write(new ExecImage(Elf.EM_X86_64, 0x401000, 0x1000, backwards, List.of()));
        // e_phnum: PT_PHDR, the headers' PT_LOAD, three PT_LOADs (RX, R, RW in address order), PT_GNU_STACK.
        assertThat(out[56] & 0xff).isEqualTo(6);
        // e_shnum: null + 4 + .symtab .strtab .shstrtab.
        assertThat(out[60] & 0xff).isEqualTo(8);
    }

    /** The headers are mapped one page below the first segment: an image starting lower has no room for them. */
    @Test
    void anImageWithNoPageBelowItForTheHeadersIsRefused() {
        List<OutputSection> low = List.of(OutputSection.withBytes(".text", Elf.SHT_PROGBITS,
                Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 0x1000, 16, new byte[] {(byte) 0xc3}));
        assertThatThrownBy(() -> ElfExecutableWriter.write(new ExecImage(Elf.EM_X86_64, 0x1000, 0x1000, low, List.of())))
                .isInstanceOf(ElfOutputException.class)
                .hasMessage("the first segment at 0x1000 leaves no page below it for the program headers (start the"
                        + " image at 0x2000 or above)");
    }
}
