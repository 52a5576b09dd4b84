package dev.race.link.contract;

import dev.race.format.elf.ElfObject;
import dev.race.format.pack.Sites;
import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.contract.ContractFixtures.ENGINE_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue of cross-version changes: the plugin is compiled (gcc) and packed against engine 1.0; each case
 * links it with an engine that changed one thing, and states the outcome: compatible (no diagnostic), a warning,
 * or the exact error. {@code docs/contracts.md} lists the same rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractCatalogueTest {
    static final String P = "plugin@1.0.0 (plugin.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) ";
    static final TargetSpec X86 = TargetSpec.named("x86_64");

    private InputCrate plugin;

    @BeforeAll
    void build(@TempDir java.nio.file.Path dir) throws Exception {
        ElfObject obj = ContractFixtures.gcc(dir, "plugin.o", ContractFixtures.PLUGIN_C);
        plugin = ContractFixtures.plugin(obj, ContractFixtures.PLUGIN, ENGINE_1);
    }

    /** Engine 1.0 with one change, as version {@code version}. */
    static String engine(String version, String from, String to) {
        assertThat(ENGINE_1).contains(from);
        return ENGINE_1.replace("crate engine 1.0.0;", "crate engine " + version + ";").replace(from, to);
    }

    List<Diagnostic> link(String engineText, SemverMode mode) {
        return ContractChecker.check(List.of(plugin, ContractFixtures.exportOnly("engine.rcrate", engineText)), mode, X86);
    }

    static List<String> lines(List<Diagnostic> ds) {
        List<String> out = new ArrayList<>();
        ds.forEach(d -> out.add(d.severity().label() + ": " + d.message()));
        return out;
    }

    static Arguments c(String name, String from, String to, String... outcome) {
        return Arguments.of(name, from, to, List.of(outcome));
    }

    static Stream<Arguments> catalogue() {
        return Stream.of(
                c("field added to a resilient struct", "pub tint: Color }", "pub tint: Color, pub layer: u8 }"),
                c("fields reordered in a resilient struct", "pub struct Transform { pub pos: Vec3, pub scale: f32, pub tint: Color }",
                        "pub struct Transform { pub tint: Color, pub scale: f32, pub pos: Vec3 }"),
                c("field removed that code uses", "pub scale: f32, ", "",
                        "error: " + P + "has no field engine::Transform.scale: expected scale: f32, found no such field"),
                c("field removed that no code uses", "pub g: u8, pub b: u8 }", "pub g: u8 }",
                        "warning: " + P + "has no field engine::Color.b: expected b: u8, found no such field"),
                c("field type changed", "pub scale: f32", "pub scale: f64",
                        "error: " + P + "changed field engine::Transform.scale: expected f32, found f64"),
                c("nested type's field type changed", "pub g: u8", "pub g: u16",
                        "error: " + P + "changed field engine::Color.g: expected u8, found u16"),
                c("frozen type's field type changed", "pub y: f32", "pub y: f64",
                        "error: " + P + "changed field engine::Vec3.y: expected f32, found f64",
                        "error: " + P + "changed the layout of frozen engine::Vec3: expected size 12, align 4, x at 0, "
                                + "y at 4, z at 8, found size 24, align 8, x at 0, y at 8, z at 16"),
                c("field added to a frozen type", "pub z: f32 }", "pub z: f32, pub w: f32 }",
                        "error: " + P + "changed the layout of frozen engine::Vec3: expected size 12, align 4, x at 0, "
                                + "y at 4, z at 8, found size 16, align 4, x at 0, y at 4, z at 8, w at 12"),
                c("frozen promise withdrawn", "#[repr(C)] #[frozen]\npub struct Vec3", "#[repr(C)]\npub struct Vec3",
                        "error: " + P + "no longer freezes engine::Vec3: expected #[frozen], found not frozen"),
                c("repr changed", "#[repr(C)]\npub struct Color", "pub struct Color",
                        "error: " + P + "changed the repr of engine::Color: expected #[repr(C)], found no repr (resilient)"),
                c("function removed", "#[symbol = \"engine_log\"]\npub fn log(msg: *const u8) effects(io);\n", "",
                        "error: " + P + "has no function engine::log: expected fn log(msg: *const u8) effects(io), found nothing"),
                c("function the plugin does not use removed", "pub fn unused(x: u32);\n", ""),
                c("parameter type changed", "t: &Transform) -> u64", "t: &Vec3) -> u64",
                        "error: " + P + "changed parameter t of engine::spawn: expected &engine::Transform, found &engine::Vec3"),
                c("parameter count changed", "t: &Transform) -> u64", "t: &Transform, flags: u32) -> u64",
                        "error: " + P + "changed the parameters of engine::spawn: expected (world: &mut engine::World, "
                                + "t: &engine::Transform), found (world: &mut engine::World, t: &engine::Transform, flags: u32)"),
                c("ownership &T to Box<T>", "t: &Transform) -> u64", "t: Box<Transform>) -> u64",
                        "error: " + P + "changed the ownership of parameter t of engine::spawn: expected &engine::Transform, "
                                + "found Box<engine::Transform>"),
                c("ownership &T to &mut T", "t: &Transform) -> u64", "t: &mut Transform) -> u64",
                        "error: " + P + "changed the ownership of parameter t of engine::spawn: expected &engine::Transform, "
                                + "found &mut engine::Transform"),
                c("return type changed", "-> u64 effects", "-> u32 effects",
                        "error: " + P + "changed the return type of engine::spawn: expected u64, found u32"),
                c("symbol changed", "#[symbol = \"engine_log\"]\n", "",
                        "error: " + P + "changed the symbol of engine::log: expected engine_log, found log"),
                c("calling convention changed", "pub fn log(", "pub extern \"C\" fn log(",
                        "error: " + P + "changed the calling convention of engine::log: expected extern \"Rust\", found extern \"C\""),
                c("variant added to an exhaustive enum", "Rect { w: f32, h: f32 } }", "Rect { w: f32, h: f32 }, Empty }",
                        "error: " + P + "added variant engine::Shape::Empty to an enum plugin@1.0.0 saw as exhaustive: "
                                + "expected no variant Empty (the view's enum is not #[non_exhaustive]), found Empty"),
                c("variant added to a non_exhaustive enum", "Tick, Key(u32) }", "Tick, Key(u32), Quit }"),
                c("variants with every payload shape added to a non_exhaustive enum", "Tick, Key(u32) }",
                        "Tick, Key(u32), Quit, Wheel(i64, i64), Drag { from: Vec3, to: Vec3, button: u8 } }"),
                c("variant with a huge discriminant added to a non_exhaustive enum", "Tick, Key(u32) }",
                        "Tick, Key(u32), Far = 4294967296 }"),
                c("resilient enum given a repr: the tag shrinks", "pub enum Event {", "#[repr(u8)] pub enum Event {",
                        "error: " + P + "changed where enum engine::Event keeps its tag: expected a 4-byte tag at offset 0, "
                                + "found a 1-byte tag at offset 0"),
                // rustc's encoding of this Shape happens to be a 4-byte tag at 0 too (the tag grows to the f32's
                // alignment): what the plugin reads is unchanged, so it links
                c("resilient enum frozen with the same tag", "pub enum Shape {", "#[frozen] pub enum Shape {"),
                c("resilient enum frozen: rustc shrinks its tag", "pub enum Event { Tick, Key(u32) }",
                        "#[frozen] pub enum Event { Tick, Key(u32), Byte(u8) }",
                        "error: " + P + "changed where enum engine::Event keeps its tag: expected a 4-byte tag at offset 0, "
                                + "found a 1-byte tag at offset 0"),
                c("variant removed", "Circle { r: f32 }, Rect", "Rect",
                        "error: " + P + "has no variant engine::Shape::Circle: expected Circle { r: f32 }, found no such variant"),
                c("effects widened", "effects(alloc, panic);", "effects(alloc, io, panic);",
                        "error: " + P + "widened the effects of engine::spawn: expected effects(alloc, panic), "
                                + "found effects(alloc, io, panic)"),
                c("effects narrowed", "effects(alloc, panic);", "effects(panic);"),
                c("trait method signature changed", "fn build(&mut self, world: &mut World)", "fn build(&mut self, world: &World)",
                        "error: " + P + "changed method engine::Plugin::build: expected fn build(&mut self, world: &mut engine::World) "
                                + "effects(alloc), found fn build(&mut self, world: &engine::World) effects(alloc)"),
                c("trait method removed", "fn name(&self) -> &str;\n", "",
                        "error: " + P + "has no method engine::Plugin::name: expected fn name(&self) -> &str, found no such method"),
                c("trait method added without a default body", "fn name(&self) -> &str;\n",
                        "fn name(&self) -> &str;\nfn priority(&self) -> i32;\n",
                        "error: " + P + "added method engine::Plugin::priority without a default body: expected a default "
                                + "body (impl engine::Plugin for plugin::Physics binds no body for it), found fn priority(&self) -> i32"),
                c("trait method added with a default body", "fn name(&self) -> &str;\n",
                        "fn name(&self) -> &str;\nfn priority(&self) -> i32 = default(engine_priority);\n"),
                c("alignment raised under a type the plugin allocates (its size marker)", "pub struct Transform",
                        "#[repr(align(64))]\npub struct Transform",
                        "error: " + P + "raised the alignment of engine::Transform, which plugin@1.0.0 allocates: "
                                + "expected align 4, found align 64"),
                c("alignment raised by a new field under a type the plugin allocates", "pub tint: Color }",
                        "pub tint: Color, pub wide: u128 }",
                        "error: " + P + "raised the alignment of engine::Transform, which plugin@1.0.0 allocates: "
                                + "expected align 4, found align 16"),
                c("alignment raised under a type the plugin reaches only through pointers", "pub struct World",
                        "#[repr(align(64))]\npub struct World"),
                c("alignment lowered under a used field (packed)", "pub struct Transform", "#[repr(packed)]\npub struct Transform",
                        "error: " + P + "lowered the alignment of field engine::Transform.scale: expected align 4, found align 1",
                        "error: " + P + "lowered the alignment of field engine::Transform.pos: expected align 4, found align 1"),
                c("alignment lowered under a type no code reaches a field of", "pub struct World", "#[repr(packed)]\npub struct World"),
                c("item changed kind", "pub struct World { entities: u64 }", "pub enum World { Empty }",
                        "error: " + P + "changed the kind of engine::World: expected struct, found enum (enum World { Empty })"));
    }

    /**
     * An engine that declares a resilient type by value is refused on its own declaration (not a view mismatch, so
     * not in {@link #catalogue()}, whose every error is one of the plugin's view; race diff reuses it).
     */
    static Stream<Arguments> ownDeclarations() {
        return Stream.of(
                c("parameter made a resilient type by value", "t: &Transform) -> u64", "t: Transform) -> u64",
                        "error: " + P + "changed the ownership of parameter t of engine::spawn: expected &engine::Transform, "
                                + "found engine::Transform",
                        "error: engine@1.1.0 (engine.rcrate) passes a resilient type by value in parameter t of "
                                + "engine::spawn: expected &engine::Transform (or engine::Transform #[frozen]), found "
                                + "engine::Transform by value"),
                c("return type made a resilient type by value, in a function the plugin does not use", "pub fn unused(x: u32);",
                        "pub fn unused(x: u32) -> Shape;",
                        "error: engine@1.1.0 (engine.rcrate) passes a resilient type by value in return type of "
                                + "engine::unused: expected &engine::Shape (or engine::Shape #[frozen]), found "
                                + "engine::Shape by value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownDeclarations")
    void anEngineDeclaringAResilientTypeByValueIsRefused(String name, String from, String to, List<String> outcome) {
        assertThat(lines(link(engine("1.1.0", from, to), SemverMode.STRUCTURAL))).containsExactlyElementsOf(outcome);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void catalogue(String name, String from, String to, List<String> outcome) {
        List<Diagnostic> ds = link(engine("1.1.0", from, to), SemverMode.STRUCTURAL);
        assertThat(lines(ds)).containsExactlyElementsOf(outcome);
        assertThat(link(engine("1.1.0", from, to), SemverMode.STRICT)).as("same minor: strict agrees").isEqualTo(ds);
    }

    @Test
    void detailsRepeatExpectedFoundAndListTheSitesFromTheRelocations() {
        List<Diagnostic> ds = link(engine("1.1.0", "pub scale: f32", "pub scale: f64"), SemverMode.STRUCTURAL);
        List<String> sites = Sites.of(plugin.file()).get(Path.parse("engine::Transform"));
        assertThat(sites).hasSize(3);
        List<String> expected = new ArrayList<>(List.of("expected: f32", "found: f64"));
        sites.forEach(s -> expected.add("used at " + s));
        assertThat(ds.get(0).details()).containsExactlyElementsOf(expected);
        assertThat(String.join("\n", ds.get(0).details())).contains("(in get_scale)").contains("(in get_y)")
                .contains("(in transform_size)");
    }

    @Test
    void aNestedTypeListsTheSitesOfTheTypesEmbeddingIt() {
        List<Diagnostic> ds = link(engine("1.1.0", "pub g: u8", "pub g: u16"), SemverMode.STRUCTURAL);
        assertThat(ds.get(0).details()).containsAll(Sites.of(plugin.file()).get(Path.parse("engine::Transform"))
                .stream().map(s -> "used at " + s + " via engine::Transform").toList());
    }

    @Test
    void aFunctionListsItsCallSites() {
        List<Diagnostic> ds = link(engine("1.1.0", "effects(alloc, panic);", "effects(alloc, io, panic);"),
                SemverMode.STRUCTURAL);
        assertThat(ds.get(0).details()).hasSize(3).element(2).asString()
                .matches("used at plugin\\.o:\\.text\\+0x[0-9a-f]+ \\(in physics_build\\)");
    }

    @Test
    void traitChangesListSlotAndVtableSites() {
        List<Diagnostic> ds = link(engine("1.1.0", "fn name(&self) -> &str;\n", ""), SemverMode.STRUCTURAL);
        assertThat(String.join("\n", ds.get(0).details())).contains("(in call_build)").contains("(in physics_vtable)");
    }

    @Test
    void majorBumpStructurallyCompatibleWarnsUnlessStrict() {
        String v2 = engine("2.0.0", "pub tint: Color }", "pub tint: Color, pub layer: u8 }");
        String head = "plugin@1.0.0 (plugin.rcrate) was built against engine@1.0.0 but the link has engine@2.0.0 "
                + "(engine.rcrate), a semver-incompatible version";
        List<Diagnostic> structural = link(v2, SemverMode.STRUCTURAL);
        assertThat(lines(structural)).containsExactly(
                "warning: " + head + "; every contract it uses is structurally compatible");
        assertThat(structural.get(0).details()).containsExactly("expected: engine >=1.0.0, <2.0.0", "found: 2.0.0",
                "--semver strict refuses this");
        List<Diagnostic> strict = link(v2, SemverMode.STRICT);
        assertThat(lines(strict)).containsExactly("error: " + head + " (--semver strict)");
    }

    @Test
    void majorBumpThatBreaksAContractIsAnErrorInBothModes() {
        String v3 = engine("3.0.0", "pub scale: f32", "pub scale: f64");
        String err = "error: plugin@1.0.0 (plugin.rcrate) imports engine@1.0.0 but engine@3.0.0 (engine.rcrate) "
                + "changed field engine::Transform.scale: expected f32, found f64";
        assertThat(lines(link(v3, SemverMode.STRUCTURAL))).containsExactly(err);
        assertThat(lines(link(v3, SemverMode.STRICT))).hasSize(2).endsWith(err).first().asString()
                .endsWith("a semver-incompatible version (--semver strict)");
    }

    @Test
    void missingCrate() {
        List<Diagnostic> ds = ContractChecker.check(List.of(plugin), SemverMode.STRUCTURAL, X86);
        assertThat(lines(ds)).containsExactly(
                "error: plugin@1.0.0 (plugin.rcrate) imports engine@1.0.0 but no input exports crate engine");
        assertThat(ds.get(0).details()).startsWith("expected: an input whose crate is engine",
                "found: plugin@1.0.0 (plugin.rcrate)");
        assertThat(String.join("\n", ds.get(0).details())).contains("(in get_scale)").contains("(in physics_build)");
    }

    @Test
    void theExampleEnginesAreCompatibleWithAPluginBuiltAgainstOne() {
        // the identical engine, for contrast with every case above
        assertThat(link(ENGINE_1.replace("1.0.0", "1.0.1"), SemverMode.STRICT)).isEmpty();
    }
}
