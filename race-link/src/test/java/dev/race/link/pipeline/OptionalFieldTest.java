package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optional fields across versions (issue 10, "what libbpf calls field-exists"): a plugin built against engine 2.0,
 * whose Transform has {@code layer}, guards its use of the field with {@code engine_Transform_has_layer()} (the
 * marker {@code __race_has_6engine9Transform_5layer}). Linked with engine 2.0 it reads the field; linked with engine
 * 1.0, which lacks it, the link warns and the program takes the other branch. Without the guard the link with 1.0 is
 * refused. On x86-64 and under qemu-aarch64, against generated bindings.
 */
class OptionalFieldTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/optional");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void aGuardedFieldLinksWithTheEngineThatLacksIt(String target, @TempDir Path tmp) throws Exception {
        if (target.equals("aarch64")) {
            AArch64Tools.require();
        }
        Workspace ws = new Workspace(tmp);
        String cc = target.equals("aarch64") ? AArch64Tools.GCC : "gcc";
        List<String> flags = List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
                "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables");
        DriftBuild engines = new DriftBuild(ws, "engines", cc, flags, target);
        Path engine1 = engines.engine("1.0");
        Path engine2 = engines.engine("2.0");
        Path inc = tmp.resolve("include");
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DriftBuild.steg("2.0")));
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("plugin.steg")),
                DriftBuild.source(DriftBuild.steg("2.0")));
        Path guarded = plugin(ws, cc, flags, target, inc, "guarded", List.of());
        Path unguarded = plugin(ws, cc, flags, target, inc, "unguarded", List.of("-DUNGUARDED"));
        DriftBuild runner = new DriftBuild(ws, "run", cc, flags, target);

        LinkResult with2 = ws.link("app-2", engine2, guarded);
        assertThat(with2.errors()).as(rendered(with2)).isEmpty();
        assertThat(runner.run("app-2").out()).isEqualTo("plugin 2.0: scale = 4, layer = 1\n");

        LinkResult with1 = ws.link("app-1", engine1, guarded);
        assertThat(with1.errors()).as(rendered(with1)).isEmpty();
        assertThat(with1.diagnostics()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
                .contains("engine@1.0.0", "has no field engine::Transform.layer"));
        assertThat(rendered(with1)).contains("guarded by __race_has_6engine9Transform_5layer, which answers 0");
        Workspace.Ran ran = runner.run("app-1");
        assertThat(ran.code()).isZero();
        assertThat(ran.out()).isEqualTo("plugin 2.0: scale = 4, this engine has no layer\n");

        LinkResult refused = ws.link("app-1-unguarded", engine1, unguarded);
        assertThat(refused.ok()).isFalse();
        assertThat(rendered(refused)).contains("error: plugin@2.0.0", "has no field engine::Transform.layer",
                "used at " + target + "-unguarded-plugin.o:");
        assertThat(tmp.resolve("app-1-unguarded")).doesNotExist();
    }

    private static Path plugin(Workspace ws, String cc, List<String> flags, String target, Path inc, String name,
                               List<String> extra) throws Exception {
        List<String> f = new ArrayList<>(flags);
        f.addAll(extra);
        DriftBuild b = new DriftBuild(ws, target + "-" + name, cc, f, target);
        Path o = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
        return ws.pack(name + ".rcrate", DIR.resolve("plugin.steg"), List.of(DriftBuild.steg("2.0")), o);
    }
}
