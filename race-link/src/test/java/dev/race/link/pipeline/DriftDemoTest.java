package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift demo of examples/drift as a test: one plugin, compiled once against engine 1.0 (in C, with and without
 * PIE, and in Rust, each against its generated bindings), links with engine 1.0 and 2.0 and computes the same body; engine 3.0 is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftDemoTest {
    static final Path DRIFT = repo().resolve("examples/drift");
    static final String BODY = "Body is %d bytes; mass = 70, velocity = -9\n";
    static final String ENGINE1 = "engine 1.0: Transform is 16 bytes; pos = (1, 64, 3), scale = 2\n";
    static final String ENGINE2 = "engine 2.0: Transform is 24 bytes; pos = (1, 64, 3), scale = 2, layer = 1, "
            + "rotation = 90\n";

    Workspace ws;
    Path[] engine = new Path[4];
    Path pluginNoPic;
    Path pluginPie;
    Path pluginRust;

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("examples/drift/run.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        List<String> flags = new ArrayList<>(Workspace.NO_PIC);
        flags.add("-fno-asynchronous-unwind-tables");
        DriftBuild noPic = new DriftBuild(ws, "nopic", "gcc", flags, "x86_64");
        for (int v = 1; v <= 3; v++) {
            engine[v] = noPic.engine(v + ".0");
        }
        pluginNoPic = noPic.plugin();
        pluginPie = new DriftBuild(ws, "pie", "gcc", Workspace.PIE, "x86_64").plugin();
        Path steg = DRIFT.resolve("plugin/plugin.steg");
        List<Path> view = List.of(DRIFT.resolve("engine-1.0/engine.steg"));
        // the Rust plugin: lib.rs beside the modules race bindgen generates, as run.sh builds it
        Path rust = Files.createDirectories(tmp.resolve("rust"));
        DriftBuild.bindings(Lang.RUST, rust, "x86_64", DriftBuild.source(view.get(0)));
        DriftBuild.bindings(Lang.RUST, rust, "x86_64", DriftBuild.source(steg), DriftBuild.source(view.get(0)));
        Files.copy(DRIFT.resolve("plugin-rust/lib.rs"), rust.resolve("lib.rs"));
        Path rs = tmp.resolve("plugin-rs.o");
        ws.exec("rustc", "--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-C", "panic=abort",
                "-D", "warnings", "-C", "relocation-model=static", rust.resolve("lib.rs").toString(), "-o",
                rs.toString());
        pluginRust = ws.pack("plugin-rs.rcrate", steg, view, rs);
    }

    private String run(String name, Path... inputs) throws Exception {
        LinkResult r = ws.link(name, inputs);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = ws.run(ws.dir.resolve(name));
        assertThat(ran.code()).isZero();
        return ran.out();
    }

    @Test
    void thePluginRunsWithTheEngineItWasBuiltAgainst() throws Exception {
        assertThat(run("app-1", engine[1], pluginNoPic))
                .isEqualTo("plugin 1.0 (built against engine 1.0): " + BODY.formatted(24) + ENGINE1);
    }

    @Test
    void theSamePluginRunsWithEngine2WhoseTransformChanged() throws Exception {
        String expected = "plugin 1.0 (built against engine 1.0): " + BODY.formatted(32) + ENGINE2;
        assertThat(run("app-2", engine[2], pluginNoPic)).isEqualTo(expected);
        assertThat(run("app-2-pie", engine[2], pluginPie)).isEqualTo(expected);
    }

    @Test
    void theRustPluginRunsWithEngine2() throws Exception {
        assertThat(run("app-2-rs", engine[2], pluginRust))
                .isEqualTo("plugin 1.0 (Rust, built against engine 1.0): " + BODY.formatted(32) + ENGINE2);
    }

    @Test
    void engine3ChangedAFieldTypeAndIsRefused() throws Exception {
        LinkResult r = ws.link("app-3", engine[3], pluginNoPic);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).contains("plugin@1.0.0", "engine@1.0.0", "engine@3.0.0", "engine::Transform.scale",
                "i32", "f32", "(in plugin_main)");
        assertThat(ws.dir.resolve("app-3")).doesNotExist();
    }
}
