package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract rules between an import view and an export, one change at a time, on compiled .steg text. */
class CompatibilityTest {
    static final String BASE = """
            crate engine 1.0.0;
            #[repr(C)] #[frozen]
            pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
            pub struct Transform { pub pos: Vec3, pub scale: f32 }
            pub struct World { entities: u64 }
            #[repr(transparent)]
            pub struct Entity(pub u64);
            pub enum Shape { Circle { r: f32 }, Rect { w: f32, h: f32 } }
            #[non_exhaustive]
            pub enum Event { Tick, Key(u32) }
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, world: &mut World) effects(alloc);
                fn priority(&self) -> i32 = default(engine_plugin_priority);
            }
            #[symbol = "engine_spawn"]
            pub fn spawn(world: &mut World, t: &Transform) -> Entity effects(alloc, panic);
            pub type Callback = extern "C" fn(*mut World, Entity);
            pub fn on_tick(cb: Callback);
            """;

    static Crate compile(String text) {
        CompileResult r = StegCompiler.compile(new Source("engine.steg", text));
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates().get(0);
    }

    /** BASE with {@code from} replaced by {@code to} (which must occur). */
    static Crate changed(String from, String to) {
        assertThat(BASE).contains(from);
        return compile(BASE.replace(from, to));
    }

    static List<Mismatch> against(Crate export) {
        return Compatibility.compare(compile(BASE), export);
    }

    @Test
    void identicalIsCompatible() {
        assertThat(against(compile(BASE))).isEmpty();
    }

    @Test
    void resilientStructMayGainAndReorderFields() {
        assertThat(against(changed("pub struct Transform { pub pos: Vec3, pub scale: f32 }",
                "pub struct Transform { pub layer: u8, pub scale: f32, pub pos: Vec3 }"))).isEmpty();
    }

    @Test
    void newVersionAndNewItemsAreNotMismatches() {
        assertThat(against(compile(BASE.replace("1.0.0", "7.1.0") + "pub fn extra();\npub struct More { a: u8 }\n")))
                .isEmpty();
    }

    @Test
    void removedFieldAndChangedFieldType() {
        assertThat(against(changed("pub struct Transform { pub pos: Vec3, pub scale: f32 }",
                "pub struct Transform { pub pos: Vec3 }")))
                .containsExactly(new Mismatch(Kind.MISSING_FIELD, Path.parse("engine::Transform"), "scale",
                        "scale: f32", "no such field"));
        List<Mismatch> m = against(changed("pub scale: f32", "pub scale: f64"));
        assertThat(m).containsExactly(new Mismatch(Kind.FIELD_TYPE_CHANGED, Path.parse("engine::Transform"), "scale",
                "f32", "f64"));
        assertThat(m.get(0).subject()).isEqualTo("field engine::Transform.scale");
    }

    @Test
    void nestedChangeIsReportedOnTheNestedItem() {
        assertThat(against(changed("pub x: f32, pub y: f32", "pub x: f32, pub y: f64")))
                .containsExactly(new Mismatch(Kind.FIELD_TYPE_CHANGED, Path.parse("engine::Vec3"), "y", "f32", "f64"));
    }

