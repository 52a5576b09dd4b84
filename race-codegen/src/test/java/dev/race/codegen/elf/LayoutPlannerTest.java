package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutPlannerTest {
    private static final long RX = Elf.SHF_ALLOC | Elf.SHF_EXECINSTR;
    private static final long R = Elf.SHF_ALLOC;
    private static final long RW = Elf.SHF_ALLOC | Elf.SHF_WRITE;

    /** Sections deliberately out of segment order: .bss first, code last. */
    private static List<OutputSection> mixed(int textSize) {
        return List.of(
                OutputSection.nobits(".bss", RW, 0, 8, 8),
                OutputSection.withBytes(".data", Elf.SHT_PROGBITS, RW, 0, 8, new byte[] {41, 0, 0, 0, 0, 0, 0, 0}),
                OutputSection.withBytes(".rodata", Elf.SHT_PROGBITS, R, 0, 1, "hello\n".getBytes()),
                OutputSection.withBytes(".init_array", Elf.SHT_INIT_ARRAY, RW, 0, 8, new byte[8]),
                OutputSection.withBytes(".text", Elf.SHT_PROGBITS, RX, 0, 16, new byte[textSize]));
    }

    @Test
    void groupsByPermissionOnFreshPagesAndKeepsListOrder() {
        List<OutputSection> planned = LayoutPlanner.plan(0x400000, 0x1000, mixed(0x1234));
        assertThat(planned).extracting(OutputSection::name)
                .containsExactly(".bss", ".data", ".rodata", ".init_array", ".text");
        // .text 0x400000..0x401234; .rodata on the next page; RW: .data, .init_array, then .bss last.
        assertThat(planned).extracting(OutputSection::address)
                .containsExactly(0x403010L, 0x403000L, 0x402000L, 0x403008L, 0x400000L);
    }

    @Test
    void aarch64PagesAre64KiB() {
        List<OutputSection> planned = LayoutPlanner.plan(0x400100, 0x10000, mixed(4));
        assertThat(planned).extracting(OutputSection::address)
                .containsExactly(0x430010L, 0x430000L, 0x420000L, 0x430008L, 0x410000L);
    }

    @Test
    void refusesABadPageSize() {
        assertThatThrownBy(() -> LayoutPlanner.plan(0, 0x800, mixed(1)))
                .isInstanceOf(ElfOutputException.class)
                .hasMessage("page size 0x800 is not a power of two of at least 0x1000");
    }

    @Test
    void plannedX86_64ProgramRuns(@TempDir Path dir) throws IOException {
        // The code's size does not depend on the addresses it embeds (mov $imm32), so assemble once to size it,
        // plan, then assemble again with the planned addresses.
        HelloImages.Layout zero = new HelloImages.Layout(0, 0, 0, 0);
        int size = Tools.assembleText(dir, HelloImages.x86_64Source(zero), "as", "--64").length;
        List<OutputSection> planned = LayoutPlanner.plan(0x400000, 0x1000, mixed(size));
        HelloImages.Layout l = new HelloImages.Layout(planned.get(4).address(), planned.get(2).address(),
                planned.get(1).address(), planned.get(0).address());
        byte[] text = Tools.assembleText(dir, HelloImages.x86_64Source(l), "as", "--64");
        assertThat(text).hasSize(size);

        List<OutputSection> sections = planned.stream().map(s -> s.name().equals(".text")
                ? new OutputSection(s.name(), s.type(), s.flags(), s.address(), s.alignment(), text, text.length)
                : s).toList();
        Path exe = dir.resolve("planned");
        Files.write(exe, ElfExecutableWriter.write(new ExecImage(Elf.EM_X86_64, l.text(), 0x1000, sections,
                List.of(new OutputSymbol("_start", l.text(), size, ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 4)))));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Tools.Result r = Tools.exec(dir, exe.toString());
        assertThat(r.output()).isEqualTo("hello\n");
        assertThat(r.exitCode()).isEqualTo(HelloImages.EXPECTED_EXIT);
    }
}
