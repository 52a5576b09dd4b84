package dev.race.link.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.race.link.cli.LayoutCommandTest.Run;
import static dev.race.link.cli.LayoutCommandTest.assertNoStackTrace;
import static dev.race.link.cli.LayoutCommandTest.example;
import static dev.race.link.cli.LayoutCommandTest.race;
import static org.assertj.core.api.Assertions.assertThat;

/** race pack and race dump end to end on gcc output for the examples: exit codes, messages, atomic output. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackCommandTest {
    private Path dir;
    private Path obj;
    private Path a64;

    @BeforeAll
    void compile(@TempDir Path tmp) throws Exception {
        dir = tmp;
        // examples/plugin.c includes the bindings race bindgen makes from the two STEGs (README, "Pack a crate")
        for (String target : List.of("x86_64", "aarch64")) {
            Path inc = tmp.resolve("include-" + target);
            for (String[] b : List.of(new String[] {"engine.h", example("engine-2.0.steg")},
                    new String[] {"plugin.h", "--import", example("engine-2.0.steg"), example("plugin.steg")})) {
                List<String> args = new ArrayList<>(List.of("bindgen", "--lang", "c", "--target", target, "-o",
                        inc.resolve(b[0]).toString()));
                args.addAll(List.of(b).subList(1, b.length));
                Run r = race(args.toArray(String[]::new));
                assertThat(r.code()).as(r.err()).isZero();
            }
        }
        obj = tmp.resolve("plugin.o");
        exec(tmp, "gcc", "-O2", "-I", tmp.resolve("include-x86_64").toString(), "-c", example("plugin.c"), "-o",
                obj.toString());
        a64 = tmp.resolve("plugin-a64.o");
        exec(tmp, "aarch64-linux-gnu-gcc", "-O2", "-I", tmp.resolve("include-aarch64").toString(), "-c",
                example("plugin.c"), "-o", a64.toString());
    }

    private static void exec(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", cmd), output).isZero();
    }

    private Run pack(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("pack", "--steg", example("plugin.steg"), "--import",
                example("engine-2.0.steg"), "-o", out.toString()));
        args.addAll(List.of(extra));
        return race(args.toArray(String[]::new));
    }

    @Test
    void packThenDumpTheExample() {
        Path out = dir.resolve("ok.rcrate");
        Run p = pack(out, obj.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.err()).isEmpty();
        assertThat(p.out()).contains("packed plugin@0.1.0 for x86_64").contains("engine@2.0.0 (5 of 13 items)");
        Run d = race("dump", out.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("target   x86_64").contains("crate    plugin@0.1.0")
                .contains("objects  plugin.o").contains("  plugin.o\n    idx  name")
                .contains("offset-of engine::Transform.scale").contains("vtable engine::Plugin for plugin::Physics")
                .contains("R_X86_64_").contains("(in step)").contains("(in physics_plugin_vtable)")
                .contains("import view engine@2.0.0").contains("  pub struct Transform {")
                .doesNotContain("pub enum Shape");
    }

    /** A static archive's members are packed as lib.a(member.o), and the result matches packing the object. */
    @Test
    void archiveMembersArePacked() throws Exception {
        Path lib = dir.resolve("libplugin.a");
        exec(dir, "ar", "rcs", lib.toString(), obj.toString());
        Path fromArchive = dir.resolve("from-archive.rcrate");
        Run p = pack(fromArchive, lib.toString());
        assertThat(p.code()).as(p.err()).isZero();
        Run d = race("dump", fromArchive.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("objects  libplugin.a(plugin.o)")
                .contains("libplugin.a(plugin.o):.text+0x").contains("offset-of engine::Transform.scale");
        Path fromObject = dir.resolve("from-object.rcrate");
        assertThat(pack(fromObject, obj.toString()).code()).isZero();
        // same code, symbols and relocations; only the recorded origin differs
        String archiveJson = race("dump", "--json", fromArchive.toString()).out();
        String objectJson = race("dump", "--json", fromObject.toString()).out();
        assertThat(archiveJson).contains("libplugin.a(plugin.o)");
        assertThat(objectJson.replace("plugin.o", "libplugin.a(plugin.o)").replace("from-object", "from-archive"))
                .isEqualTo(archiveJson);
    }

    @Test
    void targetIsInferredOrChecked() {
        Path out = dir.resolve("a64.rcrate");
        Run inferred = pack(out, a64.toString());
        assertThat(inferred.code()).as(inferred.err()).isZero();
        assertThat(race("dump", out.toString()).out()).contains("target   aarch64").contains("R_AARCH64_");

        Run mismatch = pack(dir.resolve("mismatch.rcrate"), "--target", "x86_64", a64.toString());
        assertThat(mismatch.code()).isEqualTo(1);
        assertThat(mismatch.err()).contains(
                "race: error: plugin-a64.o: object is for AArch64 but the target is x86_64 (x86-64)");
        assertThat(dir.resolve("mismatch.rcrate")).doesNotExist();

        Run mixed = pack(dir.resolve("mixed.rcrate"), obj.toString(), a64.toString());
        assertThat(mixed.code()).isEqualTo(1);
        assertThat(mixed.err()).contains("race: error: the objects are for different machines "
                + "(plugin.o: x86-64, plugin-a64.o: AArch64); pass --target");
    }

    @Test
    void jsonDumpParses() throws IOException {
        Path out = dir.resolve("json.rcrate");
        assertThat(pack(out, obj.toString()).code()).isZero();
        Run d = race("dump", "--json", out.toString());
        assertThat(d.code()).as(d.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(d.out());
        assertThat(root.get("target").asText()).isEqualTo("x86_64");
        assertThat(root.get("crate").get("name").asText()).isEqualTo("plugin");
        assertThat(root.get("objects").get(0).asText()).isEqualTo("plugin.o");
        JsonNode engine = root.get("imports").get(0);
        assertThat(engine.get("version").asText()).isEqualTo("2.0.0");
        List<String> items = new ArrayList<>();
        engine.get("items").forEach(i -> items.add(i.asText()));
        assertThat(items).containsExactly("engine::Vec3", "engine::Transform", "engine::World", "engine::App",
                "engine::Plugin");
        int semantic = 0;
        for (JsonNode r : root.get("relocations")) {
            assertThat(r.get("type").asText()).startsWith("R_X86_64_");
            if (r.has("query")) {
                semantic++;
                assertThat(r.get("symbolName").asText()).startsWith("__race_");
            }
        }
        assertThat(semantic).isEqualTo(5);
        assertThat(root.get("queries").size()).isEqualTo(5);
        assertThat(root.get("sites").get("engine::Transform").get(0).asText()).matches("plugin\\.o:\\.text\\+0x[0-9a-f]+ \\(in step\\)");
        assertThat(root.get("sections").get(0).get("name").asText()).isEqualTo(".text");
    }

    @Test
    void errorsWriteNothingAndKeepTheOlderOutput() throws IOException {
        Path out = dir.resolve("keep").resolve("plugin.rcrate");
        assertThat(pack(out, obj.toString()).code()).isZero();
        byte[] first = Files.readAllBytes(out);

        // the crate declares step, which an empty object does not define
        Path empty = dir.resolve("empty.o");
        Files.write(empty, new byte[0]);
        Run corrupt = pack(out, empty.toString());
        assertThat(corrupt.code()).isEqualTo(1);
        assertThat(corrupt.err().lines()).hasSize(1);
        assertThat(corrupt.err()).startsWith("race: error: empty.o: offset 0x0: ");
        assertNoStackTrace(corrupt);

        Run missing = pack(out, dir.resolve("nope.o").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("race: error: " + dir.resolve("nope.o") + ": no such file\n");

        Run noCode = pack(out, "--target", "x86_64");
        assertThat(noCode.code()).isEqualTo(1);
        assertThat(noCode.err()).contains("race: error: crate plugin 0.1.0: function plugin::step is declared with "
                + "symbol step, which no object defines (as a global or weak symbol)")
                .contains("<plugin::Physics as engine::Plugin>::name").endsWith("race: 3 errors; nothing written\n");

        Path bad = dir.resolve("bad.steg");
        Files.writeString(bad, "crate plugin 0.1.0;\npub struct A { x: Nope }\n");
        Run steg = race("pack", "--steg", bad.toString(), "-o", out.toString(), obj.toString());
        assertThat(steg.code()).isEqualTo(1);
        assertThat(steg.err()).contains(bad + ":2:19: error:").contains("^");

        assertThat(Files.readAllBytes(out)).isEqualTo(first);
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("plugin.rcrate");
        }
    }

    @Test
    void dumpOfCorruptOrTruncatedFileIsOneLine() throws IOException {
        Path out = dir.resolve("whole.rcrate");
        assertThat(pack(out, obj.toString()).code()).isZero();
        byte[] bytes = Files.readAllBytes(out);
        Path cut = dir.resolve("cut.rcrate");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path flipped = dir.resolve("flipped.rcrate");
        byte[] f = bytes.clone();
        f[f.length - 20] ^= 0x5a;
        Files.write(flipped, f);
        Path garbage = dir.resolve("garbage.rcrate");
        Files.writeString(garbage, "not an rcrate at all\n");
        for (Path p : List.of(cut, flipped, garbage)) {
            Run d = race("dump", p.toString());
            assertThat(d.code()).as(p.toString()).isEqualTo(1);
            assertThat(d.out()).isEmpty();
            assertThat(d.err().lines()).hasSize(1);
            assertThat(d.err()).startsWith("race: error: " + p + ": offset 0x");
            assertNoStackTrace(d);
        }
        Run missing = race("dump", dir.resolve("none.rcrate").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("race: error: " + dir.resolve("none.rcrate") + ": no such file\n");
    }

    @Test
    void usageErrorsAndHelp() {
        Run top = race("--help");
        assertThat(top.out()).contains("pack").contains("dump");
        Run help = race("pack", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--steg").contains("--import").contains("--target").contains("--output")
                .contains("INPUT.o|INPUT.a").contains("race pack --steg plugin.steg --import engine.steg")
                .contains("Exit status");
        Run dump = race("dump", "--help");
        assertThat(dump.code()).isZero();
        assertThat(dump.out()).contains("--json").contains("FILE.rcrate").contains("race dump plugin.rcrate");

        Run noTarget = race("pack", "--steg", example("plugin.steg"), "-o", dir.resolve("x.rcrate").toString());
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err()).contains("missing option '--target'");
        Run badTarget = pack(dir.resolve("x.rcrate"), "--target", "riscv", obj.toString());
        assertThat(badTarget.code()).isEqualTo(2);
        assertThat(badTarget.err()).contains("unknown target 'riscv'");
        Run noOut = race("pack", "--steg", example("plugin.steg"), obj.toString());
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--output");
        assertThat(race("dump").code()).isEqualTo(2);
    }
}
