package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The test program, for both machines: {@code _start} writes "hello\n" from {@code .rodata} (write syscall),
 * increments the 41 in {@code .data}, reads the zero-filled {@code .bss} word and exits with
 * written + counter + bss = 6 + 42 + 0 = 48. The .bss shares its page with .data and follows the file's
 * .symtab bytes, so a wrong memsz/filesz split shows up as a wrong exit code.
 */
final class HelloImages {
    static final int EXPECTED_EXIT = 48;

    private HelloImages() {
    }

    /** Segment addresses for one machine: each permission group on its own page. */
    record Layout(long text, long rodata, long data, long bss) {
    }

    static final Layout X86_64 = new Layout(0x401000, 0x402000, 0x403000, 0x403008);
    /** 64 KiB apart so the file also runs on 64 KiB-page AArch64 kernels. */
    static final Layout AARCH64 = new Layout(0x410000, 0x420000, 0x430000, 0x430008);

    static String x86_64Source(Layout l) {
        return String.format("""
                    .globl _start
                    .text
                _start:
                    mov $1, %%eax          # SYS_write
                    mov $1, %%edi          # stdout
                    mov $0x%x, %%esi       # msg in .rodata
                    mov $6, %%edx
                    syscall               # rax = 6
                    mov $0x%x, %%ebx       # counter in .data
                    incq (%%rbx)
                    mov (%%rbx), %%rdi
                    mov $0x%x, %%ecx       # scratch in .bss
                    add (%%rcx), %%rdi
                    add %%rax, %%rdi
                    mov $60, %%eax         # SYS_exit
                    syscall
                """, l.rodata(), l.data(), l.bss());
    }

    static String aarch64Source(Layout l) {
        return String.format("""
                    .globl _start
                    .text
                _start:
                    mov x0, #1
                    ldr x1, =0x%x
                    mov x2, #6
                    mov x8, #64           // SYS_write
                    svc #0                // x0 = 6
                    ldr x3, =0x%x
                    ldr x4, [x3]
                    add x4, x4, #1
                    str x4, [x3]
                    ldr x5, =0x%x
                    ldr x6, [x5]
                    add x0, x0, x4
                    add x0, x0, x6
                    mov x8, #93           // SYS_exit
                    svc #0
                    .ltorg
                """, l.rodata(), l.data(), l.bss());
    }

    static ExecImage image(int machine, Layout l, byte[] text) {
        byte[] counter = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(41).array();
        List<OutputSection> sections = List.of(
                OutputSection.withBytes(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, l.text(), 16,
                        text),
                OutputSection.withBytes(".rodata", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, l.rodata(), 1,
                        "hello\n".getBytes(StandardCharsets.US_ASCII)),
                OutputSection.withBytes(".data", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, l.data(), 8,
                        counter),
                OutputSection.nobits(".bss", Elf.SHF_ALLOC | Elf.SHF_WRITE, l.bss(), 8, 8));
        // Deliberately interleaved: the writer must move the locals in front.
        List<OutputSymbol> symbols = List.of(
                new OutputSymbol("_start", l.text(), text.length, ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 0),
                new OutputSymbol("msg", l.rodata(), 6, ExecElf.STT_OBJECT, ExecElf.STB_LOCAL, 1),
                new OutputSymbol("counter", l.data(), 8, ExecElf.STT_OBJECT, ExecElf.STB_GLOBAL, 2),
                new OutputSymbol("scratch", l.bss(), 8, ExecElf.STT_OBJECT, ExecElf.STB_LOCAL, 3),
                new OutputSymbol("layout_marker", 0x2a, 0, ExecElf.STT_NOTYPE, ExecElf.STB_LOCAL,
                        OutputSymbol.ABS));
        return new ExecImage(machine, l.text(), ExecImage.defaultPageSize(machine), sections, symbols);
    }
}
