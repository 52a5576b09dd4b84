package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code #[frozen]} traits (issue 10): a C plugin built against engine 1.0's generated header calls the frozen
 * {@code engine::Codec} through constant slots (its object has no {@code __race_slot_} marker) — the engine's own
 * Doubler through the vtable the link builds — and hands the engine its own Rot codec, which the engine calls through
 * its own header's constants. Engine 1.1 appends {@code check} with a default body: the old plugin links and runs,
 * its impl reaching {@code check} through a trampoline. An engine 1.1 that inserts {@code check} first (moving the
 * slots the plugin compiled in) or that unfreezes the trait is refused with the message of docs/contracts.md. On
 * x86-64 and under qemu-aarch64.
 */
class FrozenTraitLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/frozentrait");
    private static final List<String> FLAGS = InitImageLinkTest.FLAGS;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void anOldCallerWithConstantSlotsRunsOnAnAppendedTraitAndIsRefusedWhenSlotsMove(String target, @TempDir Path tmp)
            throws Exception {
        if (target.equals("aarch64")) {
            AArch64Tools.require();
        }
        Workspace ws = new Workspace(tmp);
        String cc = target.equals("aarch64") ? AArch64Tools.GCC : "gcc";
        Path engine10 = engine(ws, target, cc, tmp, "1.0", "engine-1.0.steg", false);
        Path engine11 = engine(ws, target, cc, tmp, "1.1", "engine-1.1.steg", true);
        Path inserted = engine(ws, target, cc, tmp, "1.1-inserted", "engine-1.1-inserted.steg", true);
        Path unfrozen = engine(ws, target, cc, tmp, "1.1-unfrozen", "engine-1.1-unfrozen.steg", true);

        DriftBuild b = new DriftBuild(ws, target, cc, FLAGS, target);
        Path inc = tmp.resolve("plugin-include");
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("plugin.steg")),
                DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        assertThat(Files.readString(inc.resolve("engine.h"))).as("a frozen trait's slots are constants")
                .contains("(const char *)self.vtable + 24))", "(const char *)self.vtable + 32))")
                .doesNotContain("__race_slot_");
        Path o = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
        String nm = ws.exec(target.equals("aarch64") ? "aarch64-linux-gnu-nm" : "nm", o.toString());
        assertThat(nm).as("the plugin's object asks for no slot").doesNotContain("__race_slot_")
                .contains("__race_vtbl_6engine5Codec_6engine7Doubler");
        Path plugin = ws.pack(target + "-plugin.rcrate", DIR.resolve("plugin.steg"),
                List.of(DIR.resolve("engine-1.0.steg")), o);

        LinkResult with10 = ws.link("app-1.0", engine10, plugin);
        assertThat(with10.errors()).as(rendered(with10)).isEmpty();
        Workspace.Ran ran10 = b.run("app-1.0");
        assertThat(ran10.out()).isEqualTo("""
                engine: encode 42 decode 35
                plugin: doubler encode 41 decode 20
                """);
        assertThat(ran10.code()).isZero();

        LinkResult with11 = ws.link("app-1.1", engine11, plugin);
        assertThat(with11.errors()).as(rendered(with11)).isEmpty();
        Workspace.Ran ran11 = b.run("app-1.1");
        assertThat(ran11.out()).as("the plugin's Rot gets check from the default body, through the vtable")
                .isEqualTo("""
                        engine: encode 42 decode 35 check 1
                        plugin: doubler encode 41 decode 20
                        """);
        assertThat(ran11.code()).isZero();

        // the same plugin in Rust, against engine 1.0's generated module (CodecDyn with constant slots)
        Path rust = tmp.resolve("rust");
        Files.createDirectories(rust);
        Files.copy(DIR.resolve("plugin-rust/lib.rs"), rust.resolve("lib.rs"));
        DriftBuild.bindings(Lang.RUST, rust, target, DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        DriftBuild.bindings(Lang.RUST, rust, target, DriftBuild.source(DIR.resolve("plugin.steg")),
                DriftBuild.source(DIR.resolve("engine-1.0.steg")));
        assertThat(Files.readString(rust.resolve("engine.rs"))).contains("self.vtable.wrapping_add(24usize)")
                .doesNotContain("__race_slot_");
        Path rustObj = RustBindingsLinkTest.compileRust(ws, target, 2, "static", rust.resolve("lib.rs"),
                tmp.resolve(target + "-plugin-rust.o"));
        Path rustPlugin = ws.pack(target + "-plugin-rust.rcrate", DIR.resolve("plugin.steg"),
                List.of(DIR.resolve("engine-1.0.steg")), rustObj);
        LinkResult rustWith11 = ws.link("app-rust-1.1", engine11, rustPlugin);
        assertThat(rustWith11.errors()).as(rendered(rustWith11)).isEmpty();
        assertThat(b.run("app-rust-1.1").out()).isEqualTo(ran11.out());
        assertThat(ws.link("app-rust-inserted", inserted, rustPlugin).ok()).isFalse();

        LinkResult moved = ws.link("app-inserted", inserted, plugin);
        assertThat(moved.ok()).isFalse();
        assertThat(rendered(moved)).contains("error: plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but engine@1.1.0 ("
                + inserted + ") moved the vtable slot of method engine::Codec::encode in a trait plugin@1.0.0 saw"
                + " #[frozen]: expected method 1 of frozen engine::Codec, found method 2");
        assertThat(rendered(moved)).contains("moved the vtable slot of method engine::Codec::decode");
        assertThat(tmp.resolve("app-inserted")).doesNotExist();

        LinkResult thawed = ws.link("app-unfrozen", unfrozen, plugin);
        assertThat(thawed.ok()).isFalse();
        assertThat(rendered(thawed)).contains("error: plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but engine@1.1.0 ("
                + unfrozen + ") no longer freezes engine::Codec: expected #[frozen], found not frozen");
        assertThat(tmp.resolve("app-unfrozen")).doesNotExist();
    }

    /** {@code race diff} applies the same rules: appending is compatible (exit 4), moving a slot breaking (12). */
    @org.junit.jupiter.api.Test
    void raceDiffClassifiesFrozenTraitChangesAsTheLinkDoes() {
        String v10 = DIR.resolve("engine-1.0.steg").toString();
        CliRunner.Cli appended = CliRunner.race("diff", v10, DIR.resolve("engine-1.1.steg").toString());
        assertThat(appended.code()).as(appended.out() + appended.err()).isEqualTo(4);
        assertThat(appended.out()).contains("compatible under RACE: added method engine::Codec::check with a default body",
                "1 change: 0 breaking, 0 breaking if a client uses it, 1 compatible under RACE");
        CliRunner.Cli inserted = CliRunner.race("diff", v10, DIR.resolve("engine-1.1-inserted.steg").toString());
        assertThat(inserted.code()).as(inserted.out() + inserted.err()).isEqualTo(12);
        assertThat(inserted.out()).contains("moved the vtable slot of method engine::Codec::encode in a trait a client"
                + " of engine@1.0.0 saw #[frozen]: expected method 1 of frozen engine::Codec, found method 2");
        CliRunner.Cli thawed = CliRunner.race("diff", v10, DIR.resolve("engine-1.1-unfrozen.steg").toString());
        assertThat(thawed.code()).isEqualTo(12);
        assertThat(thawed.out()).contains("no longer freezes engine::Codec");
    }

    private static Path engine(Workspace ws, String target, String cc, Path tmp, String tag, String steg, boolean v11)
            throws Exception {
        List<String> flags = new ArrayList<>(FLAGS);
        if (v11) flags.add("-DENGINE_1_1");
        DriftBuild b = new DriftBuild(ws, target + "-" + tag, cc, flags, target);
        Path inc = tmp.resolve(target + "-engine-" + tag);
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve(steg)));
        Path o = b.compile(DIR.resolve("engine.c"), "engine", inc, DriftBuild.DRIFT);
        return ws.pack(target + "-engine-" + tag + ".rcrate", DIR.resolve(steg), List.of(), o);
    }
}
