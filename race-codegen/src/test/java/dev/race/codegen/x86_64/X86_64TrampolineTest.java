package dev.race.codegen.x86_64;

import dev.race.codegen.ArgShape;
import dev.race.codegen.Stub;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.RelocationTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Default-method trampolines: the bytes and relocations agree with GNU as on the same assembly text, and the
 * trampolines, linked by gcc into a program, deliver self, the vtable and every argument to a default body.
 */
class X86_64TrampolineTest {
    private final X86_64Target target = new X86_64Target();

    /** The assembly the trampoline for {@code n} integer arguments after self stands for. */
    static String assembly(int n) {
        String[] moves = {"mov %rsi,%rdx", "mov %rdx,%rcx", "mov %rcx,%r8", "mov %r8,%r9"};
        StringBuilder sb = new StringBuilder(".text\n");
        for (int k = n - 1; k >= 0; k--) {
            sb.append("    ").append(moves[k]).append('\n');
        }
        return sb.append("    lea vtable(%rip),%rsi\n    jmp target\n").toString();
    }

    @Test
    void bytesAndRelocationsMatchGnuAs(@TempDir Path dir) throws IOException {
        for (int n = 0; n <= 4; n++) {
            Path obj = GnuToolchain.assemble(dir, "t" + n, assembly(n));
            ElfObject o = ElfObject.read(obj.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(obj)));
            ElfSection text = o.sections().stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
            ByteBuffer c = text.contents();
            byte[] asBytes = new byte[c.remaining()];
            c.get(asBytes);
            List<Stub.Reloc> asRelocs = new ArrayList<>();
            for (ElfRelocations rs : o.relocations()) {
                if (rs.target() != text.index()) continue;
                for (int i = 0; i < rs.count(); i++) {
                    String sym = o.symbols().name(rs.symbol(i));
                    asRelocs.add(new Stub.Reloc((int) rs.offset(i), rs.type(i), rs.addend(i),
                            sym.equals("vtable") ? Stub.Ref.VTABLE : sym.equals("target") ? Stub.Ref.TARGET : null));
                }
            }
            Stub stub = target.defaultMethodTrampoline(n);
            assertThat(HexFormat.ofDelimiter(" ").formatHex(stub.code())).as("n=%d", n)
                    .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(asBytes));
            assertThat(stub.relocs()).as("n=%d", n).containsExactlyInAnyOrderElementsOf(asRelocs);
        }
    }

    @Test
    void goldenBytesForFourArguments() {
        Stub stub = target.defaultMethodTrampoline(4);
        // mov %r8,%r9; mov %rcx,%r8; mov %rdx,%rcx; mov %rsi,%rdx; lea 0(%rip),%rsi; jmp 0
        assertThat(HexFormat.ofDelimiter(" ").formatHex(stub.code()))
                .isEqualTo("4d 89 c1 49 89 c8 48 89 d1 48 89 f2 48 8d 35 00 00 00 00 e9 00 00 00 00");
        assertThat(stub.relocs()).containsExactly(
                new Stub.Reloc(15, RelocationTypes.R_X86_64_PC32, -4, Stub.Ref.VTABLE),
                new Stub.Reloc(20, RelocationTypes.R_X86_64_PLT32, -4, Stub.Ref.TARGET));
        assertThat(target.absolutePointerType()).isEqualTo(RelocationTypes.R_X86_64_64);
    }

    /**
     * Five integer arguments after self: the fifth no longer fits %r9 (psABI §3.2.3), so the trampoline builds the
     * body's stack argument in a frame of its own and calls; bytes and relocations agree with GNU as.
     */
    @Test
    void aFifthIntegerArgumentGoesToTheStackInAFrame(@TempDir Path dir) throws IOException {
        String asm = """
                .text
                    sub $0x18,%rsp
                    mov %r9,(%rsp)
                    mov %r8,%r9
                    mov %rcx,%r8
                    mov %rdx,%rcx
                    mov %rsi,%rdx
                    lea vtable(%rip),%rsi
                    call target
                    add $0x18,%rsp
                    ret
                """;
        Path obj = GnuToolchain.assemble(dir, "t5", asm);
        ElfObject o = ElfObject.read(obj.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(obj)));
        ElfSection text = o.sections().stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
        ByteBuffer c = text.contents();
        byte[] asBytes = new byte[c.remaining()];
        c.get(asBytes);
        Stub stub = target.defaultMethodTrampoline(5);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(stub.code()))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(asBytes));
        assertThat(stub.relocs()).containsExactly(
                new Stub.Reloc(23, RelocationTypes.R_X86_64_PC32, -4, Stub.Ref.VTABLE),
                new Stub.Reloc(28, RelocationTypes.R_X86_64_PLT32, -4, Stub.Ref.TARGET));
        assertThatThrownBy(() -> target.defaultMethodTrampoline(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * An argument with an INTEGER and an SSE eightbyte (an {@code Option<f64>}) that no longer finds a general
     * register goes whole to the stack (psABI §3.2.3), which frees its %xmm register and moves every later SSE
     * argument: refused with the argument named, never a wrong trampoline.
     */
    @Test
    void anSseArgumentThatWouldMoveIsRefused() {
        List<ArgShape> args = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            args.add(ArgShape.integer("parameter `a" + i + ": i64`", 8));
        }
        args.add(new ArgShape("parameter `o: Option<f64>`", 16, 8, List.of(
                new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER), new ArgShape.Piece(8, 8, ArgShape.Kind.FLOAT))));
        args.add(ArgShape.floating("parameter `x: f64`", 8));
        assertThatThrownBy(() -> target.defaultMethodTrampoline(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x86_64: inserting the vtable argument would move parameter `o: Option<f64>` from %r9, "
                        + "%xmm0 to 8(%rsp), 16(%rsp), and a trampoline moves only general-register and stack words");
    }

    /**
     * The trampolines' bytes as {@code .byte} data with {@code .reloc} directives, linked with C default bodies
     * that print what they receive; a double argument checks that vector registers pass through untouched.
     */
    @Test
    void trampolinesDeliverSelfVtableAndArgumentsWhenRun(@TempDir Path dir) throws IOException {
        StringBuilder s = new StringBuilder(".text\n");
        StringBuilder c = new StringBuilder("#include <stdio.h>\nconst void *the_vtable[4];\n");
        StringBuilder main = new StringBuilder("int main(void) {\n    long self = 0;\n");
        for (int n = 0; n <= 4; n++) {
            Stub stub = target.defaultMethodTrampoline(n);
            s.append(".globl tramp").append(n).append("\ntramp").append(n).append(":\n    .byte ");
            byte[] code = stub.code();
            for (int i = 0; i < code.length; i++) {
                s.append(i > 0 ? "," : "").append(code[i] & 0xff);
            }
            s.append('\n');
            for (Stub.Reloc r : stub.relocs()) {
                String sym = r.ref() == Stub.Ref.VTABLE ? "the_vtable" : "dflt" + n;
                s.append("    .reloc tramp").append(n).append('+').append(r.offset()).append(", ")
                        .append(RelocationTypes.describe(62, r.elfType())).append(", ").append(sym)
                        .append(r.addend()).append('\n');
            }
            StringBuilder params = new StringBuilder();
            StringBuilder fmt = new StringBuilder();
            StringBuilder vals = new StringBuilder();
            StringBuilder args = new StringBuilder();
            StringBuilder types = new StringBuilder();
            for (int k = 0; k < n; k++) {
                params.append(", long a").append(k);
                fmt.append(" %ld");
                vals.append(", a").append(k);
                args.append(", ").append(100 + k);
                types.append(", long");
            }
            c.append("long dflt").append(n).append("(void *self, const void **vt").append(params)
                    .append(", double x) {\n    printf(\"").append(n).append(" self=%d vt=%d").append(fmt)
                    .append(" x=%g\\n\", self == (void *) 0x1234, vt == the_vtable").append(vals)
                    .append(", x);\n    return 7;\n}\n");
            c.append("long tramp").append(n).append("(void *self").append(types)
                    .append(", double x);\n");
            main.append("    if (tramp").append(n).append("((void *) 0x1234").append(args)
                    .append(", 2.5) != 7) return 1;\n");
        }
        c.append(main).append("    return 0;\n}\n");
        Files.writeString(dir.resolve("tramp.s"), s.toString());
        Files.writeString(dir.resolve("main.c"), c.toString());
        GnuToolchain.run(dir, "gcc", "-O1", "-o", "prog", "main.c", "tramp.s");
        String out = GnuToolchain.run(dir, dir.resolve("prog").toString());
        assertThat(out).isEqualTo("""
                0 self=1 vt=1 x=2.5
                1 self=1 vt=1 100 x=2.5
                2 self=1 vt=1 100 101 x=2.5
                3 self=1 vt=1 100 101 102 x=2.5
                4 self=1 vt=1 100 101 102 103 x=2.5
                """);
    }
}
