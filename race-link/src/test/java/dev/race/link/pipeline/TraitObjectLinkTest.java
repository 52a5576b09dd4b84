package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trait objects complete across crates (issue 10, "Trait evolution"): drop glue and supertraits with upcasting. The
 * plugin (C, built against the generated headers) boxes two types of its own with the engine's allocator and hands
 * each to the engine as a {@code Box<dyn engine::Solid>} ({@code Solid: Shape + Tagged}, {@code Shape: Named}). The
 * engine calls Solid's own method and the inherited ones through Solid's vtable, upcasts to {@code dyn Shape},
 * {@code dyn Named} (directly and through Shape) and {@code dyn Tagged} through the words the linker put in the vtable
 * ({@code __race_upcast_} markers), calls a default body reached from both vtables, and drops the box with the
 * generated {@code engine_Solid_box_drop}: Cube's drop glue ({@code #[drop]}) runs, Dot has none (word 0 is 0), and
 * both are freed. Linked by RACE and run natively on x86-64 and under qemu-aarch64; the output is compared in full.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraitObjectLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/traits");

    static final String EXPECTED = """
            size 16
            volume 27
            area (Shape, through Solid) 54
            name (Named, through Solid) 1007
            tag (Tagged, through Solid) 7
            weight (Tagged, through Solid) 700
            as Shape: area 54
            as Shape: name 1007
            as Shape as Named: name 1007
            as Named: name 1007
            as Tagged: tag 7
            as Tagged: weight 700
            drop glue: cube 7
            free: a block of the arena
            dropped
            size 8
            volume 0
            area (Shape, through Solid) 0
            name (Named, through Solid) 2009
            tag (Tagged, through Solid) 9
            weight (Tagged, through Solid) 1
            as Shape: area 0
            as Shape: name 2009
            as Shape as Named: name 2009
            as Named: name 2009
            as Tagged: tag 9
            as Tagged: weight 1
            free: a block of the arena
            dropped
            """;

    Workspace ws;

    @BeforeAll
    void tools(@TempDir Path tmp) {
        AArch64Tools.require();
        ws = new Workspace(tmp);
    }

    static Stream<Arguments> builds() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String opt : List.of("-O0", "-O2")) {
                out.add(Arguments.of(target, opt));
            }
        }
        return out.stream();
    }

    private DriftBuild build(String tag, String target, String opt) {
        return new DriftBuild(ws, tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc",
                List.of(opt, "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-stack-protector",
                        "-fno-builtin", "-fno-asynchronous-unwind-tables"), target);
    }

    /** Packs the engine of {@code engineSteg} and the plugin (built and packed against engine.steg). */
    private Path[] pack(DriftBuild b, String tag, Path engineSteg) throws Exception {
        Path inc = ws.dir.resolve(tag + "-include");
        var engine = DriftBuild.source(DIR.resolve("engine.steg"));
        DriftBuild.bindings(Lang.C, inc, b.target, engine);
        DriftBuild.bindings(Lang.C, inc, b.target, DriftBuild.source(DIR.resolve("plugin.steg")), engine);
        Path einc = ws.dir.resolve(tag + "-engine-include");
        DriftBuild.bindings(Lang.C, einc, b.target, DriftBuild.source(engineSteg));
        Path eo = b.compile(DIR.resolve("engine.c"), "engine", einc, DriftDemoTest.DRIFT);
        Path po = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
        Path er = ws.pack(tag + "-engine.rcrate", engineSteg, List.of(), eo);
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")), po);
        return new Path[]{er, pr};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void theEngineCallsUpcastsAndDropsThePluginsBoxedObjects(String target, String opt) throws Exception {
        String tag = target + opt;
        DriftBuild b = build(tag, target, opt);
        Path[] crates = pack(b, tag, DIR.resolve("engine.steg"));
        String program = tag + "-app";
        LinkResult r = ws.link(program, crates[0], crates[1]);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = b.run(program);
        assertThat(ran.out()).isEqualTo(EXPECTED);
        assertThat(ran.code()).as(ran.out()).isZero();
        // the vtables the linker made: Solid's for both types, and Named's, Shape's and Tagged's for the upcasts
        String syms = ws.exec("readelf", "-W", "-s", ws.dir.resolve(program).toString());
        for (String t : List.of("6engine5Named", "6engine5Shape", "6engine6Tagged", "6engine5Solid")) {
            assertThat(syms).contains("__race_vtbl_" + t + "_6plugin4Cube", "__race_vtbl_" + t + "_6plugin3Dot");
        }
    }

    static Stream<Arguments> rustBuilds() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (int opt : List.of(0, 2)) {
                out.add(Arguments.of(target, opt));
            }
        }
        return out.stream();
    }

    /**
     * The plugin in Rust (plugin-rust/lib.rs on the generated modules): the same impl bodies and drop glue, and it
     * drops a boxed Cube itself through {@code SolidDyn}'s upcasts and {@code drop_box} before handing a Cube and a
     * Dot to the C engine.
     */
    @ParameterizedTest(name = "rustc {0} opt-level={1}")
    @MethodSource("rustBuilds")
    void aRustPluginUpcastsAndDropsThroughTheRustBindings(String target, int opt) throws Exception {
        String tag = target + "-rust-O" + opt;
        DriftBuild b = build(tag, target, "-O2");
        Path einc = ws.dir.resolve(tag + "-engine-include");
        DriftBuild.bindings(Lang.C, einc, target, DriftBuild.source(DIR.resolve("engine.steg")));
        Path eo = b.compile(DIR.resolve("engine.c"), "engine", einc, DriftDemoTest.DRIFT);
        Path rs = ws.dir.resolve(tag + "-rs");
        var engine = DriftBuild.source(DIR.resolve("engine.steg"));
        DriftBuild.bindings(Lang.RUST, rs, target, engine);
        DriftBuild.bindings(Lang.RUST, rs, target, DriftBuild.source(DIR.resolve("plugin.steg")), engine);
        Files.copy(DIR.resolve("plugin-rust/lib.rs"), rs.resolve("lib.rs"));
        Path po = RustBindingsLinkTest.compileRust(ws, target, opt, "static", rs.resolve("lib.rs"),
                rs.resolve("plugin.o"));
        Path er = ws.pack(tag + "-engine.rcrate", DIR.resolve("engine.steg"), List.of(), eo);
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")), po);
        String program = tag + "-app";
        LinkResult r = ws.link(program, er, pr);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = b.run(program);
        assertThat(ran.out()).isEqualTo("rust: volume 8\n"
                + "rust: name (Named, through Solid) 1005\n"
                + "rust: as Shape: area 24\n"
                + "rust: as Shape as Named: name 1005\n"
                + "rust: as Tagged: weight 500\n"
                + "drop glue: cube 5\n"
                + "free: a block of the arena\n"
                + "rust: dropped\n" + EXPECTED);
        assertThat(ran.code()).as(ran.out()).isZero();
    }

    /**
     * An engine whose Solid no longer has Tagged as a supertrait: the plugin was built seeing {@code Solid: Shape +
     * Tagged} (its calls and upcasts rely on it), so the link is refused, naming both versions.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void anEngineThatDroppedASupertraitIsRefused(String target) throws Exception {
        String tag = target + "-nosuper";
        String text = Files.readString(DIR.resolve("engine.steg"))
                .replace("crate engine 1.0.0;", "crate engine 1.1.0;")
                .replace("pub trait Solid: Shape + Tagged {", "pub trait Solid: Shape {");
        Path steg = ws.write(tag + "/engine.steg", text);
        DriftBuild b = build(tag, target, "-O2");
        // the engine's own code no longer upcasts to Tagged: compile it without those lines
        String c = Files.readString(DIR.resolve("engine.c"));
        c = c.replace("    line(\"tag (Tagged, through Solid)\", engine_Solid_tag(s));\n", "")
                .replace("    line(\"weight (Tagged, through Solid)\", engine_Solid_weight(s));\n", "");
        c = c.substring(0, c.indexOf("    engine_Tagged_dyn tagged")) + c.substring(c.indexOf("    engine_Solid_box_drop"));
        Path engineC = ws.write(tag + "/engine.c", c);
        Path inc = ws.dir.resolve(tag + "-include");
        var engine = DriftBuild.source(DIR.resolve("engine.steg"));
        DriftBuild.bindings(Lang.C, inc, target, engine);
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("plugin.steg")), engine);
        DriftBuild.bindings(Lang.C, steg.getParent(), target, DriftBuild.source(steg));
        Path er = ws.pack(tag + "-engine.rcrate", steg, List.of(),
                b.compile(engineC, "engine", steg.getParent(), DriftDemoTest.DRIFT));
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")),
                b.compile(DIR.resolve("plugin.c"), "plugin", inc));
        String program = tag + "-app";
        LinkResult r = ws.link(program, er, pr);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).contains("error: plugin@1.0.0 (" + pr + ") imports engine@1.0.0 but engine@1.1.0 ("
                        + er + ") removed supertrait engine::Tagged of trait engine::Solid",
                "expected: trait engine::Solid: engine::Shape + engine::Tagged",
                "found: trait engine::Solid: engine::Shape");
        assertThat(ws.dir.resolve(program)).doesNotExist();
    }
}
