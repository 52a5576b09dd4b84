package dev.race.link.cli;

import dev.race.format.io.AtomicFiles;
import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.race.link.testing.CliRunner.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Outputs as ld makes them (issue 11): an output that is also an input or another output is refused by file
 * identity before anything is written; outputs get {@code 0666 & ~umask} ({@code 0777} for executables); write
 * errors name the final path and the OS reason; non-regular inputs are refused without being opened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSafetyTest {
    static final String START_C = """
            void _start(void) { __asm__ volatile("mov $60, %eax; xor %edi, %edi; syscall"); for (;;) { } }
            """;

    Workspace ws;
    Path steg;
    Path obj;
    Path rcrate;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        steg = ws.write("app.steg", "crate app 1.0.0;\npub struct Point { pub x: i32, pub y: i32 }\n");
        obj = ws.cc("start", START_C, Workspace.NO_PIC);
        rcrate = ws.pack("app.rcrate", steg, List.of(), obj);
    }

    /** A fresh directory with copies of the inputs, so that a test can destroy nothing but its own. */
    private Path fresh(String name) throws IOException {
        Path d = Files.createDirectories(ws.dir.resolve(name));
        for (Path p : List.of(steg, obj, rcrate)) {
            Files.copy(p, d.resolve(p.getFileName()));
        }
        return d;
    }

    /** Bytes and modification time of each file, to show that none changed. */
    private static Map<Path, String> snapshot(Path... files) throws IOException {
        Map<Path, String> m = new LinkedHashMap<>();
        for (Path f : files) {
            FileTime t = Files.getLastModifiedTime(f);
            m.put(f, Arrays.toString(Files.readAllBytes(f)) + "@" + t.toMillis());
        }
        return m;
    }

    private static void assertRefusedAsClash(CliRunner.Cli r, String out, String sameAs, String role) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("race: error: output file " + out + " is also an " + role + " (the same file as "
                + sameAs + "); nothing written");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void packRefusesAnOutputThatIsAnInput() throws Exception {
        Path d = fresh("pack-clash");
        Path o = d.resolve("start.o");
        Path s = d.resolve("app.steg");
        Map<Path, String> before = snapshot(o, s);
        Thread.sleep(20);
        assertRefusedAsClash(race("pack", "--steg", s.toString(), "-o", o.toString(), o.toString()),
                o.toString(), o.toString(), "input");
        // the .steg as the output, spelled differently
        String other = d.resolve(".").resolve("app.steg").toString();
        assertRefusedAsClash(race("pack", "--steg", s.toString(), "-o", other, o.toString()), other, s.toString(),
                "input");
        // an --import as the output
        Path imp = d.resolve("dep.steg");
        Files.writeString(imp, "crate dep 1.0.0;\n");
        assertRefusedAsClash(race("pack", "--steg", s.toString(), "--import", imp.toString(), "-o", imp.toString(),
                o.toString()), imp.toString(), imp.toString(), "input");
        // a hard link and a symbolic link to the object
        Path hard = Files.createLink(d.resolve("hard.o"), o);
        assertRefusedAsClash(race("pack", "--steg", s.toString(), "-o", hard.toString(), o.toString()),
                hard.toString(), o.toString(), "input");
        Path sym = Files.createSymbolicLink(d.resolve("sym.o"), o.getFileName());
        assertRefusedAsClash(race("pack", "--steg", s.toString(), "-o", o.toString(), sym.toString()),
                o.toString(), sym.toString(), "input");
        assertThat(snapshot(o, s)).isEqualTo(before);
        assertThat(Files.readString(imp)).isEqualTo("crate dep 1.0.0;\n");
    }

    @Test
    void linkRefusesAnOutputThatIsAnInputOrAnotherOutput() throws Exception {
        Path d = fresh("link-clash");
        Path in = d.resolve("app.rcrate");
        Map<Path, String> before = snapshot(in);
        Thread.sleep(20);
        String i = in.toString();
        assertRefusedAsClash(race("link", "-o", i, i), i, i, "input");
        Path hard = Files.createLink(d.resolve("x.rcrate"), in);
        assertRefusedAsClash(race("link", "-o", hard.toString(), i), hard.toString(), i, "input");
        Path sym = Files.createSymbolicLink(d.resolve("y.rcrate"), in);
        assertRefusedAsClash(race("link", "-o", d.resolve("app").toString(), sym.toString(), "--map", i),
                i, sym.toString(), "input");
        String out = d.resolve("app").toString();
        assertRefusedAsClash(race("link", "-o", out, i, "--layout-report", i), i, i, "input");
        assertRefusedAsClash(race("link", "-o", out, i, "--map", out), out, out, "output");
        assertRefusedAsClash(race("link", "-o", out, i, "--layout-report", d.resolve("sub/../app").toString()),
                d.resolve("sub/../app").toString(), out, "output");
        String map = d.resolve("app.map").toString();
        assertRefusedAsClash(race("link", "-o", out, i, "--map", map, "--layout-report", map), map, map, "output");
        assertThat(snapshot(in)).isEqualTo(before);
        assertThat(d.resolve("app")).doesNotExist();
        assertThat(d.resolve("app.map")).doesNotExist();
    }

    @Test
    void bindgenAndLayoutRefuseAnOutputThatIsAnInput() throws Exception {
        Path d = fresh("bindgen-clash");
        Path s = d.resolve("app.steg");
        Path imp = d.resolve("dep.steg");
        Files.writeString(imp, "crate dep 1.0.0;\n");
        Map<Path, String> before = snapshot(s, imp);
        Thread.sleep(20);
        assertRefusedAsClash(race("bindgen", "--lang", "c", "-o", s.toString(), s.toString()),
                s.toString(), s.toString(), "input");
        assertRefusedAsClash(race("bindgen", "--lang", "rust", "--import", imp.toString(), "-o", imp.toString(),
                s.toString()), imp.toString(), imp.toString(), "input");
        assertRefusedAsClash(race("layout", "-o", s.toString(), s.toString()), s.toString(), s.toString(), "input");
        assertThat(snapshot(s, imp)).isEqualTo(before);
        // '-' is standard output, never a file
        assertThat(race("bindgen", "--lang", "c", "-o", "-", s.toString()).code()).isZero();
    }

    @Test
    void theApiRefusesAnOutputThatIsAnInputWithADiagnostic() throws Exception {
        Path d = fresh("api-clash");
        Path in = d.resolve("app.rcrate");
        Map<Path, String> before = snapshot(in);
        Thread.sleep(20);
        LinkResult r = RaceLinker.builder().input(in).output(in).build().link();
        assertThat(r.ok()).isFalse();
        assertThat(Workspace.rendered(r)).contains("output file " + in + " is also an input");
        Path out = d.resolve("app");
        LinkResult r2 = RaceLinker.builder().input(in).output(out).mapFile(in).build().link();
        assertThat(r2.ok()).isFalse();
        assertThat(Workspace.rendered(r2)).contains("output file " + in + " is also an input");
        assertThat(snapshot(in)).isEqualTo(before);
        assertThat(out).doesNotExist();
        // and the same link with distinct files succeeds
        assertThat(RaceLinker.builder().input(in).output(out).mapFile(d.resolve("app.map")).build().link().ok())
                .as(Workspace.rendered(r2)).isTrue();
        assertThat(AtomicFiles.clash(List.of(in), List.of(out, d.resolve("app.map")))).isNull();
    }

    /** Runs the CLI in a child JVM under {@code umask MASK}; returns its combined output. */
    private String raceUnderUmask(String mask, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("umask " + mask + " && exec " + quote(java) + " -cp "
                + quote(System.getProperty("java.class.path")) + " dev.race.link.cli.RaceCli");
        for (String a : args) {
            cmd.append(' ').append(quote(a));
        }
        Process p = new ProcessBuilder("sh", "-c", cmd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void outputsGetTheModeTheUmaskAllows() throws Exception {
        Path d = fresh("umask");
        raceUnderUmask("027", "pack", "--steg", d.resolve("app.steg").toString(), "-o",
                d.resolve("p.rcrate").toString(), d.resolve("start.o").toString());
        raceUnderUmask("027", "link", "-o", d.resolve("app").toString(), "--map", d.resolve("app.map").toString(),
                "--layout-report", d.resolve("app.json").toString(), d.resolve("p.rcrate").toString());
        raceUnderUmask("027", "link", "--emit", "relocatable", "-o", d.resolve("app.o").toString(),
                d.resolve("p.rcrate").toString());
        raceUnderUmask("027", "bindgen", "--lang", "c", "-o", d.resolve("app.h").toString(),
                d.resolve("app.steg").toString());
        raceUnderUmask("027", "layout", "-o", d.resolve("layout.txt").toString(), d.resolve("app.steg").toString());
        assertThat(mode(d.resolve("p.rcrate"))).isEqualTo("rw-r-----");
        assertThat(mode(d.resolve("app"))).isEqualTo("rwxr-x---");
        assertThat(mode(d.resolve("app.map"))).isEqualTo("rw-r-----");
        assertThat(mode(d.resolve("app.json"))).isEqualTo("rw-r-----");
        assertThat(mode(d.resolve("app.o"))).isEqualTo("rw-r-----");
        assertThat(mode(d.resolve("app.h"))).isEqualTo("rw-r-----");
        assertThat(mode(d.resolve("layout.txt"))).isEqualTo("rw-r-----");
        // a looser umask gives group write; replacing a file takes the new mode
        raceUnderUmask("002", "link", "-o", d.resolve("app").toString(), d.resolve("p.rcrate").toString());
        raceUnderUmask("002", "pack", "--steg", d.resolve("app.steg").toString(), "-o",
                d.resolve("p2.rcrate").toString(), d.resolve("start.o").toString());
        assertThat(mode(d.resolve("app"))).isEqualTo("rwxrwxr-x");
        assertThat(mode(d.resolve("p2.rcrate"))).isEqualTo("rw-rw-r--");
        // the program still runs
        assertThat(ws.run(d.resolve("app")).code()).isZero();
    }

    @Test
    void theUmaskIsReadFromProc() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        String line = status.lines().filter(l -> l.startsWith("Umask:")).findFirst().orElseThrow();
        assertThat(AtomicFiles.umask()).isEqualTo(Integer.parseInt(line.substring(6).trim(), 8));
        Path d = fresh("umask-in-process");
        Path out = d.resolve("x.rcrate");
        assertThat(race("pack", "--steg", d.resolve("app.steg").toString(), "-o", out.toString(),
                d.resolve("start.o").toString()).code()).isZero();
        int bits = 0;
        for (var p : Files.getPosixFilePermissions(out)) {
            bits |= 1 << (8 - p.ordinal());
        }
        assertThat(bits).isEqualTo(0666 & ~AtomicFiles.umask());
    }

    @Test
    void writeErrorsNameTheFinalPathAndTheReason() throws Exception {
        Path d = fresh("write-errors");
        Path notDir = Files.writeString(d.resolve("nd"), "a file, not a directory\n");
        String s = d.resolve("app.steg").toString();
        String in = d.resolve("app.rcrate").toString();
        List<CliRunner.Cli> runs = new ArrayList<>();
        String target = notDir.resolve("out").toString();
        runs.add(race("pack", "--steg", s, "-o", target, d.resolve("start.o").toString()));
        runs.add(race("link", "-o", target, in));
        runs.add(race("bindgen", "--lang", "c", "-o", target, s));
        runs.add(race("layout", "-o", target, s));
        for (CliRunner.Cli r : runs) {
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("race: error: cannot write " + target + ": Not a directory")
                    .doesNotContain(".tmp").doesNotContain("Exception");
        }
        // a failed report keeps the older output
        Path app = d.resolve("app");
        assertThat(race("link", "-o", app.toString(), in).code()).isZero();
        Map<Path, String> before = snapshot(app);
        Thread.sleep(20);
        CliRunner.Cli r = race("link", "-o", app.toString(), "--map", notDir.resolve("app.map").toString(), in);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write " + notDir.resolve("app.map") + ": Not a directory");
        assertThat(snapshot(app)).isEqualTo(before);
        try (var files = Files.list(d)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        // a directory is not replaced; a device is written into, never replaced by a regular file
        Path dir = Files.createDirectories(d.resolve("outdir"));
        CliRunner.Cli intoDir = race("link", "-o", dir.toString(), in);
        assertThat(intoDir.code()).isEqualTo(1);
        assertThat(intoDir.err()).contains("race: error: cannot write " + dir + ": Is a directory");
        assertThat(dir).isDirectory();
        assertThat(race("link", "-o", "/dev/null", in).code()).isZero();
        assertThat(race("pack", "--steg", s, "-o", "/dev/null", d.resolve("start.o").toString()).code()).isZero();
        assertThat(Files.readAttributes(Path.of("/dev/null"), java.nio.file.attribute.BasicFileAttributes.class)
                .isOther()).isTrue();
        // the reasons are the operating system's words
        assertThat(AtomicFiles.reason(new AccessDeniedException("/x/.app.1.tmp"))).isEqualTo("Permission denied");
        assertThat(AtomicFiles.reason(new NoSuchFileException("/x/.app.1.tmp")))
                .isEqualTo("No such file or directory");
        assertThat(AtomicFiles.reason(new IOException("No space left on device")))
                .isEqualTo("No space left on device");
    }

    @Test
    void nonRegularInputsAreRefusedWithoutOpeningThem() throws Exception {
        Path d = fresh("non-regular");
        Path fifo = d.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor()).isZero();
        Path dir = Files.createDirectories(d.resolve("adir"));
        String s = d.resolve("app.steg").toString();
        String out = d.resolve("out").toString();
        for (Path bad : List.of(fifo, dir, Path.of("/dev/zero"))) {
            String b = bad.toString();
            List<String[]> commands = List.of(
                    new String[] {"link", "-o", out, b},
                    new String[] {"pack", "--steg", s, "-o", out, b},
                    new String[] {"pack", "--steg", b, "-o", out, d.resolve("start.o").toString()},
                    new String[] {"pack", "--steg", s, "--import", b, "-o", out, "--target", "x86_64"},
                    new String[] {"bindgen", "--lang", "c", "-o", out, b},
                    new String[] {"layout", b},
                    new String[] {"dump", b});
            for (String[] args : commands) {
                CliRunner.Cli r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> race(args),
                        () -> "hung on " + String.join(" ", args));
                assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(1);
                assertThat(r.err()).as(String.join(" ", args)).contains("race: error: " + b + ": not a regular file");
            }
            LinkResult api = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> RaceLinker.builder().input(bad).output(Path.of(out)).build().link());
            assertThat(api.ok()).isFalse();
            assertThat(Workspace.rendered(api)).contains(b + ": not a regular file");
        }
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void noInputIsModifiedByAnyLinkOrPack() throws Exception {
        Path d = fresh("inputs-untouched");
        Path s = d.resolve("app.steg");
        Path o = d.resolve("start.o");
        Path in = d.resolve("app.rcrate");
        Map<Path, String> before = snapshot(s, o, in);
        Thread.sleep(20);
        String out = d.resolve("app").toString();
        String map = d.resolve("app.map").toString();
        String json = d.resolve("app.json").toString();
        List<String[]> ok = List.of(
                new String[] {"pack", "--steg", s.toString(), "-o", d.resolve("p.rcrate").toString(), o.toString()},
                new String[] {"link", "-o", out, in.toString()},
                new String[] {"link", "-o", out, "--map", map, "--layout-report", json, in.toString()},
                new String[] {"link", "--emit", "relocatable", "-o", d.resolve("r.o").toString(), "--map", map,
                        in.toString()},
                new String[] {"link", "--no-gc-sections", "-o", out, "--layout-report", json, in.toString()});
        for (String[] args : ok) {
            CliRunner.Cli r = race(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        }
        List<String[]> refused = new ArrayList<>();
        for (Path input : List.of(s, o)) { // the inputs of race pack
            refused.add(new String[] {"pack", "--steg", s.toString(), "-o", input.toString(), o.toString()});
        }
        String i = in.toString(); // the input of race link, as each of its outputs
        refused.add(new String[] {"link", "-o", i, in.toString()});
        refused.add(new String[] {"link", "-o", out, "--map", i, in.toString()});
        refused.add(new String[] {"link", "-o", out, "--layout-report", i, in.toString()});
        refused.add(new String[] {"link", "--emit", "relocatable", "-o", i, in.toString()});
        refused.add(new String[] {"link", "--emit", "relocatable", "-o", out, "--map", i, in.toString()});
        refused.add(new String[] {"link", "--entry", "nowhere", "-o", out, "--map", map, in.toString()});
        refused.add(new String[] {"pack", "--steg", s.toString(), "--target", "aarch64", "-o",
                d.resolve("p.rcrate").toString(), o.toString()});
        for (String[] args : refused) {
            CliRunner.Cli r = race(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(1);
        }
        assertThat(snapshot(s, o, in)).isEqualTo(before);
    }
}
