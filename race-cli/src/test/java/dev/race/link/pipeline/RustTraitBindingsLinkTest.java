package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CBindingsLinkTest's plugin in Rust (src/test/resources/bindings/rust-trait/lib.rs) against CBindingsLinkTest's C
 * engine: the Rust plugin implements the engine's trait (its methods are {@code extern "C"} functions returning a
 * {@code RaceStr}), builds a {@code PluginDyn} from the vtable getter of its impl, calls a method through it, and
 * hands it to the engine, which calls back through the vtable. Compiled once against engine 1.0 (opt-level
 * 0..3 x {static, pic} x {x86-64, AArch64}) and linked with engine 1.0 and 2.0: exactly the C plugin's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustTraitBindingsLinkTest {
    static final Path CB = DriftDemoTest.repo().resolve("race-link/src/test/resources/cbindings");
    static final String ENGINE_1 = """
            engine 1.0: Transform is 16 bytes; running plugin mover
            engine: step 1: pos = (11, 2, 2), scale = 2
            engine: step 2: pos = (31, 2, 0), scale = 4
            engine: step 3: pos = (61, 2, -3), scale = 8
            plugin: total = 103
            """;
    static final String ENGINE_2 = """
            engine 2.0: Transform is 24 bytes; running plugin mover
            engine: step 1: pos = (11, 2, 2), scale = 2, layer = 0, rotation = 0
            engine: step 2: pos = (31, 2, 0), scale = 4, layer = 0, rotation = 0
            engine: step 3: pos = (61, 2, -3), scale = 8, layer = 0, rotation = 0
            plugin: total = 103
            """;

    Workspace ws;
    /** engine[target][version] */
    final Path[][] engine = new Path[2][3];

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        for (int t = 0; t < 2; t++) {
            String target = t == 0 ? "x86_64" : "aarch64";
            for (int v = 1; v <= 2; v++) {
                Path steg = CB.resolve("engine-" + v + ".0.steg");
                Path dir = tmp.resolve(target + "-engine-" + v);
                DriftBuild.bindings(Lang.C, dir, target, DriftBuild.source(steg));
                List<String> flags = new ArrayList<>(t == 0 ? Workspace.NO_PIC : AArch64DriftDemoTest.BASE);
                flags.addAll(CBindingsLinkTest.STRICT);
                flags.add(v == 2 ? "-DENGINE_2" : "-DENGINE_1");
                if (t == 0) flags.add(RustBindingsLinkTest.REALIGN);
                DriftBuild b = new DriftBuild(ws, target + "-engine-" + v, t == 0 ? "gcc" : AArch64Tools.GCC, flags,
                        target);
                Path o = b.compile(CB.resolve("engine.c"), "engine", dir, DriftDemoTest.DRIFT); // runtime.h
                engine[t][v] = ws.pack(target + "-engine-" + v + ".rcrate", steg, List.of(), o);
            }
        }
    }

    static Stream<Arguments> builds() {
        List<Arguments> a = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String model : List.of("static", "pic")) {
                for (int opt = 0; opt <= 3; opt++) a.add(Arguments.of(target, opt, model));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "rustc {0} opt-level={1} relocation-model={2}")
    @MethodSource("builds")
    void theRustPluginImplementsTheEnginesTraitAndRunsWithEngine1And2(String target, int opt, String model)
            throws Exception {
        boolean a64 = target.equals("aarch64");
        int t = a64 ? 1 : 0;
        Path dir = ws.dir.resolve(target + "-rust-O" + opt + "-" + model);
        Source engine1 = DriftBuild.source(CB.resolve("engine-1.0.steg"));
        DriftBuild.bindings(Lang.RUST, dir, target, engine1);
        DriftBuild.bindings(Lang.RUST, dir, target, DriftBuild.source(CB.resolve("plugin.steg")), engine1);
        try (InputStream in = getClass().getResourceAsStream("/bindings/rust-trait/lib.rs")) {
            assertThat(in).as("test resource bindings/rust-trait/lib.rs").isNotNull();
            Files.write(dir.resolve("lib.rs"), in.readAllBytes());
        }
        Path obj = dir.resolve("plugin.o");
        RustBindingsLinkTest.compileRust(ws, target, opt, model, dir.resolve("lib.rs"), obj);
        Path plugin = ws.pack(dir.getFileName() + ".rcrate", CB.resolve("plugin.steg"),
                List.of(CB.resolve("engine-1.0.steg")), obj);
        for (int v = 1; v <= 2; v++) {
            String program = dir.getFileName() + "-app-" + v;
            LinkResult r = ws.link(program, engine[t][v], plugin);
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = a64 ? ws.run(ws.dir.resolve(program), "qemu-aarch64") : ws.run(ws.dir.resolve(program));
            assertThat(ran.code()).as(ran.out()).isZero();
            assertThat(ran.out()).isEqualTo(CBindingsLinkTest.PLUGIN_PART + (v == 1 ? ENGINE_1 : ENGINE_2));
        }
    }
}
