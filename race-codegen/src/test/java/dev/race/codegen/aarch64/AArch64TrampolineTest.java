package dev.race.codegen.aarch64;

import dev.race.codegen.Stub;
import dev.race.format.elf.Elf;
import dev.race.format.elf.RelocationTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AArch64 default-method trampolines run: each one's words with {@code .reloc} directives for its relocations,
 * linked by aarch64-linux-gnu-gcc -static with C default bodies that print what they receive, run under
 * qemu-aarch64. A double argument checks that the vector registers pass through untouched.
 */
class AArch64TrampolineTest {
    private final AArch64Target target = new AArch64Target();

    @Test
    void trampolinesDeliverSelfVtableAndArgumentsWhenRun(@TempDir Path dir) throws IOException {
        assertThat(Gnu.available()).as("aarch64-linux-gnu binutils are needed (CI installs them: .ci/run)").isTrue();
        StringBuilder s = new StringBuilder(".text\n");
        StringBuilder c = new StringBuilder("#include <stdio.h>\nconst void *the_vtable[4];\n");
        StringBuilder main = new StringBuilder("int main(void) {\n");
        StringBuilder expected = new StringBuilder();
        for (int n = 0; n <= 6; n++) {
            Stub stub = target.defaultMethodTrampoline(n);
            s.append(".balign 4\n.globl tramp").append(n).append("\ntramp").append(n).append(":\n");
            ByteBuffer code = ByteBuffer.wrap(stub.code()).order(ByteOrder.LITTLE_ENDIAN);
            while (code.hasRemaining()) {
                s.append(String.format("    .inst 0x%08x%n", code.getInt()));
            }
            for (Stub.Reloc r : stub.relocs()) {
                String sym = r.ref() == Stub.Ref.VTABLE ? "the_vtable" : "dflt" + n;
                s.append("    .reloc tramp").append(n).append('+').append(r.offset()).append(", ")
                        .append(RelocationTypes.describe(Elf.EM_AARCH64, r.elfType())).append(", ").append(sym)
                        .append('+').append(r.addend()).append('\n');
            }
            StringBuilder params = new StringBuilder();
            StringBuilder fmt = new StringBuilder();
            StringBuilder vals = new StringBuilder();
            StringBuilder args = new StringBuilder();
            StringBuilder types = new StringBuilder();
            expected.append(n).append(" self=1 vt=1");
            for (int k = 0; k < n; k++) {
                params.append(", long a").append(k);
                fmt.append(" %ld");
                vals.append(", a").append(k);
                args.append(", ").append(100 + k);
                types.append(", long");
                expected.append(' ').append(100 + k);
            }
            expected.append(" x=2.5\n");
            c.append("long dflt").append(n).append("(void *self, const void **vt").append(params)
                    .append(", double x) {\n    printf(\"").append(n).append(" self=%d vt=%d").append(fmt)
                    .append(" x=%g\\n\", self == (void *) 0x1234, vt == the_vtable").append(vals)
                    .append(", x);\n    return 7;\n}\n");
            c.append("long tramp").append(n).append("(void *self").append(types).append(", double x);\n");
            main.append("    if (tramp").append(n).append("((void *) 0x1234").append(args)
                    .append(", 2.5) != 7) return 1;\n");
        }
        c.append(main).append("    return 0;\n}\n");
        Files.writeString(dir.resolve("tramp.s"), s.toString());
        Files.writeString(dir.resolve("main.c"), c.toString());
        Gnu.run(dir, "aarch64-linux-gnu-gcc", "-O1", "-static", "-o", "prog", "main.c", "tramp.s");
        assertThat(Gnu.run(dir, "qemu-aarch64", dir.resolve("prog").toString())).isEqualTo(expected.toString())
                .startsWith("0 self=1 vt=1 x=2.5\n1 self=1 vt=1 100 x=2.5\n")
                .endsWith("6 self=1 vt=1 100 101 102 103 104 105 x=2.5\n");
    }
}
