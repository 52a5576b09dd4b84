package dev.race.layout;

import dev.race.layout.gen.ModelGenerator;
import dev.race.layout.gen.ModelGenerator.Generated;
import dev.race.layout.gen.ModelGenerator.Probe;
import dev.race.layout.gen.Tools;
import dev.race.steg.model.Item;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the "c" strategy against gcc: a seeded generator makes 1,000 repr(C) structs (every primitive, pointers,
 * packed, packed(N), align(N), arrays, nested structs, arrays of structs); the C text carries a
 * {@code _Static_assert} per size/alignment and per field offset with RACE's answer, and is compiled for x86-64
 * (gcc) and AArch64 (aarch64-linux-gnu-gcc). A failed assertion is reported by item. Independently, for x86-64, a
 * C program prints sizeof / _Alignof / offsetof and the numbers are compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GccLayoutOracleTest {
    private static final long SEED = Long.getLong("race.oracle.seed", 0x5EED_0001L);
    private static final int STRUCTS = 1000;
    private static final Pattern FAILED = Pattern.compile("static assertion failed: \"([^\"]*)\"");

    @TempDir
    Path dir;

    private Generated gen;

    @BeforeAll
    void generate() {
        gen = new ModelGenerator(SEED).cStructs(STRUCTS);
    }

    /** The C declarations plus one assert per struct (size and alignment) and one per field (offset). */
    private static String withAsserts(Generated gen, TargetSpec target) {
        LayoutSolver solver = new LayoutSolver(target, List.of(gen.crate()));
        LayoutResult all = solver.solveAll();
        assertThat(all.errors()).as("layout errors").isEmpty();
        StringBuilder c = new StringBuilder(gen.source()).append('\n');
        for (TypeLayout l : all.layouts()) {
            String n = l.path().name();
            c.append("_Static_assert(sizeof(struct ").append(n).append(") == ").append(l.size())
                    .append(" && _Alignof(struct ").append(n).append(") == ").append(l.align())
                    .append(", \"").append(n).append(" expected size ").append(l.size()).append(" align ")
                    .append(l.align()).append("\");\n");
            for (FieldLayout f : l.fields()) {
                c.append("_Static_assert(offsetof(struct ").append(n).append(", ").append(f.name()).append(") == ")
                        .append(f.offset()).append(", \"").append(n).append('.').append(f.name())
                        .append(" expected offset ").append(f.offset()).append("\");\n");
            }
        }
        return c.toString();
    }

    /** Compiles {@code source}; returns the failed assertions' messages (empty when everything holds). */
    private List<String> compile(String compiler, String source, String file) throws IOException {
        Path src = Tools.write(dir, file, source);
        Tools.Result r = Tools.run(List.of(compiler, "-std=c11", "-fmax-errors=0", "-c", "-o", "/dev/null",
                src.toString()), dir, 120);
        List<String> failed = new ArrayList<>();
        Matcher m = FAILED.matcher(r.output());
        while (m.find()) failed.add(m.group(1));
        if (r.exit() != 0 && failed.isEmpty()) {
            throw new AssertionError(compiler + " rejected the generated C for another reason:\n" + r.output());
        }
        return failed;
    }

    @Test
    void generatesTheRequiredVariety() {
        List<Item.Struct> structs = gen.crate().items().stream().map(Item.Struct.class::cast).toList();
        assertThat(structs).hasSize(STRUCTS);
        assertThat(structs).anyMatch(s -> s.repr().packed() == 1).anyMatch(s -> s.repr().packed() > 1)
                .anyMatch(s -> s.repr().align() > 0);
        List<Type> types = structs.stream().flatMap(s -> s.fields().stream()).map(f -> f.type()).toList();
        for (PrimKind k : List.of(PrimKind.U128, PrimKind.I128, PrimKind.BOOL, PrimKind.CHAR, PrimKind.F64)) {
            assertThat(types).as("uses %s", k).contains(Type.prim(k));
        }
        assertThat(types).anyMatch(t -> t instanceof Type.Named).anyMatch(t -> t instanceof Type.Ref)
                .anyMatch(t -> t instanceof Type.Array a && a.element() instanceof Type.Named)
                .anyMatch(t -> t instanceof Type.Array a && a.element() instanceof Type.Prim);
    }

    @Test
    void x86_64MatchesGcc() throws IOException {
        Tools.require("gcc", "gcc");
        List<String> failed = compile("gcc", withAsserts(gen, TargetSpec.named("x86_64")), "x86_64.c");
        assertThat(failed).as("layouts that differ from gcc x86-64 (item: RACE's answer)").isEmpty();
    }

    @Test
    void aarch64MatchesCrossGcc() throws IOException {
        Tools.require("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");
        List<String> failed = compile("aarch64-linux-gnu-gcc", withAsserts(gen, TargetSpec.named("aarch64")),
                "aarch64.c");
        assertThat(failed).as("layouts that differ from gcc AArch64 (item: RACE's answer)").isEmpty();
    }

    @Test
    void anInjectedMismatchIsReportedByName() throws IOException {
        Tools.require("gcc", "gcc");
        // the oracle itself must be able to fail: shift one expected offset and expect exactly that report
        Generated small = new ModelGenerator(SEED).cStructs(20);
        String c = withAsserts(small, TargetSpec.named("x86_64"));
        Matcher m = Pattern.compile("offsetof\\(struct S7, f0\\) == (\\d+), \"S7.f0 expected offset \\d+\"").matcher(c);
        assertThat(m.find()).isTrue();
        long wrong = Long.parseLong(m.group(1)) + 1;
        c = c.substring(0, m.start()) + "offsetof(struct S7, f0) == " + wrong + ", \"S7.f0 expected offset " + wrong
                + "\"" + c.substring(m.end());
        assertThat(compile("gcc", c, "injected.c")).containsExactly("S7.f0 expected offset " + wrong);
    }

    @Test
    void x86_64NumbersPrintedByARunningProgramMatch() throws IOException {
        Tools.require("gcc", "gcc");
        LayoutSolver solver = new LayoutSolver(TargetSpec.named("x86_64"), List.of(gen.crate()));
        StringBuilder c = new StringBuilder(gen.source()).append("#include <stdio.h>\nint main(void) {\n");
        Map<String, Long> expected = new LinkedHashMap<>();
        for (Probe p : gen.probes()) {
            TypeLayout l = solver.layout(p.type());
            String n = p.label();
            c.append("  printf(\"%s %zu\\n\", \"").append(n).append(".size\", sizeof(struct ").append(n).append("));\n");
            c.append("  printf(\"%s %zu\\n\", \"").append(n).append(".align\", _Alignof(struct ").append(n)
                    .append("));\n");
            expected.put(n + ".size", l.size());
            expected.put(n + ".align", l.align());
            for (FieldLayout f : l.fields()) {
                c.append("  printf(\"%s %zu\\n\", \"").append(n).append('.').append(f.name())
                        .append("\", offsetof(struct ").append(n).append(", ").append(f.name()).append("));\n");
                expected.put(n + "." + f.name(), f.offset());
            }
        }
        c.append("  return 0;\n}\n");
        Path src = Tools.write(dir, "print.c", c.toString());
        Tools.Result cc = Tools.run(List.of("gcc", "-std=c11", "-O0", "-o", "print", src.toString()), dir, 120);
        assertThat(cc.exit()).as("gcc:\n%s", cc.output()).isZero();
        Tools.Result run = Tools.run(List.of(dir.resolve("print").toString()), dir, 60);
        assertThat(run.exit()).isZero();
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : run.output().split("\n")) {
            String[] w = line.split(" ");
            if (w.length == 2) actual.put(w[0], Long.parseLong(w[1]));
        }
        List<String> diffs = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) diffs.add(k + ": race " + v + ", gcc " + actual.get(k));
        });
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(diffs).as("numbers that differ from the running gcc program").isEmpty();
    }
}
