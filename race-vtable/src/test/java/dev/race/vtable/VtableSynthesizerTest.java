package dev.race.vtable;

import dev.race.codegen.ArgShape;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Slot offsets and vtable plans computed from {@code .steg} text compiled by the real front end. */
class VtableSynthesizerTest {
    static final String ENGINE = """
            crate engine 2.0.0;
            pub struct App { world: u64 }
            pub struct Transform { pub x: f32, pub layer: u8 }
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, app: &mut App) effects(alloc);
                fn priority(&self) -> i32 = default(engine_plugin_priority);
            }
            pub trait Empty {}
            """;
    static final String PLUGIN = """
            crate plugin 0.1.0;
            pub struct Physics { gravity: f32, id: u64 }
            pub struct Lazy { a: u8 }
            impl engine::Plugin for Physics { fn name = physics_name; fn build = physics_build; }
            impl engine::Plugin for Lazy { fn name = lazy_name; }
            """;

    static List<Crate> compile(String... texts) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            sources.add(new Source("s" + i + ".steg", texts[i]));
        }
        CompileResult r = StegCompiler.compile(sources);
        assertThat(r.diagnostics()).as("steg diagnostics").isEmpty();
        return r.crates();
    }

    static VtableSynthesizer synth(List<Crate> crates) {
        return new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), crates), crates);
    }

    @Test
    void slotsFollowDeclarationOrderAfterThreeHeaderWords() {
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN));
        Path plugin = Path.parse("engine::Plugin");
        assertThat(s.slotOffset(plugin, "name")).isEqualTo(24);
        assertThat(s.slotOffset(plugin, "build")).isEqualTo(32);
        assertThat(s.slotOffset(plugin, "priority")).isEqualTo(40);
    }

    @Test
    void slotQuestionsAboutUnknownThingsNameThem() {
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN));
        assertThatThrownBy(() -> s.slotOffset(Path.parse("engine::Plugin"), "nmae"))
                .isInstanceOf(VtableException.class)
                .hasMessage("trait engine::Plugin has no method `nmae` (its methods: name, build, priority)");
        assertThatThrownBy(() -> s.slotOffset(Path.parse("engine::Empty"), "x"))
                .hasMessage("trait engine::Empty has no method `x` (its methods: none)");
        assertThatThrownBy(() -> s.slotOffset(Path.parse("engine::Plugn"), "name"))
                .hasMessage("unknown trait engine::Plugn: no crate of the link declares it (crates: engine@2.0.0, "
                        + "plugin@0.1.0)");
        assertThatThrownBy(() -> s.slotOffset(Path.parse("engine::App"), "name"))
                .hasMessage("engine::App is a struct, not a trait");
    }

    @Test
    void planFillsFromImplThenFromDefault() {
        List<Crate> crates = compile(ENGINE, PLUGIN);
        LayoutSolver solver = new LayoutSolver(TargetSpec.named("x86_64"), crates);
        VtableSynthesizer s = new VtableSynthesizer(solver, crates);
        VtablePlan p = s.plan(Path.parse("engine::Plugin"), Path.parse("plugin::Physics"));
        assertThat(p.trait()).isEqualTo(Path.parse("engine::Plugin"));
        assertThat(p.type()).isEqualTo(Path.parse("plugin::Physics"));
        assertThat(p.size()).isEqualTo(solver.sizeOf(Path.parse("plugin::Physics"))).isEqualTo(16);
        assertThat(p.align()).isEqualTo(8);
        assertThat(p.dropSymbol()).isNull();
        assertThat(p.methods()).containsExactly(
                new VtableEntry("name", "physics_name", false, List.of()),
                new VtableEntry("build", "physics_build", false,
                        List.of(ArgShape.integer("parameter `app: &mut engine::App`", 8))),
                new VtableEntry("priority", "engine_plugin_priority", true, List.of()));
    }

    @Test
    void implInAThirdCrateIsFound() {
        String glue = """
                crate glue 1.0.0;
                impl engine::Plugin for engine::App { fn name = app_name; fn build = app_build; fn priority = app_prio; }
                """;
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN, glue));
        VtablePlan p = s.plan(Path.parse("engine::Plugin"), Path.parse("engine::App"));
        assertThat(p.methods()).extracting(VtableEntry::symbol).containsExactly("app_name", "app_build", "app_prio");
        assertThat(p.methods()).noneMatch(VtableEntry::fromDefault);
        assertThat(p.size()).isEqualTo(8);
    }

    @Test
    void oneImplDeclaredByTwoCratesIsRefused() {
        String glue = """
                crate glue 1.0.0;
                impl engine::Plugin for engine::App { fn name = app_name; fn build = app_build; }
                """;
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN, glue, glue.replace("glue", "glue2")));
        assertThatThrownBy(() -> s.plan(Path.parse("engine::Plugin"), Path.parse("engine::App")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl engine::Plugin for engine::App is declared by two crates: glue@1.0.0 and glue2@1.0.0");
    }

    @Test
    void missingMethodWithoutDefaultIsRefused() {
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN));
        assertThatThrownBy(() -> s.plan(Path.parse("engine::Plugin"), Path.parse("plugin::Lazy")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl engine::Plugin for plugin::Lazy does not implement `build` and the trait has no default");
    }

    @Test
    void noImplIsRefused() {
        VtableSynthesizer s = synth(compile(ENGINE, PLUGIN));
        assertThatThrownBy(() -> s.plan(Path.parse("engine::Plugin"), Path.parse("engine::Transform")))
                .isInstanceOf(VtableException.class)
                .hasMessage("no impl engine::Plugin for engine::Transform in the link: no crate declares `impl "
                        + "engine::Plugin for engine::Transform`, so there is no vtable of engine::Transform as dyn "
                        + "engine::Plugin");
    }

    @Test
    void implMethodTheLinkedTraitNoLongerDeclaresIsRefused() {
        // the plugin was compiled against an engine whose Plugin had `reload`; the engine it is linked with has not
        String oldEngine = ENGINE.replace("2.0.0", "1.0.0").replace("fn priority", "fn reload(&mut self);\n    fn priority");
        String plugin = PLUGIN.replace("fn build = physics_build;", "fn build = physics_build; fn reload = physics_reload;");
        Crate pluginCrate = compile(oldEngine, plugin).get(1);
        Crate engine2 = compile(ENGINE).get(0);
        VtableSynthesizer s = synth(List.of(engine2, pluginCrate));
        assertThatThrownBy(() -> s.plan(Path.parse("engine::Plugin"), Path.parse("plugin::Physics")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl engine::Plugin for plugin::Physics implements `reload`, which trait engine::Plugin "
                        + "does not declare (its methods: name, build, priority)");
    }

    @Test
    void argumentShapesAfterSelf() {
        String t = """
                crate t 1.0.0;
                pub struct Big { a: u64, b: u64, c: u64 }
                pub trait Tr {
                    fn scalars(&self, a: u8, b: f32, c: i64, d: bool, e: char, f: f64) = default(d_scalars);
                    fn fat(&self, s: &str, x: &[u32], d: &dyn Tr) = default(d_fat);
                    fn ptrs(&mut self, a: *const u8, b: Box<Big>, c: &mut Big, f: fn(u8) -> u8) = default(d_ptrs);
                    fn opts(&self, a: Option<&Big>, b: Option<Box<Big>>, c: Option<u32>, d: Option<f64>, e: Option<bool>) = default(d_opts);
                    fn wide(self: Box<Self>, a: u128) -> u128 = default(d_wide);
                    fn none(&self) = default(d_none);
                    fn byval(&self, b: Big) = default(d_byval);
                    fn bigret(&self) -> Big = default(d_bigret);
                    fn noself(a: u8) = default(d_noself);
                }
                pub struct S { x: u8 }
                impl Tr for S {}
                pub struct R { x: u8 }
                impl Tr for R { fn byval = r_byval; fn bigret = r_bigret; fn noself = r_noself; }
                """;
        VtableSynthesizer s = synth(compile(t));
        VtablePlan p = s.plan(Path.parse("t::Tr"), Path.parse("t::R"));
        assertThat(p.methods()).extracting(e -> render(e.argsAfterSelf())).containsExactly(
                // size/align, then each scalar piece (I integer, F float) at its offset
                "a 1/1 I0+1; b 4/4 F0+4; c 8/8 I0+8; d 1/1 I0+1; e 4/4 I0+4; f 8/8 F0+8",
                // fat pointers: data and length (or vtable)
                "s 16/8 I0+8 I8+8; x 16/8 I0+8 I8+8; d 16/8 I0+8 I8+8",
                "a 8/8 I0+8; b 8/8 I0+8; c 8/8 I0+8; f 8/8 I0+8",
                // Option: a pointer's niche (passed as the pointer), a tag and the payload where the solver puts
                // them, bool's niche
                "a 8/8 I0+8; b 8/8 I0+8; c 8/4 I0+4 I4+4; d 16/8 I0+8 F8+8; e 1/1 I0+1",
                // a u128 is one 16-byte integer aligned to 16: the targets put it in a register pair
                "a 16/16 I0+16",
                "",
                // the impl fills byval, bigret, noself: not modelled, no trampoline needed
                "null", "null", "null");
        assertThatThrownBy(() -> s.plan(Path.parse("t::Tr"), Path.parse("t::S")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl t::Tr for t::S: the default body of `byval` (d_byval) needs a trampoline, but RACE "
                        + "cannot tell how parameter `b: t::Big` is passed (only scalars, pointers, references, Box, "
                        + "Option of those, slices, str and dyn references are known)");
        String noByval = t.replace("impl Tr for S {}", "impl Tr for S { fn byval = s_byval; }");
        assertThatThrownBy(() -> synth(compile(noByval)).plan(Path.parse("t::Tr"), Path.parse("t::S")))
                .hasMessage("impl t::Tr for t::S: the default body of `bigret` (d_bigret) needs a trampoline, but its "
                        + "return type t::Big may be returned through a hidden pointer ahead of self, which RACE "
                        + "cannot tell");
        String onlyNoself = t.replace("impl Tr for S {}", "impl Tr for S { fn byval = s_byval; fn bigret = s_bigret; }");
        assertThatThrownBy(() -> synth(compile(onlyNoself)).plan(Path.parse("t::Tr"), Path.parse("t::S")))
                .hasMessage("impl t::Tr for t::S: the default body of `noself` (d_noself) needs a trampoline, but it "
                        + "has no `self` receiver, so there is no data pointer to pass the vtable after");
    }

    @Test
    void aFrozenStructByValueIsRefusedWithTheReasonAndTheRemedy() {
        String t = """
                crate t 1.0.0;
                #[frozen]
                pub struct V { pub x: f32, pub y: f32 }
                pub trait Tr { fn f(&self, v: V) -> f32 = default(d_f); }
                pub struct S { x: u8 }
                impl Tr for S {}
                """;
        assertThatThrownBy(() -> synth(compile(t)).plan(Path.parse("t::Tr"), Path.parse("t::S")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl t::Tr for t::S: the default body of `f` (d_f) needs a trampoline, but RACE does not "
                        + "place parameter `v: t::V`, a #[frozen] struct by value, in a trampoline: how C passes it "
                        + "depends on the exact type the bindings declare (a padding member makes an x86-64 eightbyte "
                        + "INTEGER, and an AArch64 HFA an ordinary composite); take it by reference (&t::V)");
    }

    /** "name size/align pieces; ..." for each shape; "null" for none. */
    static String render(List<ArgShape> shapes) {
        if (shapes == null) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        for (ArgShape a : shapes) {
            StringBuilder sb = new StringBuilder(a.what().replaceAll("parameter `([^:]+):.*", "$1"));
            sb.append(' ').append(a.size()).append('/').append(a.align());
            for (ArgShape.Piece p : a.pieces()) {
                sb.append(' ').append(p.kind() == ArgShape.Kind.FLOAT ? 'F' : 'I').append(p.offset()).append('+')
                        .append(p.size());
            }
            out.add(sb.toString());
        }
        return String.join("; ", out);
    }

    @Test
    void layoutErrorsNameTheVtable() {
        String t = """
                crate t 1.0.0;
                pub trait Tr { fn f(&self); }
                pub struct Huge { a: [u64; 0x0fffffffffffffff], b: [u64; 0x0fffffffffffffff] }
                impl Tr for Huge { fn f = huge_f; }
                """;
        VtableSynthesizer s = synth(compile(t));
        assertThatThrownBy(() -> s.plan(Path.parse("t::Tr"), Path.parse("t::Huge")))
                .isInstanceOf(VtableException.class)
                .hasMessageStartingWith("vtable of t::Huge as dyn t::Tr: ");
    }

    static final String SUPERS = """
            crate engine 1.0.0;
            pub trait Named { fn name(&self) -> i64; }
            pub trait Tagged { fn tag(&self) -> i64; fn weight(&self) -> i64 = default(engine_weight); }
            pub trait Shape: Named { fn area(&self) -> i64; fn name2(&self) -> i64; }
            pub trait Solid: Shape + Tagged + Named { fn volume(&self) -> i64; }
            """;
    static final String CUBE = """
            crate plugin 1.0.0;
            #[drop = "cube_drop"]
            pub struct Cube { side: i64 }
            impl engine::Named for Cube { fn name = cube_name; }
            impl engine::Tagged for Cube { fn tag = cube_tag; }
            impl engine::Shape for Cube { fn area = cube_area; fn name2 = cube_name2; }
            impl engine::Solid for Cube { fn volume = cube_volume; }
            """;

    @Test
    void supertraitMethodsComeFirstDepthFirstEachOnceThenTheUpcastWords() {
        VtableSynthesizer s = synth(compile(SUPERS, CUBE));
        Path solid = Path.parse("engine::Solid");
        // Named (via Shape), Shape, Tagged; Named is not repeated although Solid names it again
        assertThat(s.supertraits(solid)).containsExactly(Path.parse("engine::Named"), Path.parse("engine::Shape"),
                Path.parse("engine::Tagged"));
        assertThat(s.slotOffset(solid, "name")).isEqualTo(24);
        assertThat(s.slotOffset(solid, "area")).isEqualTo(32);
        assertThat(s.slotOffset(solid, "name2")).isEqualTo(40);
        assertThat(s.slotOffset(solid, "tag")).isEqualTo(48);
        assertThat(s.slotOffset(solid, "weight")).isEqualTo(56);
        assertThat(s.slotOffset(solid, "volume")).isEqualTo(64);
        assertThat(s.upcastOffset(solid, Path.parse("engine::Named"))).isEqualTo(72);
        assertThat(s.upcastOffset(solid, Path.parse("engine::Shape"))).isEqualTo(80);
        assertThat(s.upcastOffset(solid, Path.parse("engine::Tagged"))).isEqualTo(88);
        // Shape's vtable is the prefix of Solid's: the same slots for the same methods
        Path shape = Path.parse("engine::Shape");
        assertThat(s.slotOffset(shape, "name")).isEqualTo(24);
        assertThat(s.slotOffset(shape, "area")).isEqualTo(32);
        assertThat(s.upcastOffset(shape, Path.parse("engine::Named"))).isEqualTo(48);
    }

    @Test
    void aPlanFillsInheritedSlotsFromTheSupertraitsImplsAndCarriesDropGlueAndUpcasts() {
        VtableSynthesizer s = synth(compile(SUPERS, CUBE));
        VtablePlan p = s.plan(Path.parse("engine::Solid"), Path.parse("plugin::Cube"));
        assertThat(p.dropSymbol()).isEqualTo("cube_drop");
        assertThat(p.methods()).extracting(VtableEntry::method)
                .containsExactly("name", "area", "name2", "tag", "weight", "volume");
        assertThat(p.methods()).extracting(VtableEntry::symbol)
                .containsExactly("cube_name", "cube_area", "cube_name2", "cube_tag", "engine_weight", "cube_volume");
        assertThat(p.methods()).extracting(e -> e.owner() == null ? null : e.owner().toString())
                .containsExactly("engine::Named", "engine::Shape", "engine::Shape", "engine::Tagged", "engine::Tagged",
                        null);
        assertThat(p.methods().get(4).fromDefault()).isTrue();
        assertThat(p.upcasts()).containsExactly(Path.parse("engine::Named"), Path.parse("engine::Shape"),
                Path.parse("engine::Tagged"));
        // the same drop glue in every vtable of the type
        assertThat(s.plan(Path.parse("engine::Named"), Path.parse("plugin::Cube")).dropSymbol()).isEqualTo("cube_drop");
    }

    @Test
    void aMissingSupertraitImplAnUnrelatedUpcastAndAnAmbiguousNameAreRefused() {
        String plugin = CUBE.replace("impl engine::Tagged for Cube { fn tag = cube_tag; }\n", "");
        VtableSynthesizer s = synth(compile(SUPERS, plugin));
        assertThatThrownBy(() -> s.plan(Path.parse("engine::Solid"), Path.parse("plugin::Cube")))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl engine::Solid for plugin::Cube needs impl engine::Tagged for plugin::Cube, since "
                        + "engine::Tagged is a supertrait of engine::Solid, but no crate of the link declares it");
        assertThatThrownBy(() -> s.upcastOffset(Path.parse("engine::Shape"), Path.parse("engine::Tagged")))
                .isInstanceOf(VtableException.class)
                .hasMessage("engine::Tagged is not a supertrait of engine::Shape (its supertraits: engine::Named), "
                        + "so a dyn engine::Shape cannot be upcast to dyn engine::Tagged");
        VtableSynthesizer t = synth(compile("""
                crate e 1.0.0;
                pub trait A { fn f(&self); }
                pub trait B { fn f(&self); }
                pub trait C: A + B { fn g(&self); }
                pub trait D: A { fn f(&self); }
                """));
        assertThatThrownBy(() -> t.slotOffset(Path.parse("e::C"), "f")).isInstanceOf(VtableException.class)
                .hasMessage("method `f` of trait e::C is ambiguous: supertraits e::A and e::B both declare it "
                        + "(upcast to the one meant and use its slot)");
        // the trait's own method wins over a supertrait's of the same name
        assertThat(t.slotOffset(Path.parse("e::D"), "f")).isEqualTo(32);
        assertThatThrownBy(() -> t.slotOffset(Path.parse("e::C"), "h")).isInstanceOf(VtableException.class)
                .hasMessage("trait e::C has no method `h` (its methods: f, g)");
    }
}
