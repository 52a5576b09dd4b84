package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine and a plugin in C written only against the headers {@code race bindgen} generates from their STEG
 * (src/test/resources/cbindings): no marker is written by hand. The engine has a resilient Transform embedding a
 * frozen Vec3, a resilient non_exhaustive Shape with unit, tuple and struct variants, and a trait the plugin
 * implements; the plugin embeds Transform and Shape in its own resilient Mover, writes and reads Shape's variants,
 * and hands itself to the engine as a trait object. Compiled by gcc with -std=c99 -Wall -Wextra -Werror
 * -pedantic, packed, linked by RACE and run: with engine 1.0, which it was built against, and unchanged with
 * engine 2.0, whose Transform gained and reordered fields and whose Shape gained a variant larger than the others;
 * on x86-64 and on AArch64 (aarch64-linux-gnu-gcc, run under qemu-aarch64).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CBindingsLinkTest {
    static final List<String> STRICT = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic");
    static final String PLUGIN_PART = """
            plugin: circle area = 12
            plugin: rect area = 20
            plugin: empty area = 0
            plugin: the shape reads back Empty
            plugin: calls through its own vtable
            """;

    /** One build per target: engine 1.0 and 2.0, and the plugin (built against 1.0) without and with PIE. */
    static final class Build {
        final Workspace ws;
        final String target;
        final String gcc;
        final String[] runner;
        final Path[] engine = new Path[3];
        Path plugin;
        Path pluginPie;

        Build(Path root, String target) throws Exception {
            this.ws = new Workspace(Files.createDirectories(root.resolve(target)));
            this.target = target;
            boolean a64 = target.equals("aarch64");
            this.gcc = a64 ? AArch64Tools.GCC : "gcc";
            this.runner = a64 ? new String[] {"qemu-aarch64"} : new String[0];
            Path tmp = ws.dir;
            Path pluginSteg = ws.write("plugin.steg", resource("plugin.steg"));
            String engineC = resource("engine.c");
            for (int v = 1; v <= 2; v++) {
                Path dir = Files.createDirectories(tmp.resolve("engine-" + v));
                Path steg = ws.write("engine-" + v + "/engine.steg", resource("engine-" + v + ".0.steg"));
                bindgen("--target", target, "-o", dir.resolve("engine.h").toString(), steg.toString());
                Path c = ws.write("engine-" + v + "/engine.c", engineC);
                Path o = tmp.resolve("engine-" + v + ".o");
                List<String> cmd = new ArrayList<>(List.of(gcc, "-c"));
                cmd.addAll(flags(Workspace.NO_PIC, v == 2 ? "-DENGINE_2" : "-DENGINE_1"));
                cmd.addAll(List.of("-I", DriftDemoTest.DRIFT.toString(), c.toString(), "-o", o.toString()));
                ws.exec(cmd);
                engine[v] = ws.pack("engine-" + v + ".rcrate", steg, List.of(), o);
            }
            // the plugin is compiled once, against engine 1.0's header
            Path steg1 = tmp.resolve("engine-1/engine.steg");
            Files.copy(tmp.resolve("engine-1/engine.h"), tmp.resolve("engine.h"));
            bindgen("--target", target, "--import", steg1.toString(), "-o", tmp.resolve("plugin.h").toString(),
                    pluginSteg.toString());
            String src = resource("plugin.c");
            plugin = ws.pack("plugin.rcrate", pluginSteg, List.of(steg1),
                    ws.cc(gcc, "plugin", src, flags(Workspace.NO_PIC)));
            pluginPie = ws.pack("plugin-pie.rcrate", pluginSteg, List.of(steg1),
                    ws.cc(gcc, "plugin-pie", src, flags(Workspace.PIE)));
        }

        String run(String name, Path... inputs) throws Exception {
            LinkResult r = ws.link(name, inputs);
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = ws.run(ws.dir.resolve(name), runner);
            assertThat(ran.code()).as(ran.out()).isZero();
            return ran.out();
        }
    }

    List<Build> builds;

    static String resource(String name) {
        try (InputStream in = CBindingsLinkTest.class.getResourceAsStream("/cbindings/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code race bindgen --lang c ...}, which must succeed. */
    private static void bindgen(String... args) {
        List<String> all = new ArrayList<>(List.of("bindgen", "--lang", "c"));
        all.addAll(List.of(args));
        CliRunner.Cli r = CliRunner.race(all.toArray(String[]::new));
        assertThat(r.code()).as("race bindgen failed:%n%s", r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    private static List<String> flags(List<String> base, String... more) {
        List<String> f = new ArrayList<>(base);
        f.addAll(STRICT);
        f.addAll(List.of(more));
        return f;
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        builds = List.of(new Build(tmp, "x86_64"), new Build(tmp, "aarch64"));
    }

    @Test
    void theHeadersDeclareEveryMarkerTheCodeUses() throws Exception {
        Path dir = builds.get(0).ws.dir;
        String engineH = Files.readString(dir.resolve("engine.h"));
        String pluginH = Files.readString(dir.resolve("plugin.h"));
        assertThat(pluginH).contains("#include \"engine.h\"");
        for (String src : List.of(resource("engine.c"), resource("plugin.c"))) {
            assertThat(src).doesNotContain("__race_");
        }
        assertThat(engineH).contains("extern const char __race_tag_6engine5Shape_6Circle[];");
        assertThat(pluginH).contains("extern const char __race_vtbl_6engine6Plugin_6plugin5Mover[];");
    }

    @Test
    void withTheEngineItWasBuiltAgainst() throws Exception {
        String expected = PLUGIN_PART + """
                engine 1.0: Transform is 16 bytes; running plugin mover
                engine: step 1: pos = (11, 2, 2), scale = 2
                engine: step 2: pos = (31, 2, 0), scale = 4
                engine: step 3: pos = (61, 2, -3), scale = 8
                plugin: total = 103
                """;
        for (Build b : builds) {
            assertThat(b.run("app-1", b.engine[1], b.plugin)).as(b.target).isEqualTo(expected);
            assertThat(b.run("app-1-pie", b.engine[1], b.pluginPie)).as(b.target).isEqualTo(expected);
        }
    }

    @Test
    void unchangedWithEngine2WhoseTransformAndShapeChanged() throws Exception {
        String expected = PLUGIN_PART + """
                engine 2.0: Transform is 24 bytes; running plugin mover
                engine: step 1: pos = (11, 2, 2), scale = 2, layer = 0, rotation = 0
                engine: step 2: pos = (31, 2, 0), scale = 4, layer = 0, rotation = 0
                engine: step 3: pos = (61, 2, -3), scale = 8, layer = 0, rotation = 0
                plugin: total = 103
                """;
        for (Build b : builds) {
            assertThat(b.run("app-2", b.engine[2], b.plugin)).as(b.target).isEqualTo(expected);
            assertThat(b.run("app-2-pie", b.engine[2], b.pluginPie)).as(b.target).isEqualTo(expected);
        }
    }
}
