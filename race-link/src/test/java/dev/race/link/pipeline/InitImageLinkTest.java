package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructors (issue 10): a C plugin built against engine 1.0's generated header allocates a resilient
 * Transform, fills it with garbage, calls {@code engine_Transform_init} (a copy of the init image, marker
 * {@code __race_init_6engine9Transform}), sets the two fields it knows and hands it to the engine. Engine 1.1
 * added {@code id: i64 = -5} and {@code layer: u8 = 7} before them: linked with 1.1 the program shows the
 * defaults, not the garbage. An engine 1.1 whose new field has no default is refused for a plugin that
 * constructs the type. The same plugin in Rust ({@code Transform::init}) gets the same output. On x86-64 and under
 * qemu-aarch64.
 */
class InitImageLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/init");
    /** Freestanding C99 with every warning an error: the flags of the C end-to-end tests built on DriftBuild. */
    static final List<String> FLAGS = List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror",
            "-ffreestanding", "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables", "-nostdlib");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void aPluginBuiltAgainst10GetsThe11Defaults(String target, @TempDir Path tmp) throws Exception {
        if (target.equals("aarch64")) {
            AArch64Tools.require();
        }
        Workspace ws = new Workspace(tmp);
        String cc = target.equals("aarch64") ? AArch64Tools.GCC : "gcc";
        DriftBuild b = new DriftBuild(ws, target, cc, FLAGS, target);
        Path engine10 = engine(b, tmp, "1.0", "engine-1.0.steg", "engine-1.0.c");
        Path engine11 = engine(b, tmp, "1.1", "engine-1.1.steg", "engine-1.1.c");
        Path engineNoDefault = engine(b, tmp, "1.1-nodefault", "engine-1.1-nodefault.steg", "engine-1.1.c");

        Path inc = tmp.resolve("plugin-include");
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("plugin.steg")),
                DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        Path o = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
        Path plugin = ws.pack(target + "-plugin.rcrate", DIR.resolve("plugin.steg"),
                List.of(DIR.resolve("engine-1.0.steg")), o);

        LinkResult with10 = ws.link("app-1.0", engine10, plugin);
        assertThat(with10.errors()).as(rendered(with10)).isEmpty();
        assertThat(b.run("app-1.0").out()).isEqualTo("engine 1.0: x = 3, scale = 4\n");

        LinkResult with11 = ws.link("app-1.1", engine11, plugin);
        assertThat(with11.errors()).as(rendered(with11)).isEmpty();
        Workspace.Ran ran = b.run("app-1.1");
        assertThat(ran.code()).isZero();
        assertThat(ran.out()).isEqualTo("engine 1.1: x = 3, scale = 4, layer = 7, id = -5\n");

        LinkResult refused = ws.link("app-nodefault", engineNoDefault, plugin);
        assertThat(refused.ok()).isFalse();
        assertThat(rendered(refused)).contains("error: plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but engine@1.1.0 ("
                + engineNoDefault + ") added field engine::Transform.layer without a default to a type plugin@1.0.0"
                + " constructs: expected a default (plugin@1.0.0 initialises engine::Transform from its init image and"
                + " leaves this field zero), found layer: u8",
                "hint: give the field a default in engine's .steg (`layer: u8 = 0`), or rebuild plugin@1.0.0 against"
                + " engine@1.1.0 and set the field",
                "used at " + target + "-plugin.o:");
        assertThat(tmp.resolve("app-nodefault")).doesNotExist();

        // the same plugin in Rust, against engine 1.0's generated module: Transform::init
        Path rust = tmp.resolve("rust");
        Files.createDirectories(rust);
        Files.copy(DIR.resolve("plugin-rust/lib.rs"), rust.resolve("lib.rs"));
        DriftBuild.bindings(Lang.RUST, rust, target, DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        DriftBuild.bindings(Lang.RUST, rust, target, DriftBuild.source(DIR.resolve("plugin.steg")),
                DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        Path rustObj = RustBindingsLinkTest.compileRust(ws, target, 2, "static", rust.resolve("lib.rs"),
                tmp.resolve(target + "-plugin-rust.o"));
        Path rustPlugin = ws.pack(target + "-plugin-rust.rcrate", DIR.resolve("plugin.steg"),
                List.of(DIR.resolve("engine-1.0.steg")), rustObj);
        LinkResult rustWith11 = ws.link("app-rust-1.1", engine11, rustPlugin);
        assertThat(rustWith11.errors()).as(rendered(rustWith11)).isEmpty();
        assertThat(b.run("app-rust-1.1").out()).isEqualTo("engine 1.1: x = 3, scale = 4, layer = 7, id = -5\n");
        assertThat(ws.link("app-rust-nodefault", engineNoDefault, rustPlugin).ok()).isFalse();
    }

    private static Path engine(DriftBuild b, Path tmp, String tag, String steg, String c) throws Exception {
        Path inc = tmp.resolve(b.target + "-engine-" + tag);
        DriftBuild.bindings(Lang.C, inc, b.target, DriftBuild.source(DIR.resolve(steg)));
        Path o = b.compile(DIR.resolve(c), "engine-" + tag, inc, DriftBuild.DRIFT);
        return b.ws.pack(b.target + "-engine-" + tag + ".rcrate", DIR.resolve(steg), List.of(), o);
    }
}
