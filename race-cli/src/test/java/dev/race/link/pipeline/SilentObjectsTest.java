package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.OutputKind;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Objects that used to give a silently wrong program (issue 14): each is now refused with a message saying what to
 * do, or handled as GNU ld handles it. The oracle is what GNU ld makes of the same objects.
 */
class SilentObjectsTest {
    static final String START = """
            int f(void);
            void _start(void) { int r = f(); __asm__ volatile("mov %0, %%edi; mov $60, %%eax; syscall" :: "r"(r)); for (;;) {} }
            """;
    static final String IFUNC = """
            static int impl(void) { return 42; }
            static void *resolve(void) { return (void *)impl; }
            int f(void) __attribute__((ifunc("resolve")));
            """;

    Workspace ws;
    Path steg;

    @BeforeEach
    void setUp(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        steg = ws.write("s.steg", "crate s 1.0.0;\n");
    }

    private CliRunner.Cli pack(String out, Path... objects) {
        List<String> args = new ArrayList<>(List.of("pack", "--steg", steg.toString(), "-o", ws.dir.resolve(out).toString()));
        for (Path o : objects) args.add(o.toString());
        return CliRunner.race(args.toArray(String[]::new));
    }

    @Test
    void anIfuncIsRefusedInAnExecutableAndTypedIfuncInARelocatableOutput() throws Exception {
        Path start = ws.cc("start", START, Workspace.NO_PIC);
        Path ifunc = ws.cc("ifunc", IFUNC, Workspace.NO_PIC);
        Path crate = ws.pack("if.rcrate", steg, List.of(), start, ifunc);
        LinkResult exe = ws.link("if", crate);
        assertThat(exe.ok()).isFalse();
        assertThat(rendered(exe)).contains("(ifunc.o): symbol f is a GNU indirect function (IFUNC, e.g."
                + " __attribute__((ifunc)) or glibc's string functions), whose resolver RACE's executables do not run yet");
        assertThat(ws.dir.resolve("if")).doesNotExist();

        // relocatable: the symbol keeps its ELF type (10) under the GNU OS/ABI, as in gcc's object and ld -r's output
        Path lib = ws.cc("lib", IFUNC + "int main(void) { return f() == 42 ? 0 : 1; }\n", List.of("-O2"));
        Path libCrate = ws.pack("lib.rcrate", steg, List.of(), lib);
        LinkResult rel = ws.link("lib-r.o", o -> o.outputKind(OutputKind.RELOCATABLE), libCrate);
        assertThat(rel.errors()).as(rendered(rel)).isEmpty();
        String race = ws.exec("readelf", "-hsW", ws.dir.resolve("lib-r.o").toString());
        ws.exec("ld", "-r", lib.toString(), "-o", ws.dir.resolve("ld-r.o").toString());
        String ld = ws.exec("readelf", "-hsW", ws.dir.resolve("ld-r.o").toString());
        for (String out : List.of(race, ld)) {
            assertThat(out).contains("UNIX - GNU").containsPattern("IFUNC +GLOBAL +DEFAULT +\\d+ f\\n");
        }
        // and glibc's static start-up resolves it: the program finished by gcc -static runs, as ld -r's does
        ws.exec("gcc", "-static", ws.dir.resolve("lib-r.o").toString(), "-o", ws.dir.resolve("by-race").toString());
        ws.exec("gcc", "-static", ws.dir.resolve("ld-r.o").toString(), "-o", ws.dir.resolve("by-ld").toString());
        assertThat(ws.run(ws.dir.resolve("by-ld")).code()).isZero();
        assertThat(ws.run(ws.dir.resolve("by-race")).code()).isZero();
    }

