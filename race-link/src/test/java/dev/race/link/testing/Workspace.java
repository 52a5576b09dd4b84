package dev.race.link.testing;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.layout.TargetSpec;
import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import dev.race.link.RacePacker;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scratch directory for end-to-end link tests: write C and .steg, compile with the real gcc, pack with
 * {@link RacePacker} (what {@code race pack} runs), link with {@link RaceLinker}, run the program and capture what it prints.
 */
public final class Workspace {
    /** Freestanding x86-64 code with no position independence: markers become R_X86_64_32S/32/64. */
    public static final List<String> NO_PIC = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-fno-builtin");
    /** gcc's default on Debian: PIE, so markers arrive as lea sym(%rip) and GOTPCRELX loads. */
    public static final List<String> PIE = List.of("-O2", "-ffreestanding", "-fno-stack-protector", "-fno-builtin");

    /**
     * A freestanding runtime: _start calls main() and exits with its status; print_num/print_str write stdout. It
     * compiles for x86-64 and for AArch64 (Linux numbers its syscalls differently there: write 64, exit_group 93).
     */
    public static final String RUNTIME_C = """
            static long sys3(long n, long a, long b, long c) {
            #if defined(__aarch64__)
                register long x8 __asm__("x8") = n == 1 ? 64 : 93;
                register long x0 __asm__("x0") = a;
                register long x1 __asm__("x1") = b;
                register long x2 __asm__("x2") = c;
                __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
                return x0;
            #else
                long r;
                __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
                return r;
            #endif
            }
            void print_str(const char *s) { long n = 0; while (s[n]) n++; sys3(1, 1, (long)s, n); }
            void print_num(long v) {
                char buf[24]; int i = 23; unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
                buf[i] = '\\n';
                do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
                if (v < 0) buf[--i] = '-';
                sys3(1, 1, (long)(buf + i), 24 - i);
            }
            int main(void);
            #if defined(__x86_64__)
            __attribute__((force_align_arg_pointer)) /* the kernel enters with %rsp 16-aligned, not call-aligned */
            #endif
            void _start(void) { sys3(60, main(), 0, 0); for (;;) {} }
            """;

    public final Path dir;

    public Workspace(Path dir) {
        this.dir = dir;
    }

    public Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** Compiles {@code name}.c (written from {@code source}) with gcc and {@code flags}; returns the object. */
    public Path cc(String name, String source, List<String> flags) throws Exception {
        return cc("gcc", name, source, flags);
    }

    public Path cc(String compiler, String name, String source, List<String> flags) throws Exception {
        Path c = write(name + ".c", source);
        Path o = dir.resolve(name + ".o");
        List<String> cmd = new ArrayList<>(List.of(compiler, "-c"));
        cmd.addAll(flags);
        cmd.addAll(List.of(c.toString(), "-o", o.toString()));
        exec(cmd);
        return o;
    }

    /**
     * Packs {@code objects} with {@code steg} and {@code imports} (each a .steg or, by its name, an .rcrate) into
     * {@code out} through {@link RacePacker}, as {@code race pack --steg STEG [--import IMPORT]... -o OUT OBJECTS}
     * does; it must succeed. With no object the target is x86-64.
     */
    public Path pack(String out, Path steg, List<Path> imports, Path... objects) {
        Path o = dir.resolve(out);
        RacePacker.Result r = RacePacker.builder().steg(steg).imports(imports).objects(List.of(objects))
                .target(objects.length == 0 ? "x86_64" : null).output(o).build().pack();
        StringBuilder why = new StringBuilder();
        r.diagnostics().forEach(d -> why.append(d.render()).append('\n'));
        assertThat(r.ok()).as("pack of %s failed:%n%s", out, why).isTrue();
        return o;
    }

    /** Links {@code inputs} into {@code out} with the builder adjusted by {@code options}. */
    public LinkResult link(String out, Consumer<RaceLinker.Builder> options, Path... inputs) {
        RaceLinker.Builder b = RaceLinker.builder().inputs(List.of(inputs)).output(dir.resolve(out));
        options.accept(b);
        return b.build().link();
    }

    public LinkResult link(String out, Path... inputs) {
        return link(out, b -> { }, inputs);
    }

    /** Runs a program with no arguments; returns (exit status, stdout). */
    public Ran run(Path program, String... prefix) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(prefix));
        cmd.add(program.toString());
        Process p = start(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s timed out", program).isTrue();
        return new Ran(p.exitValue(), out);
    }

    /**
     * Starts a process, retrying while exec says "Text file busy" (ETXTBSY, error=26): when tests link in parallel
     * threads, a child forked by one thread can briefly inherit the descriptor another thread is writing a program
     * through, and the kernel refuses to run a file open for writing until that child has exec'd.
     */
    private static Process start(ProcessBuilder pb) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return pb.start();
            } catch (java.io.IOException e) {
                if (attempt >= 20 || e.getMessage() == null || !e.getMessage().contains("error=26")) throw e;
                Thread.sleep(25L * (attempt + 1));
            }
        }
    }

    public record Ran(int code, String out) {
    }

    /** Runs a command in the workspace; it must succeed. Returns its output. */
    public String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", cmd), output).isZero();
        return output;
    }

    public String exec(String... cmd) throws Exception {
        return exec(List.of(cmd));
    }

    public static String rendered(LinkResult r) {
        StringBuilder sb = new StringBuilder();
        r.diagnostics().forEach(d -> sb.append(d.render()).append('\n'));
        return sb.toString();
    }

    /**
     * Writes {@code dir/<crate>.h}, the C bindings of {@code steg} built against {@code imports} for {@code target},
     * as {@code race bindgen --lang c} would (through the bindgen API: the command line is not on this class path).
     */
    public static Path bindgenC(Path dir, String target, Path steg, Path... imports) throws Exception {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(steg.toString(), Files.readString(steg)));
        for (Path p : imports) {
            sources.add(new Source(p.toString(), Files.readString(p)));
        }
        CompileResult r = StegCompiler.compile(sources);
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        List<Crate> cs = r.crates();
        String text = Bindgen.generate(new BindgenRequest(Lang.C, cs.get(0), cs.subList(1, cs.size()),
                TargetSpec.named(target)));
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(Bindgen.fileName(Lang.C, cs.get(0).name())), text);
    }
}
