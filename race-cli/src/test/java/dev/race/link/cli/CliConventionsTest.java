package dev.race.link.cli;

import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.race.link.testing.CliRunner.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions of the command line a user expects from gcc, rustc and ld: capped diagnostics with a true count,
 * --version and --help on every command, colour, ld's spellings on race link, response files, hints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliConventionsTest {
    private static final String ESC = "\033[";

    Workspace ws;
    Path engine1;
    Path engine2;
    Path app;
    Path appObject;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path s1 = ws.write("engine-1.steg", LinkCommandTest.ENGINE.replace("VERSION", "1.0.0").replace("EXTRA", ""));
        Path s2 = ws.write("engine-2.steg", LinkCommandTest.ENGINE.replace("VERSION", "2.0.0")
                .replace("EXTRA", ", pub total: i32 "));
        Path rt = ws.cc("runtime", Workspace.RUNTIME_C, Workspace.NO_PIC);
        engine1 = ws.pack("engine-1.rcrate", s1, List.of(), rt);
        engine2 = ws.pack("engine-2.rcrate", s2, List.of(), rt);
        Path appSteg = ws.write("app.steg", "crate app 1.0.0;\npub fn main() -> i32;\n");
        appObject = ws.cc("app", LinkCommandTest.APP_C, Workspace.NO_PIC);
        app = ws.pack("app.rcrate", appSteg, List.of(s1), appObject);
    }

    private static long count(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).count();
    }

    // ---- 1. diagnostic caps -------------------------------------------------------------------------------------

    /** The issue's reproducer: 16,000 errors on one line printed 48,001 lines (3.9 MB). */
    @Test
    void sixteenThousandStegErrorsOnOneLineStopAfterTwentyWithATrueCount() throws Exception {
        StringBuilder line = new StringBuilder("pub struct S { ");
        for (int i = 0; i < 16_000; i++) {
            line.append('a').append(i).append(": Nope, ");
        }
        Path f = ws.write("many.steg", "crate many 1.0.0;\n" + line + "}\n");
        CliRunner.Cli r = race("layout", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(count(r.err(), f + ":2:")).isEqualTo(20);
        assertThat(r.err()).endsWith("race: note: 15980 more errors not shown (--error-limit 20); use --error-limit=0 "
                + "to see them all\nrace: 16000 errors; no layout computed\n");
        assertThat(r.err().lines().count()).isEqualTo(20 * 3 + 2);

        CliRunner.Cli five = race("layout", "--error-limit", "5", f.toString());
        assertThat(five.code()).isEqualTo(1);
        assertThat(count(five.err(), f + ":2:")).isEqualTo(5);
        assertThat(five.err()).contains("race: note: 15995 more errors not shown").contains("race: 16000 errors;");

        CliRunner.Cli all = race("layout", "--error-limit=0", f.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(count(all.err(), f + ":2:")).isEqualTo(16_000);
        assertThat(all.err()).doesNotContain("not shown").endsWith("race: 16000 errors; no layout computed\n");

        // every command that compiles .steg shares the cap
        for (String[] args : List.of(new String[] {"bindgen", "--lang", "c", f.toString()},
                new String[] {"check", "--stable-surface", f.toString()},
                new String[] {"diff", f.toString(), f.toString()},
                new String[] {"pack", "--steg", f.toString(), "--target", "x86_64", "-o", ws.dir.resolve("m.rcrate")
                        .toString()})) {
            CliRunner.Cli c = race(args);
            assertThat(c.code()).as(args[0]).isEqualTo(1);
            assertThat(count(c.err(), f + ":2:")).as(args[0]).isBetween(20L, 40L); // diff reads the file twice
            assertThat(c.err()).as(args[0]).contains("more errors not shown (--error-limit 20)");
        }
        assertThat(race("layout", "--error-limit", "-1", f.toString()).code()).isEqualTo(2);
    }

    /** The issue's reproducer: race pack of glibc's libc.a printed 1,806 lines of errors. */
    @Test
    void packOfGlibcLibcAStopsAfterTwentyErrors() throws Exception {
        Path libc = Path.of("/usr/lib/x86_64-linux-gnu/libc.a");
        assertThat(libc).as("glibc's static library (Debian: libc6-dev)").isRegularFile();
        Path steg = ws.write("libc.steg", "crate libc 1.0.0;\n");
        String out = ws.dir.resolve("libc.rcrate").toString();
        CliRunner.Cli all = race("pack", "--error-limit=0", "--steg", steg.toString(), "-o", out, libc.toString());
        assertThat(all.code()).isEqualTo(1);
        long n = count(all.err(), "race: error: ");
        assertThat(n).isGreaterThan(100);
        assertThat(all.err()).endsWith("race: " + n + " errors; nothing written\n");

        CliRunner.Cli capped = race("pack", "--steg", steg.toString(), "-o", out, libc.toString());
        assertThat(capped.code()).isEqualTo(1);
        assertThat(count(capped.err(), "race: error: ")).isEqualTo(20);
        assertThat(capped.err().lines().count()).isEqualTo(22);
        assertThat(capped.err()).endsWith("race: note: " + (n - 20) + " more errors not shown (--error-limit 20); "
                + "use --error-limit=0 to see them all\nrace: " + n + " errors; nothing written\n");
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    /**
     * 300 x86-64 GOT loads that cannot be relaxed: the summary said "201 errors" (200 shown, then one more error
     * saying how many were left out). Every refusal counts, and each has the -fno-pic hint (given once).
     */
    @Test
    void everyRelocationErrorIsCountedAndTheGotRefusalHasAHint() throws Exception {
        StringBuilder asm = new StringBuilder(".globl _start\n.text\n_start:\n");
        for (int i = 0; i < 300; i++) {
            asm.append("  addq foo@GOTPCREL(%rip), %rax\n");
        }
        asm.append("  hlt\n.data\n.globl foo\nfoo: .quad 0\n");
        Path s = ws.write("got.s", asm.toString());
        Path o = ws.dir.resolve("got.o");
        ws.exec("gcc", "-c", s.toString(), "-o", o.toString());
        Path steg = ws.write("got.steg", "crate got 1.0.0;\n");
        Path rcrate = ws.pack("got.rcrate", steg, List.of(), o);
        String out = ws.dir.resolve("got").toString();

        CliRunner.Cli r = race("link", "-o", out, rcrate.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(count(r.err(), "race: error: ")).isEqualTo(20);
        assertThat(r.err()).contains("cannot be relaxed and RACE builds no GOT");
        assertThat(count(r.err(), "hint: compile the C code with -fno-pic (or -fno-pie)")).isEqualTo(1);
        assertThat(r.err().lines().skip(1).findFirst().orElseThrow()).startsWith("hint: ");
        assertThat(r.err()).endsWith("race: note: 280 more errors not shown (--error-limit 20); use --error-limit=0 "
                + "to see them all\nrace: 300 errors; nothing written\n");

        CliRunner.Cli all = race("link", "--error-limit", "0", "-o", out, rcrate.toString());
        assertThat(count(all.err(), "race: error: ")).isEqualTo(300);
        assertThat(all.err()).endsWith("race: 300 errors; nothing written\n");
    }

    // ---- 2. --version and --help everywhere ---------------------------------------------------------------------

    @Test
    void everySubcommandHasVersionAndHelp() {
        String version = race("--version").out();
        assertThat(version).startsWith("race ");
        assertThat(race("-V").out()).isEqualTo(version);
        CommandLine cl = new CommandLine(new RaceCli());
        List<String> names = cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        assertThat(names).contains("layout", "pack", "link", "dump", "bindgen", "diff", "check");
        for (String n : names) {
            for (String v : List.of("--version", "-V")) {
                CliRunner.Cli r = race(n, v);
                assertThat(r.code()).as(n + " " + v).isZero();
                assertThat(r.out()).as(n + " " + v).isEqualTo(version);
            }
            for (String h : List.of("--help", "-h")) {
                CliRunner.Cli r = race(n, h);
                assertThat(r.code()).as(n + " " + h).isZero();
                assertThat(r.out()).as(n + " " + h).contains("Usage: race " + n).contains("--error-limit")
                        .contains("--color");
            }
        }
        assertThat(race("link", "-v").out()).isEqualTo(version);
    }

    // ---- 3. colour ----------------------------------------------------------------------------------------------

    @Test
    void colourAlwaysColoursTheLabelsAsGccDoesAndNeverDoesNot() throws Exception {
        String o = appObject.toString();
        CliRunner.Cli always = race("link", "--color=always", "-o", ws.dir.resolve("c").toString(), o);
        assertThat(always.code()).isEqualTo(1);
        assertThat(always.err()).contains(ESC + "1mrace:" + ESC + "0m " + ESC + "1;31merror:" + ESC + "0m " + o
                + ": offset 0x0: not an .rcrate file");
        assertThat(always.err()).contains(ESC + "1;32mhint:" + ESC + "0m ");
        CliRunner.Cli warn = race("link", "--color", "always", "-o", ws.dir.resolve("w").toString(),
                engine2.toString(), app.toString());
        assertThat(warn.code()).as(warn.err()).isZero();
        assertThat(warn.err()).startsWith(ESC + "1mrace:" + ESC + "0m " + ESC + "1;35mwarning:" + ESC + "0m ");
        Path bad = ws.write("colour.steg", "crate colour 1.0.0;\npub struct A { x: Nope }\n");
        CliRunner.Cli steg = race("layout", "--color=always", bad.toString());
        assertThat(steg.err()).startsWith(ESC + "1m" + bad + ":2:19:" + ESC + "0m " + ESC + "1;31merror:" + ESC + "0m ");

        // the note after the error limit, and usage errors
        StringBuilder many = new StringBuilder("crate colours 1.0.0;\npub struct B {");
        for (int i = 0; i < 25; i++) {
            many.append(" f").append(i).append(": Nope,");
        }
        Path manyFile = ws.write("colours.steg", many + " }\n");
        assertThat(race("layout", "--color=always", manyFile.toString()).err()).contains(ESC + "1mrace:" + ESC + "0m "
                + ESC + "1;36mnote:" + ESC + "0m 5 more errors not shown");
        CliRunner.Cli usage = race("link", "--color=always", "-L/usr/lib", "-o", "x", o);
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).startsWith(ESC + "1mrace:" + ESC + "0m " + ESC + "1;31merror:" + ESC + "0m race link "
                + "does not support the GNU ld option '-L'");
        assertThat(race("link", "--color", "never", "-L/usr/lib", "-o", "x", o).err()).doesNotContain(ESC);

        CliRunner.Cli never = race("link", "--color=never", "-o", ws.dir.resolve("c").toString(), o);
        assertThat(never.err()).doesNotContain(ESC).startsWith("race: error: " + o);
        CliRunner.Cli auto = race("link", "-o", ws.dir.resolve("c").toString(), o); // the writers are no terminal
        assertThat(auto.err()).doesNotContain(ESC).isEqualTo(never.err());
        assertThat(race("link", "--color=sometimes", "-o", "x", o).code()).isEqualTo(2);
    }

    /** auto on a real terminal (a pseudo-terminal from script(1)): colour, unless NO_COLOR is set non-empty. */
    @Test
    void colourAutoFollowsTheTerminalAndNoColor() throws Exception {
        String o = appObject.toString();
        String red = ESC + "1;31merror:";
        assertThat(onTerminal(Map.of(), "link", "-o", ws.dir.resolve("t").toString(), o)).contains(red);
        assertThat(onTerminal(Map.of("NO_COLOR", ""), "link", "-o", ws.dir.resolve("t").toString(), o)).contains(red);
        String noColor = onTerminal(Map.of("NO_COLOR", "1"), "link", "-o", ws.dir.resolve("t").toString(), o);
        assertThat(noColor).contains("race: error: " + o).doesNotContain(ESC);
        assertThat(onTerminal(Map.of("NO_COLOR", "1"), "link", "--color=always", "-o", ws.dir.resolve("t").toString(),
                o)).contains(red);
        assertThat(onTerminal(Map.of(), "link", "--color=never", "-o", ws.dir.resolve("t").toString(), o))
                .doesNotContain(ESC);
        assertThat(onTerminal(Map.of("TERM", "dumb"), "link", "-o", ws.dir.resolve("t").toString(), o))
                .doesNotContain(ESC);
        // and a pipe is no terminal
        Process p = new ProcessBuilder(javaCommand("link", "-o", ws.dir.resolve("t").toString(), o))
                .redirectErrorStream(true).start();
        String piped = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(piped).contains("race: error: " + o).doesNotContain(ESC);
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.race.link.cli.RaceCli"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Runs race with stdout and stderr on a pseudo-terminal (script -q -e -c CMD /dev/null); returns what it showed. */
    private static String onTerminal(Map<String, String> env, String... args) throws Exception {
        String cmd = javaCommand(args).stream().map(s -> "'" + s.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", cmd, "/dev/null").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("script(1) ran race").contains("race:");
        return out.replace("\r\n", "\n");
    }

    // ---- 4. GNU ld spellings --------------------------------------------------------------------------------------

    @Test
    void ldSpellingsGiveTheSameOutputAsRacesOwn() throws Exception {
        Path a = ws.dir.resolve("ld-a");
        Path b = ws.dir.resolve("ld-b");
        Path mapA = ws.dir.resolve("a.map");
        Path mapB = ws.dir.resolve("b.map");
        Path mapC = ws.dir.resolve("c.map");
        CliRunner.Cli own = race("link", "--entry", "_start", "--map", mapA.toString(), "-o", a.toString(),
                engine1.toString(), app.toString());
        assertThat(own.code()).as(own.err()).isZero();
        CliRunner.Cli ld = race("link", "-static", "--gc-sections", "-e", "_start", "-Map", mapB.toString(), "-o",
                b.toString(), engine1.toString(), app.toString());
        assertThat(ld.code()).as(ld.err()).isZero();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readString(mapB)).isEqualTo(Files.readString(mapA).replace("ld-a", "ld-b"));
        assertThat(race("link", "-Map=" + mapC, "-o", b.toString(), engine1.toString(), app.toString()).code())
                .isZero();
        assertThat(Files.readString(mapC)).isEqualTo(Files.readString(mapB));
        assertThat(ws.run(b).out()).isEqualTo("42\n8\n");
        // ld's attached values: -oFILE, -eSYM (on the command line and in a response file)
        Path c = ws.dir.resolve("ld-c");
        assertThat(race("link", "-o" + c, "-e_start", engine1.toString(), app.toString()).code()).isZero();
        assertThat(Files.readAllBytes(c)).isEqualTo(Files.readAllBytes(a));
        Path rsp = ws.write("attached.rsp", "-o" + c + "2\n-e_start\n" + engine1 + " " + app + "\n");
        assertThat(race("link", "@" + rsp).code()).isZero();
        assertThat(Files.readAllBytes(Path.of(c + "2"))).isEqualTo(Files.readAllBytes(a));

        // -e names the entry: a symbol nobody defines is the same refusal as with --entry
        CliRunner.Cli e1 = race("link", "-e", "nowhere", "-o", b.toString(), engine1.toString(), app.toString());
        CliRunner.Cli e2 = race("link", "--entry=nowhere", "-o", b.toString(), engine1.toString(), app.toString());
        assertThat(e1.code()).isEqualTo(1);
        assertThat(e1.err()).isEqualTo(e2.err()).contains("nowhere");

        Path r1 = ws.dir.resolve("r1.o");
        Path r2 = ws.dir.resolve("r2.o");
        Path r3 = ws.dir.resolve("r3.o");
        assertThat(race("link", "--emit", "relocatable", "-o", r1.toString(), engine1.toString(), app.toString())
                .code()).isZero();
        assertThat(race("link", "-r", "-o", r2.toString(), engine1.toString(), app.toString()).code()).isZero();
        assertThat(race("link", "--relocatable", "-S", "-o", r3.toString(), engine1.toString(), app.toString())
                .code()).isZero();
        assertThat(Files.readAllBytes(r2)).isEqualTo(Files.readAllBytes(r1));
        assertThat(Files.readAllBytes(r3)).isEqualTo(Files.readAllBytes(r1));
        assertThat(race("link", "-r", "--emit", "exe", "-o", r2.toString(), app.toString()).code()).isEqualTo(2);
    }

    @Test
    void fatalWarningsRefuseALinkThatWarns() throws Exception {
        Path out = ws.dir.resolve("fatal");
        CliRunner.Cli warns = race("link", "-o", out.toString(), engine2.toString(), app.toString());
        assertThat(warns.code()).isZero();
        assertThat(warns.err()).startsWith("race: warning: ");
        Files.delete(out);
        CliRunner.Cli fatal = race("link", "--fatal-warnings", "-o", out.toString(), engine2.toString(),
                app.toString());
        assertThat(fatal.code()).isEqualTo(1);
        assertThat(fatal.err()).startsWith(warns.err().lines().findFirst().orElseThrow())
                .contains("race: error: warnings are errors (--fatal-warnings)")
                .endsWith("race: 1 error; nothing written\n");
        assertThat(out).doesNotExist();
        assertThat(race("link", "--fatal-warnings", "-o", out.toString(), engine1.toString(), app.toString()).code())
                .isZero();
    }

    @Test
    void ldOptionsRaceDoesNotImplementAreRefusedByName() {
        String o = ws.dir.resolve("x").toString();
        String in = app.toString();
        Map<List<String>, String> cases = Map.of(
                List.of("-L/usr/lib"), "'-L'",
                List.of("-L", "/usr/lib"), "'-L'",
                List.of("-lc"), "'-l'",
                List.of("-shared"), "'-shared'",
                List.of("-pie"), "'-pie'",
                List.of("--whole-archive"), "'--whole-archive'",
                List.of("-Ttext=0x1000"), "'-Ttext'",
                List.of("--dynamic-linker=/lib64/ld-linux-x86-64.so.2"), "'--dynamic-linker'",
                List.of("-z", "relro"), "'-z'",
                List.of("--defsym", "a=1"), "'--defsym'");
        cases.forEach((args, name) -> {
            List<String> all = new ArrayList<>(List.of("link", "-o", o));
            all.addAll(args);
            all.add(in);
            CliRunner.Cli r = race(all.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err()).as(args.toString()).isEqualTo("race: error: race link does not support the GNU ld "
                    + "option " + name + " yet: " + r.err().substring(r.err().indexOf(" yet: ") + 6));
            assertThat(r.err().lines().count()).as(args.toString()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("Unknown option");
        });
        CliRunner.Cli strip = race("link", "-s", "-o", o, in);
        assertThat(strip.code()).isEqualTo(2);
        assertThat(strip.err()).startsWith("race: error: option '-s'/'--strip-all' is not supported by race link yet");
        assertThat(race("link", "--strip-all", "-o", o, in).err()).isEqualTo(strip.err());
        // an option ld does not have either stays picocli's message
        assertThat(race("link", "--frobnicate", "-o", o, in).err()).startsWith("race: error: Unknown option: "
                + "'--frobnicate'");
    }

    @Test
    void responseFilesWorkForEverySubcommand() throws Exception {
        Path dir = Files.createDirectories(ws.dir.resolve("at"));
        Path steg = Path.of(LayoutCommandTest.example("engine-2.0.steg"));
        Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
        commands.put("layout", List.of("layout", "--target", "x86_64", steg.toString()));
        commands.put("bindgen", List.of("bindgen", "--lang", "c", steg.toString()));
        commands.put("check", List.of("check", "--stable-surface", steg.toString()));
        commands.put("diff", List.of("diff", steg.toString(), steg.toString()));
        commands.put("dump", List.of("dump", app.toString()));
        Path types = ws.write("types.steg", "crate types 1.0.0;\npub struct P { pub x: i32 }\n");
        commands.put("pack", List.of("pack", "--steg", types.toString(), "-o", dir.resolve("t.rcrate").toString(),
                "--target", "x86_64"));
        commands.put("link", List.of("link", "-o", dir.resolve("app").toString(), engine1.toString(), app.toString()));
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            CliRunner.Cli direct = race(c.getValue().toArray(String[]::new));
            // the options in a file, one per line, with a comment and a quoted argument
            Path rsp = dir.resolve(c.getKey() + ".rsp");
            List<String> rest = c.getValue().subList(1, c.getValue().size());
            Files.writeString(rsp, "# the arguments of race " + c.getKey() + "\n"
                    + rest.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining("\n")) + "\n");
            CliRunner.Cli viaFile = race(c.getKey(), "@" + rsp);
            assertThat(viaFile.code()).as(c.getKey() + ": " + viaFile.err()).isEqualTo(direct.code());
            assertThat(viaFile.out()).as(c.getKey()).isEqualTo(direct.out());
            assertThat(viaFile.err()).as(c.getKey()).isEqualTo(direct.err());
            assertThat(direct.code()).as(c.getKey() + ": " + direct.err()).isIn(0, 4, 8);
        }
        // the whole command line, subcommand included, may come from a file too
        Path whole = dir.resolve("whole.rsp");
        Files.writeString(whole, "layout " + steg + "\n");
        assertThat(race("@" + whole).out()).isEqualTo(race("layout", steg.toString()).out());
    }

    // ---- 6. hints -------------------------------------------------------------------------------------------------

    /** gcc -fPIC -mcmodel=large: GOT and PLT relocation types race pack refuses; the hint's fix packs. */
    @Test
    void packRefusalsOfLargeModelPicCodeHintAtNoPic() throws Exception {
        String c = "extern int x; extern int f(void);\nint g(void) { return x + f(); }\n";
        Path pic = ws.cc("large-pic", c, List.of("-O2", "-fPIC", "-mcmodel=large", "-fno-asynchronous-unwind-tables"));
        Path steg = ws.write("large.steg", "crate large 1.0.0;\n");
        String out = ws.dir.resolve("large.rcrate").toString();
        CliRunner.Cli r = race("pack", "--steg", steg.toString(), "-o", out, pic.toString());
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).startsWith("race: error: large-pic.o: .text+").contains(": unsupported relocation type");
        assertThat(lines.get(1)).isEqualTo("hint: " + Hints.NO_PIC);
        assertThat(count(r.err(), "hint: ")).isEqualTo(1);
        assertThat(r.err()).contains("R_X86_64_GOT64").contains("R_X86_64_PLTOFF64");
        // following the hint works
        Path noPic = ws.cc("large-nopic", c, List.of("-O2", "-fno-pic", "-mcmodel=large",
                "-fno-asynchronous-unwind-tables"));
        CliRunner.Cli ok = race("pack", "--steg", steg.toString(), "-o", out, noPic.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        // thread-local relocations get no such hint: no compiler flag avoids them
        assertThat(Hints.forPicRefusal("libc.a(errno-loc.o): .text+0x3: R_X86_64_GOTTPOFF: unsupported relocation "
                + "type (against __libc_errno)")).isNull();
    }

    // ---- 7. thin archives, LANG=C -----------------------------------------------------------------------------

    /** A thin archive was refused as "not an ELF file (no \\x7fELF magic)". */
    @Test
    void aThinArchiveIsNamedAsSuch() throws Exception {
        Path thin = ws.dir.resolve("libthin.a");
        ws.exec("ar", "rcT", thin.toString(), ws.dir.resolve("runtime.o").toString());
        assertThat(new String(Files.readAllBytes(thin), StandardCharsets.ISO_8859_1)).startsWith("!<thin>\n");
        CliRunner.Cli r = race("pack", "--steg", ws.dir.resolve("engine-1.steg").toString(), "-o",
                ws.dir.resolve("thin.rcrate").toString(), thin.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("race: error: libthin.a: offset 0x0: a thin archive (!<thin>, made by ar --thin "
                + "or ar T): it names its member files but does not hold them, and RACE reads only regular archives; "
                + "pass the member objects themselves or make a regular archive (ar rc lib.a MEMBERS...)\n");
        assertThat(ws.dir.resolve("thin.rcrate")).doesNotExist();
    }

    /**
     * Non-ASCII paths under LANG=C: bin/race runs the JVM under C.UTF-8, so pack, link and layout work; java run
     * directly under an ASCII locale cannot name the file and says so in one line (it printed Java's exception).
     */
    @Test
    void nonAsciiPathsWorkUnderLangC() throws Exception {
        Path d = Files.createDirectories(ws.dir.resolve("d\u00e9j\u00e0-\u4e2d"));
        Path steg = Files.copy(ws.dir.resolve("engine-1.steg"), d.resolve("m\u00f6tor.steg"));
        Path obj = Files.copy(ws.dir.resolve("runtime.o"), d.resolve("r\u00fcntime.o"));
        Path appSteg = Files.copy(ws.dir.resolve("app.steg"), d.resolve("\u00e4pp.steg"));
        Path appObj = Files.copy(appObject, d.resolve("\u00e4pp.o"));
        String bin = LayoutCommandTest.repo().resolve("bin").resolve("race").toString();
        Path engineOut = d.resolve("m\u00f6tor.rcrate");
        Path appOut = d.resolve("\u00e4pp.rcrate");
        Path exe = d.resolve("pr\u00f6gram");
        for (List<String> args : List.of(
                List.of("pack", "--steg", steg.toString(), "-o", engineOut.toString(), obj.toString()),
                List.of("pack", "--steg", appSteg.toString(), "--import", steg.toString(), "-o", appOut.toString(),
                        appObj.toString()),
                List.of("link", "-o", exe.toString(), engineOut.toString(), appOut.toString()),
                List.of("layout", steg.toString()))) {
            List<String> cmd = new ArrayList<>(List.of(bin));
            cmd.addAll(args);
            Ran r = runC(cmd, Map.of("RACE_CLASSPATH", System.getProperty("java.class.path")));
            assertThat(r.code()).as("%s: %s", args, r.out()).isZero();
        }
        assertThat(ws.run(exe).out()).isEqualTo("42\n8\n");

        Ran direct = runC(javaCommand("layout", steg.toString()), Map.of());
        assertThat(direct.code()).isEqualTo(2);
        assertThat(direct.out()).startsWith("race: error: the file name '").contains("cannot be represented in this "
                + "locale's character set").contains("LC_ALL=C.UTF-8").doesNotContain("Exception");
        assertThat(direct.out().lines().count()).isEqualTo(1);
    }

    record Ran(int code, String out) {
    }

    /** Runs a command with LANG=C and no other locale variable; stdout and stderr together, decoded as UTF-8. */
    private static Ran runC(List<String> cmd, Map<String, String> extra) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANGUAGE"));
        pb.environment().put("LANG", "C");
        pb.environment().putAll(extra);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    @Test
    void linkingAnObjectInsteadOfAnRcrateSaysRunRacePackFirst() throws Exception {
        Path out = ws.dir.resolve("obj");
        CliRunner.Cli r = race("link", "-o", out.toString(), engine1.toString(), appObject.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("race: error: " + appObject + ": offset 0x0: not an .rcrate file (bad magic)\n"
                + "hint: " + appObject + " is an ELF object or archive, not an .rcrate: run 'race pack --steg "
                + "CRATE.steg -o app.rcrate " + appObject + "' first and link the .rcrate\n"
                + "race: 1 error; nothing written\n");
        // a file that is neither gets no such hint
        Path junk = ws.write("junk.rcrate", "not a crate at all");
        CliRunner.Cli j = race("link", "-o", out.toString(), junk.toString());
        assertThat(j.err()).contains("not an .rcrate file").doesNotContain("hint:");
    }
}
