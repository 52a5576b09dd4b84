package dev.race.link.cli;

import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.race.link.testing.CliRunner.race;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code race link} as a user meets it: help, exit codes, messages without stack traces, warnings, strict semver. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkCommandTest {
    static final String ENGINE = """
            crate engine VERSION;
            pub struct Counter { pub hits: i32, pub misses: i32 EXTRA}
            pub fn print_num(v: i64);
            """;
    static final String APP_C = """
            extern const char __race_off_6engine7Counter_4hits[];
            extern const char __race_size_6engine7Counter[];
            void print_num(long v);
            static long counter[8];
            int main(void) {
                *(int *)((char *)counter + (unsigned long)__race_off_6engine7Counter_4hits) = 41;
                print_num(*(int *)((char *)counter + (unsigned long)__race_off_6engine7Counter_4hits) + 1);
                print_num((long)__race_size_6engine7Counter);
                return 0;
            }
            """;

    Workspace ws;
    Path engine1;
    Path engine2;
    Path app;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path s1 = ws.write("engine-1.steg", ENGINE.replace("VERSION", "1.0.0").replace("EXTRA", ""));
        Path s2 = ws.write("engine-2.steg", ENGINE.replace("VERSION", "2.0.0").replace("EXTRA", ", pub total: i32 "));
        Path rt = ws.cc("runtime", Workspace.RUNTIME_C, Workspace.NO_PIC);
        engine1 = ws.pack("engine-1.rcrate", s1, List.of(), rt);
        engine2 = ws.pack("engine-2.rcrate", s2, List.of(), rt);
        Path appSteg = ws.write("app.steg", "crate app 1.0.0;\npub fn main() -> i32;\n");
        app = ws.pack("app.rcrate", appSteg, List.of(s1), ws.cc("app", APP_C, Workspace.NO_PIC));
    }

    private static void assertNoStackTrace(CliRunner.Cli r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpExplainsEveryOption() {
        CliRunner.Cli r = race("link", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--emit", "--entry", "--map", "--layout-report", "--semver", "--target",
                "--no-gc-sections", "--threads", "Exit status");
        assertThat(race("--help").out()).contains("link");
    }

    @Test
    void aLinkRunsAndPrintsNothingOnSuccess() throws Exception {
        Path out = ws.dir.resolve("app1");
        CliRunner.Cli r = race("link", "-o", out.toString(), engine1.toString(), app.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(ws.run(out).out()).isEqualTo("42\n8\n");
    }

    @Test
    void aCompatibleMajorBumpIsAWarningUnlessStrict() throws Exception {
        Path out = ws.dir.resolve("app2");
        CliRunner.Cli r = race("link", "-o", out.toString(), engine2.toString(), app.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("race: warning: ").contains("app@1.0.0", "engine@1.0.0", "engine@2.0.0");
        assertThat(ws.run(out).out()).isEqualTo("42\n12\n"); // the same code, with engine 2.0's layout (an i32 added: a
        // field raising the alignment of the Counter the app allocates would be refused)
        Path strict = ws.dir.resolve("app2-strict");
        CliRunner.Cli s = race("link", "--semver", "strict", "-o", strict.toString(), engine2.toString(),
                app.toString());
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.err()).startsWith("race: error: ").endsWith("race: 1 error; nothing written\n");
        assertThat(strict).doesNotExist();
    }

    @Test
    void timePassesListsThePasses() {
        CliRunner.Cli r = race("link", "--time-passes", "--threads", "1", "-o", ws.dir.resolve("app3").toString(),
                engine1.toString(), app.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("race: read-inputs", "race: check-contracts", "race: patch", "race: total");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(race("link", engine1.toString()).code()).isEqualTo(2); // no -o
        CliRunner.Cli emit = race("link", "--emit", "dll", "-o", "x", engine1.toString());
        assertThat(emit.code()).isEqualTo(2);
        assertThat(emit.err()).contains("unknown output kind 'dll' for option '--emit' (known: exe, relocatable)");
        CliRunner.Cli semver = race("link", "--semver", "loose", "-o", "x", engine1.toString());
        assertThat(semver.err()).contains("unknown mode 'loose' for option '--semver' (known: structural, strict)");
        assertThat(race("link", "--threads", "0", "-o", "x", engine1.toString()).code()).isEqualTo(2);
        assertThat(race("link", "-o", "x").code()).isEqualTo(2); // no inputs
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path missing = ws.dir.resolve("missing.rcrate");
        CliRunner.Cli r = race("link", "-o", ws.dir.resolve("bad1").toString(), missing.toString(), app.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("race: error: " + missing + ": no such file\nrace: 1 error; nothing written\n");
        Path junk = ws.dir.resolve("junk.rcrate");
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        CliRunner.Cli j = race("link", "-o", ws.dir.resolve("bad2").toString(), junk.toString());
        assertThat(j.code()).isEqualTo(1);
        assertThat(j.err()).startsWith("race: error: " + junk);
        assertNoStackTrace(j);
        Path truncated = ws.dir.resolve("truncated.rcrate");
        byte[] good = Files.readAllBytes(app);
        for (int cut : new int[] {0, 10, 63, 64, 100, good.length / 2, good.length - 1}) {
            Files.write(truncated, java.util.Arrays.copyOf(good, cut));
            CliRunner.Cli t = race("link", "-o", ws.dir.resolve("bad3").toString(), engine1.toString(),
                    truncated.toString());
            assertThat(t.code()).as("cut at %d: %s", cut, t.err()).isEqualTo(1);
            assertThat(t.err()).startsWith("race: error: " + truncated);
            assertNoStackTrace(t);
        }
        assertThat(ws.dir.resolve("bad1")).doesNotExist();
        assertThat(ws.dir.resolve("bad3")).doesNotExist();
        CliRunner.Cli dir = race("link", "-o", ws.dir.resolve("bad4").toString(), ws.dir.toString());
        assertThat(dir.err()).contains("is a directory");
    }

    @Test
    void aCrateThatNoInputExportsIsRefused() {
        CliRunner.Cli r = race("link", "-o", ws.dir.resolve("orphan").toString(), app.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("engine").contains("app@1.0.0");
        assertNoStackTrace(r);
    }
}
