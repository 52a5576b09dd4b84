package dev.race.link.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.race.link.cli.LayoutCommandTest.Run;
import static dev.race.link.cli.LayoutCommandTest.assertNoStackTrace;
import static dev.race.link.cli.LayoutCommandTest.example;
import static dev.race.link.cli.LayoutCommandTest.race;
import static org.assertj.core.api.Assertions.assertThat;

/** race pack --batch on gcc output for the example plugin: the bytes of single packs, errors named by line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackBatchCommandTest {
    private Path dir;
    private Path obj;

    @BeforeAll
    void compile(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path inc = tmp.resolve("include");
        Run e = race("bindgen", "--lang", "c", "--target", "x86_64", "-o", inc.resolve("engine.h").toString(),
                example("engine-2.0.steg"));
        assertThat(e.code()).as(e.err()).isZero();
        Run p = race("bindgen", "--lang", "c", "--target", "x86_64", "-o", inc.resolve("plugin.h").toString(),
                "--import", example("engine-2.0.steg"), example("plugin.steg"));
        assertThat(p.code()).as(p.err()).isZero();
        obj = tmp.resolve("plugin.o");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-I", inc.toString(), "-c", example("plugin.c"), "-o",
                obj.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(out).isZero();
    }

    private String pluginLine(Path out) {
        return "-o '" + out + "' --steg " + example("plugin.steg") + " --import " + example("engine-2.0.steg") + " "
                + obj;
    }

    private List<String> written(String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void aBatchWritesWhatSinglePacksWrite() throws Exception {
        Path single = dir.resolve("single.rcrate");
        Run one = race("pack", "--steg", example("plugin.steg"), "--import", example("engine-2.0.steg"), "-o",
                single.toString(), obj.toString());
        assertThat(one.code()).as(one.err()).isZero();
        Path types = Files.writeString(dir.resolve("types.steg"), "crate types 1.0.0;\npub struct P { x: u8 }\n");
        Path singleTypes = dir.resolve("single-types.rcrate");
        assertThat(race("pack", "--steg", types.toString(), "--target", "x86_64", "-o", singleTypes.toString())
                .code()).isZero();

        Path a = dir.resolve("ok a.rcrate");
        Path b = dir.resolve("ok-b.rcrate");
        Path t = dir.resolve("ok-types.rcrate");
        Path batch = Files.writeString(dir.resolve("crates.txt"), "# the plugin twice, and a crate without code\n"
                + pluginLine(a) + "\n\n   \n" + pluginLine(b) + "\n"
                + "-o " + t + " --steg " + types + "\n");
        Run r = race("pack", "--batch", batch.toString(), "--target", "x86_64", "-j", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).hasSize(3).satisfiesExactly(
                l -> assertThat(l).startsWith("packed plugin@0.1.0 for x86_64 into " + a + ": "),
                l -> assertThat(l).startsWith("packed plugin@0.1.0 for x86_64 into " + b + ": "),
                l -> assertThat(l).startsWith("packed types@1.0.0 for x86_64 into " + t + ": "));
        // the same line as the single pack prints, but for the file name
        assertThat(r.out().lines().findFirst().orElseThrow().replace(a.toString(), single.toString()))
                .isEqualTo(one.out().strip());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(single));
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(single));
        assertThat(Files.readAllBytes(t)).isEqualTo(Files.readAllBytes(singleTypes));
    }

    @Test
    void aFailingCrateIsNamedByItsLineAndTheOthersAreWritten() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.steg"), "crate broken 1.0.0;\npub struct S { a: Nope }\n");
        Path batch = Files.writeString(dir.resolve("failing.txt"), pluginLine(dir.resolve("fail-1.rcrate")) + "\n"
                + "-o " + dir.resolve("fail-2.rcrate") + " --steg " + broken + " --target x86_64\n"
                + pluginLine(dir.resolve("fail-3.rcrate")) + "\n");
        Run r = race("pack", "--batch", batch.toString());
        assertThat(r.code()).isEqualTo(1);
        assertNoStackTrace(r);
        assertThat(r.err()).isEqualTo(batch + ":2: note: " + dir.resolve("fail-2.rcrate") + " is not packed, for the "
                + "errors below; nothing written for it\n"
                + broken + ":2:19: error: unknown type `Nope`\n"
                + "pub struct S { a: Nope }\n"
                + "                  ^\n"
                + "race: 1 error; 1 of 3 crates not packed: " + dir.resolve("fail-2.rcrate") + " (line 2); the other 2 "
                + "written\n");
        assertThat(r.out().lines()).hasSize(2);
        assertThat(written("fail-")).containsExactly("fail-1.rcrate", "fail-3.rcrate");
    }

    @Test
    void aBadLineIsAUsageErrorAndNothingIsPacked() throws Exception {
        Path batch = Files.writeString(dir.resolve("bad.txt"), pluginLine(dir.resolve("bad-1.rcrate")) + "\n"
                + pluginLine(dir.resolve("bad-2.rcrate")) + " --bogus\n");
        Run r = race("pack", "--batch", batch.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("race: error: " + batch + ":2: Unknown option: '--bogus'\n");
        assertThat(written("bad-")).isEmpty();

        Path noTarget = Files.writeString(dir.resolve("notarget.txt"), "-o x.rcrate --steg "
                + example("plugin.steg") + "\n");
        Run t = race("pack", "--batch", noTarget.toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).startsWith("race: error: " + noTarget + ":1: missing option '--target' (there is no "
                + "object to infer it from)\n");

        Path quote = Files.writeString(dir.resolve("quote.txt"), "-o 'x.rcrate --steg s.steg\n");
        assertThat(race("pack", "--batch", quote.toString()).err())
                .startsWith("race: error: " + quote + ":1: unterminated ' quote\n");

        Run both = race("pack", "--batch", batch.toString(), "--steg", example("plugin.steg"));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--batch takes every crate from " + batch);

        Run missing = race("pack", "--batch", dir.resolve("none.txt").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("race: error: " + dir.resolve("none.txt") + ": no such file\n");
    }
}
