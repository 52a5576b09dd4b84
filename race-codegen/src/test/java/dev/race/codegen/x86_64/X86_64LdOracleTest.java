package dev.race.codegen.x86_64;

import dev.race.codegen.Target;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import static dev.race.format.elf.RelocationTypes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's oracle: given the layout constants ld gets with {@code --defsym}, the patched .text is byte-identical
 * to GNU ld's static, non-PIE output for the same object.
 */
class X86_64LdOracleTest {
    private static final Map<String, Long> CONSTANTS = Map.of(
            "__race_off_6engine9Transform_3pos", 24L,
            "__race_size_6engine9Transform", 40L);
    private final Target target = new X86_64Target();

    @TempDir
    Path dir;

    private void assertSame(GnuToolchain.Outcome o) {
        assertThat(HexFormat.ofDelimiter(" ").formatHex(o.race()))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(o.ld()));
    }

    @Test
    @DisplayName("x86_64-abs-constants: 32S/32/64 into displacements, movss, add/cmp immediates and data")
    void absoluteConstants() throws IOException {
        String src = """
                .text
                movl %eax, __race_off_6engine9Transform_3pos(%rdi)
                movl %eax, __race_off_6engine9Transform_3pos+8(%rdi)
                movss __race_off_6engine9Transform_3pos(%rdi), %xmm0
                movss %xmm1, __race_off_6engine9Transform_3pos(%rsi,%rcx,4)
                add $__race_size_6engine9Transform, %rax
                addq $__race_size_6engine9Transform, (%rdi)
                cmp $__race_size_6engine9Transform, %rsi
                cmpl $__race_size_6engine9Transform, 8(%rdi)
                movl $__race_size_6engine9Transform, %eax
                movabs $__race_size_6engine9Transform, %r11
                imul $__race_size_6engine9Transform, %rdx, %rdx
                .quad __race_size_6engine9Transform
                .long __race_off_6engine9Transform_3pos
                """;
        GnuToolchain.Outcome o = GnuToolchain.both(target, dir, "abs", src, CONSTANTS, Map.of());
        assertThat(o.types()).containsExactlyInAnyOrder(R_X86_64_32S, R_X86_64_32, R_X86_64_64);
        assertSame(o);
    }

    @Test
    @DisplayName("x86_64-pc-plt: calls, jumps, RIP-relative data and PC-relative data words")
    void ordinaryPcRelative() throws IOException {
        String src = """
                .text
                .globl f, g
                call f
                call f@PLT
                jmp g
                call ext
                lea g(%rip), %rax
                movq f+16(%rip), %r12
                cmpl $7, g(%rip)
                .long ext - .
                .quad ext - .
                .quad f + 3
                .long f
                .word near - .
                .byte near - .
                f: ret
                g: ret
                """;
        GnuToolchain.Outcome o = GnuToolchain.both(target, dir, "pc", src, Map.of(), Map.of("ext", 0x402340L, "near", 0x401030L));
        assertThat(o.types()).contains(R_X86_64_PLT32, R_X86_64_PC32, R_X86_64_PC64, R_X86_64_64, R_X86_64_32,
                R_X86_64_PC16, R_X86_64_PC8);
        assertSame(o);
    }

    @Test
    @DisplayName("x86_64-gotpcrelx-relax: GOT loads, calls and jumps become direct as ld does without PIE")
    void gotRelaxation() throws IOException {
        String src = """
                .text
                .globl foo
                mov foo@GOTPCREL(%rip), %rax
                mov foo@GOTPCREL(%rip), %eax
                mov foo@GOTPCREL(%rip), %r9
                mov ext@GOTPCREL(%rip), %r14
                mov hi@GOTPCREL(%rip), %r11d
                call *foo@GOTPCREL(%rip)
                jmp *foo@GOTPCREL(%rip)
                call *ext@GOTPCREL(%rip)
                foo: ret
                """;
        GnuToolchain.Outcome o = GnuToolchain.both(target, dir, "got", src, Map.of(),
                Map.of("ext", 0x402340L, "hi", 0x80000000L));
        assertThat(o.types()).contains(R_X86_64_REX_GOTPCRELX, R_X86_64_GOTPCRELX);
        assertSame(o);
    }

    @Test
    @DisplayName("x86_64-gotpcrelx-constant: a GOT load of a marker becomes mov $imm32, as ld does for absolute symbols")
    void gotLoadOfConstant() throws IOException {
        String src = """
                .text
                mov __race_off_6engine9Transform_3pos@GOTPCREL(%rip), %rax
                mov __race_off_6engine9Transform_3pos@GOTPCREL(%rip), %r10
                mov __race_size_6engine9Transform@GOTPCREL(%rip), %ecx
                mov __race_size_6engine9Transform@GOTPCREL(%rip), %r13d
                """;
        GnuToolchain.Outcome o = GnuToolchain.both(target, dir, "gotc", src, CONSTANTS, Map.of());
        assertThat(o.types()).containsExactlyInAnyOrder(R_X86_64_REX_GOTPCRELX, R_X86_64_GOTPCRELX);
        assertSame(o);
    }

    @Test
    @DisplayName("x86_64-lea-constant: lea sym(%rip) on a marker equals ld's mov $sym for the same register")
    void leaOfConstant() throws IOException {
        // ld does not rewrite PC32 on lea, so the expected bytes are ld's own relaxation of the GOT form (and of
        // an explicit immediate for a non-zero offset), which must be what the lea becomes.
        String lea = """
                .text
                lea __race_off_6engine9Transform_3pos(%rip), %rax
                lea __race_off_6engine9Transform_3pos(%rip), %r11
                lea __race_size_6engine9Transform+8(%rip), %rcx
                """;
        String expected = """
                .text
                mov __race_off_6engine9Transform_3pos@GOTPCREL(%rip), %rax
                mov __race_off_6engine9Transform_3pos@GOTPCREL(%rip), %r11
                movq $__race_size_6engine9Transform+8, %rcx
                """;
        Path leaObject = GnuToolchain.assemble(dir, "lea", lea);
        java.util.TreeSet<Integer> types = new java.util.TreeSet<>();
        byte[] race = GnuToolchain.raceText(target, leaObject, CONSTANTS, Map.of(), types);
        assertThat(types).containsExactly(R_X86_64_PC32);
        byte[] ld = GnuToolchain.ldText(dir, GnuToolchain.assemble(dir, "expected", expected), CONSTANTS);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(race)).isEqualTo(HexFormat.ofDelimiter(" ").formatHex(ld))
                .isEqualTo("48 c7 c0 18 00 00 00 49 c7 c3 18 00 00 00 48 c7 c1 30 00 00 00");
    }
}
