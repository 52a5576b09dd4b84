package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.OutputKind;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructor priorities (issue 14, a silent wrong binary): gcc puts {@code constructor(N)} in
 * {@code .init_array.0000N}, and the runtime calls {@code .init_array} front to back, so the link must sort the
 * numbered sections by priority, before the plain {@code .init_array}, as GNU ld's default script does. A
 * freestanding {@code _start} walks {@code __init_array_start..__init_array_end}. The oracle is GNU ld linking the
 * same objects; {@code --emit relocatable} finished by ld, with a third object whose priority falls between two
 * of RACE's, must interleave the same way (so the numbered sections stay apart in the relocatable output).
 */
class ConstructorPriorityTest {
    static final String RUNTIME = Workspace.RUNTIME_C.replace("void _start(void) { sys3(60, main(), 0, 0); for (;;) {} }",
            """
            typedef void (*ctor)(void);
            extern ctor __init_array_start[], __init_array_end[];
            void _start(void) {
                for (ctor *c = __init_array_start; c < __init_array_end; c++) (*c)();
                sys3(60, main(), 0, 0);
                for (;;) {}
            }
            """);
    static final String A = """
            void print_str(const char *s);
            __attribute__((constructor(300))) static void a300(void) { print_str("a300\\n"); }
            __attribute__((constructor(200))) static void a200(void) { print_str("a200\\n"); }
            __attribute__((constructor)) static void adef(void) { print_str("a-default\\n"); }
            int main(void) { print_str("main\\n"); return 0; }
            """;
    static final String B = """
            void print_str(const char *s);
            __attribute__((constructor)) static void bdef(void) { print_str("b-default\\n"); }
            __attribute__((constructor(101))) static void b101(void) { print_str("b101\\n"); }
            __attribute__((constructor(300))) static void b300(void) { print_str("b300\\n"); }
            """;
    static final String C = """
            void print_str(const char *s);
            __attribute__((constructor(250))) static void c250(void) { print_str("c250\\n"); }
            """;

    /** A legacy .ctors array would never run in a RACE executable: refused, not silently dropped. */
    @Test
    void legacyCtorsAreRefusedInAnExecutable(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path rt = ws.cc("runtime", RUNTIME, Workspace.NO_PIC);
        Path old = ws.cc("old", """
                void print_str(const char *s);
                static void legacy(void) { print_str("legacy\\n"); }
                __attribute__((section(".ctors"), used)) static void (*const entry)(void) = legacy;
                int main(void) { return 0; }
                """, Workspace.NO_PIC);
        Path app = ws.pack("old.rcrate", ws.write("old.steg", "crate old 1.0.0;\n"), List.of(), rt, old);
        LinkResult r = ws.link("old", app);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).contains("section .ctors holds legacy ctors (gcc before 4.7, or -fno-use-init-array),"
                + " which nothing in a RACE executable runs");
        assertThat(tmp.resolve("old")).doesNotExist();
        assertThat(ws.link("old.o", o -> o.outputKind(OutputKind.RELOCATABLE), app).errors())
                .as("a relocatable output passes it to the system linker").isEmpty();
    }

    @Test
    void constructorsRunInPriorityOrderAsWithGnuLd(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path rt = ws.cc("runtime", RUNTIME, Workspace.NO_PIC);
        Path a = ws.cc("a", A, Workspace.NO_PIC);
        Path b = ws.cc("b", B, Workspace.NO_PIC);
        Path c = ws.cc("c", C, Workspace.NO_PIC);
        Path steg = ws.write("app.steg", "crate app 1.0.0;\n");
        Path app = ws.pack("app.rcrate", steg, List.of(), rt, a, b);

        ws.exec("ld", "-static", "-e", "_start", rt.toString(), a.toString(), b.toString(), "-o",
                tmp.resolve("by-ld").toString());
        String oracle = ws.run(tmp.resolve("by-ld")).out();
        assertThat(oracle).isEqualTo("b101\na200\na300\nb300\na-default\nb-default\nmain\n");

        LinkResult r = ws.link("by-race", app);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        assertThat(ws.run(tmp.resolve("by-race")).out()).isEqualTo(oracle);

        // relocatable, finished by ld with c.o (priority 250 between a200 and a300)
        LinkResult rel = ws.link("app.o", o -> o.outputKind(OutputKind.RELOCATABLE), app);
        assertThat(rel.errors()).as(rendered(rel)).isEmpty();
        ws.exec("ld", "-static", "-e", "_start", tmp.resolve("app.o").toString(), c.toString(), "-o",
                tmp.resolve("race-r").toString());
        ws.exec("ld", "-static", "-e", "_start", rt.toString(), a.toString(), b.toString(), c.toString(), "-o",
                tmp.resolve("ld-all").toString());
        String withC = ws.run(tmp.resolve("ld-all")).out();
        assertThat(withC).isEqualTo("b101\na200\nc250\na300\nb300\na-default\nb-default\nmain\n");
        assertThat(ws.run(tmp.resolve("race-r")).out()).isEqualTo(withC);
        List<String> names = new ArrayList<>();
        for (String line : ws.exec("readelf", "-SW", tmp.resolve("app.o").toString()).split("\n")) {
            if (line.contains(".init_array")) names.add(line.replaceAll(".*\\] (\\S+).*", "$1"));
        }
        assertThat(names).as("the numbered arrays stay apart, like ld -r").contains(".init_array.00101",
                ".init_array.00200", ".init_array.00300", ".init_array");
    }
}