    @Test
    void anObjectThatAsksForAnExecutableStackIsRefused() throws Exception {
        String nested = """
                int apply(int (*f)(int), int x) { return f(x); }
                int outer(int k) { int inner(int x) { return x + k; } return apply(inner, 1); }
                int f(void) { return outer(41); }
                """;
        Path start = ws.cc("start", START, Workspace.NO_PIC);
        Path exec = ws.cc("exec", nested, List.of("-O0", "-fno-pic"));
        // GNU ld gives the program an executable stack for it: the object really asks for one
        ws.exec("ld", "-static", "-e", "_start", start.toString(), exec.toString(), "-o", ws.dir.resolve("by-ld").toString());
        assertThat(ws.exec("readelf", "-lW", ws.dir.resolve("by-ld").toString())).containsPattern("GNU_STACK.* RWE ");
        assertThat(ws.run(ws.dir.resolve("by-ld")).code()).isEqualTo(42);
        CliRunner.Cli r = pack("exec.rcrate", start, exec);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("exec.o: object asks for an executable stack (its .note.GNU-stack section is"
                + " SHF_EXECINSTR, as gcc makes it for a nested function whose address is taken), and a RACE program's"
                + " stack is never executable");
        assertThat(ws.dir.resolve("exec.rcrate")).doesNotExist();
    }

    @Test
    void gnuPropertyNotesAreNeverClaimedForCodeThatLacksThem() throws Exception {
        Path start = ws.cc("start", START, List.of("-O2", "-fno-pic", "-fcf-protection=full"));
        Path cet = ws.cc("cet", "int f(void) { return 7; }\n", List.of("-O2", "-fno-pic", "-fcf-protection=full"));
        Path plain = ws.cc("plain", "int g(void) { return 8; }\n", List.of("-O2", "-fno-pic", "-fcf-protection=none"));
        assertThat(ws.exec("readelf", "-n", cet.toString())).contains("IBT, SHSTK");
        assertThat(ws.exec("readelf", "-n", plain.toString())).doesNotContain("IBT");
        // GNU ld: the program claims IBT/SHSTK only when every object does
        ws.exec("ld", "-static", "-e", "_start", start.toString(), cet.toString(), plain.toString(), "-o",
                ws.dir.resolve("by-ld").toString());
        assertThat(ws.exec("readelf", "-n", ws.dir.resolve("by-ld").toString())).doesNotContain("IBT");
        Path crate = ws.pack("cet.rcrate", steg, List.of(), start, cet, plain);
        for (OutputKind kind : OutputKind.values()) {
            String out = kind == OutputKind.EXECUTABLE ? "by-race" : "by-race.o";
            LinkResult r = ws.link(out, o -> o.outputKind(kind), crate);
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            assertThat(ws.exec("readelf", "-nSW", ws.dir.resolve(out).toString())).as(kind.toString())
                    .doesNotContain("IBT").doesNotContain(".note.gnu.property");
        }
        assertThat(ws.run(ws.dir.resolve("by-race")).code()).isEqualTo(7);
    }

    @Test
    void irOnlyLtoObjectsAreRefusedAndFatOnesLinkTheirMachineCode() throws Exception {
        Path start = ws.cc("start", START, Workspace.NO_PIC);
        Path slim = ws.cc("slim", "int f(void) { return 5; }\n", List.of("-O2", "-fno-pic", "-flto"));
        CliRunner.Cli r = pack("slim.rcrate", start, slim);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("slim.o: a gcc -flto object holds GCC's intermediate language, not machine code:"
                + " RACE links machine code only; compile it without -flto (or with -fno-lto), or with -ffat-lto-objects");

        Path bitcode = ws.cc("clang", "bitcode", "int f(void) { return 5; }\n", List.of("-O2", "-flto"));
        CliRunner.Cli b = pack("bc.rcrate", start, bitcode);
        assertThat(b.code()).isEqualTo(1);
        assertThat(b.err()).contains("bitcode.o: offset 0x0: LLVM bitcode, not machine code (an object from clang -flto, or rustc"
                + " -C linker-plugin-lto): RACE links machine code only; compile it without -flto (or with -fno-lto)");

        Path fat = ws.cc("fat", "int f(void) { return 5; }\n", List.of("-O2", "-fno-pic", "-flto", "-ffat-lto-objects"));
        Path crate = ws.pack("fat.rcrate", steg, List.of(), start, fat);
        LinkResult l = ws.link("fat", crate);
        assertThat(l.errors()).as(rendered(l)).isEmpty();
        assertThat(ws.run(ws.dir.resolve("fat")).code()).isEqualTo(5);
    }
}