    @Test
    void missingItemAndKindChange() {
        assertThat(against(changed("#[symbol = \"engine_spawn\"]\npub fn spawn(world: &mut World, t: &Transform) -> Entity effects(alloc, panic);\n", "")))
                .containsExactly(new Mismatch(Kind.MISSING_ITEM, Path.parse("engine::spawn"),
                        "fn spawn(world: &mut engine::World, t: &engine::Transform) -> engine::Entity effects(alloc, panic)",
                        "nothing"));
        assertThat(against(changed("pub struct World { entities: u64 }", "pub enum World { Empty }")))
                .extracting(Mismatch::kind, Mismatch::expected).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.KIND_CHANGED, "struct"));
    }

    @Test
    void functionChanges() {
        assertThat(against(changed("t: &Transform) -> Entity", "t: &mut Transform) -> Entity")))
                .containsExactly(new Mismatch(Kind.OWNERSHIP_CHANGED, Path.parse("engine::spawn"), "parameter t",
                        "&engine::Transform", "&mut engine::Transform"));
        assertThat(against(changed("t: &Transform) -> Entity", "t: Box<Transform>) -> Entity")))
                .extracting(Mismatch::kind, Mismatch::found).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.OWNERSHIP_CHANGED, "Box<engine::Transform>"));
        assertThat(against(changed("t: &Transform) -> Entity", "t: &Vec3) -> Entity")))
                .extracting(Mismatch::kind).containsExactly(Kind.PARAMS_CHANGED);
        assertThat(against(changed("t: &Transform) -> Entity", "t: &Transform, n: u32) -> Entity")))
                .containsExactly(new Mismatch(Kind.PARAMS_CHANGED, Path.parse("engine::spawn"),
                        "(world: &mut engine::World, t: &engine::Transform)",
                        "(world: &mut engine::World, t: &engine::Transform, n: u32)"));
        assertThat(against(changed("-> Entity effects", "-> u64 effects")))
                .containsExactly(new Mismatch(Kind.RETURN_CHANGED, Path.parse("engine::spawn"), "return type",
                        "engine::Entity", "u64"));
        assertThat(against(changed("effects(alloc, panic);", "effects(alloc, io, panic);")))
                .containsExactly(new Mismatch(Kind.EFFECTS_WIDENED, Path.parse("engine::spawn"),
                        "effects(alloc, panic)", "effects(alloc, io, panic)"));
        assertThat(against(changed("effects(alloc, panic);", "effects(panic);"))).as("narrowed effects").isEmpty();
        assertThat(against(changed("#[symbol = \"engine_spawn\"]\n", "")))
                .containsExactly(new Mismatch(Kind.SYMBOL_CHANGED, Path.parse("engine::spawn"), "engine_spawn", "spawn"));
        assertThat(against(changed("pub fn on_tick(cb: Callback);", "pub extern \"C\" fn on_tick(cb: Callback);")))
                .extracting(Mismatch::kind).containsExactly(Kind.ABI_CHANGED);
        assertThat(against(changed("pub fn on_tick(cb: Callback);",
                "pub fn on_tick(cb: extern \"C\" fn(*mut World, Entity));"))).as("alias seen through").isEmpty();
    }

    @Test
    void enumChanges() {
        assertThat(against(changed("Rect { w: f32, h: f32 } }", "Rect { w: f32, h: f32 }, Empty }")))
                .containsExactly(new Mismatch(Kind.NEW_VARIANT_EXHAUSTIVE, Path.parse("engine::Shape"), "Empty",
                        "no variant Empty (the view's enum is not #[non_exhaustive])", "Empty"));
        assertThat(against(changed("Tick, Key(u32) }", "Tick, Key(u32), Mouse(i32, i32) }"))).isEmpty();
        assertThat(against(changed("Circle { r: f32 }, Rect", "Rect")))
                .containsExactly(new Mismatch(Kind.MISSING_VARIANT, Path.parse("engine::Shape"), "Circle",
                        "Circle { r: f32 }", "no such variant"));
        assertThat(against(changed("Key(u32)", "Key(u64)")))
                .containsExactly(new Mismatch(Kind.VARIANT_CHANGED, Path.parse("engine::Event"), "Key", "Key(u32)",
                        "Key(u64)"));
        assertThat(against(changed("pub enum Shape { Circle { r: f32 }, Rect { w: f32, h: f32 } }",
                "pub enum Shape { Rect { w: f32, h: f32 }, Circle { r: f32 } }"))).as("reordered").isEmpty();
    }

    @Test
    void aRemovedSupertraitIsRefusedUnlessItIsStillReachable() {
        String v = """
                crate engine 1.0.0;
                pub trait Named { fn name(&self) -> i64; }
                pub trait Tagged { fn tag(&self) -> i64; }
                pub trait Shape: Named { fn area(&self) -> i64; }
                pub trait Solid: Shape + Tagged { fn volume(&self) -> i64; }
                """;
        Crate view = compile(v);
        assertThat(Compatibility.compare(view, compile(v.replace("Solid: Shape + Tagged", "Solid: Shape"))))
                .containsExactly(new Mismatch(Kind.SUPERTRAIT_REMOVED, Path.parse("engine::Solid"), "engine::Tagged",
                        "trait engine::Solid: engine::Shape + engine::Tagged", "trait engine::Solid: engine::Shape"));
        assertThat(new Mismatch(Kind.SUPERTRAIT_REMOVED, Path.parse("engine::Solid"), "engine::Tagged", "", "").subject())
                .isEqualTo("supertrait engine::Tagged of trait engine::Solid");
        // still a supertrait through another one of the export: Solid: Shape, Shape: Named + Tagged
        assertThat(Compatibility.compare(view, compile(v.replace("Solid: Shape + Tagged", "Solid: Shape")
                .replace("Shape: Named", "Shape: Named + Tagged")))).isEmpty();
        // reordered, or one added: the linker lays the slots out again, markers follow
        assertThat(Compatibility.compare(view, compile(v.replace("Solid: Shape + Tagged", "Solid: Tagged + Shape"))))
                .isEmpty();
        assertThat(Compatibility.compare(view, compile(v.replace("Shape: Named", "Shape: Named + Tagged")))).isEmpty();
    }

    @Test
    void traitChanges() {
        assertThat(against(changed("fn build(&mut self, world: &mut World) effects(alloc);\n", "")))
                .containsExactly(new Mismatch(Kind.TRAIT_METHOD_MISSING, Path.parse("engine::Plugin"), "build",
                        "fn build(&mut self, world: &mut engine::World) effects(alloc)", "no such method"));
        assertThat(against(changed("fn name(&self) -> &str;", "fn name(&mut self) -> &str;")))
                .containsExactly(new Mismatch(Kind.TRAIT_METHOD_CHANGED, Path.parse("engine::Plugin"), "name",
                        "fn name(&self) -> &str", "fn name(&mut self) -> &str"));
        assertThat(against(changed("world: &mut World) effects(alloc);", "world: &mut World) effects(alloc, io);")))
                .extracting(Mismatch::kind, Mismatch::subject).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.EFFECTS_WIDENED, "method engine::Plugin::build"));
        assertThat(against(changed("world: &mut World) effects(alloc);", "world: &mut World);")))
                .as("narrowed trait effects break implementors").extracting(Mismatch::kind)
                .containsExactly(Kind.TRAIT_METHOD_CHANGED);
        assertThat(against(changed(" = default(engine_plugin_priority)", "")))
                .extracting(Mismatch::kind).containsExactly(Kind.TRAIT_METHOD_CHANGED);
        assertThat(against(changed("fn name(&self) -> &str;", "fn name(&self) -> &str = default(engine_name);")))
                .as("a new default is harmless").isEmpty();
    }

    @Test
    void promises() {
        assertThat(against(changed("#[repr(C)] #[frozen]\npub struct Vec3", "#[frozen]\npub struct Vec3")))
                .containsExactly(new Mismatch(Kind.REPR_CHANGED, Path.parse("engine::Vec3"), "#[repr(C)]",
                        "no repr (resilient)"));
        assertThat(against(changed("#[repr(C)] #[frozen]\npub struct Vec3", "#[repr(C)]\npub struct Vec3")))
                .containsExactly(new Mismatch(Kind.FROZEN_CHANGED, Path.parse("engine::Vec3"), "#[frozen]", "not frozen"));
        assertThat(against(changed("pub struct World { entities: u64 }", "#[repr(C)] #[frozen]\npub struct World { entities: u64 }")))
                .as("a promise the view did not rely on").isEmpty();
        assertThat(against(changed("pub struct Transform", "pub(crate) struct Transform")))
                .containsExactly(new Mismatch(Kind.VISIBILITY_REDUCED, Path.parse("engine::Transform"), "pub", "pub(crate)"));
    }

    @Test
    void orderIsTheViewsAndDeterministic() {
        Crate export = changed("pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }\npub struct Transform { pub pos: Vec3, pub scale: f32 }",
                "pub struct Vec3 { pub z: f64, pub x: f32 }\npub struct Transform { pub pos: Vec3, pub scale: u32 }");
        List<Mismatch> m = against(export);
        assertThat(m).extracting(Mismatch::subject).containsExactly("field engine::Vec3.y", "field engine::Vec3.z",
                "field engine::Transform.scale");
        assertThat(against(export)).isEqualTo(m);
    }
}
