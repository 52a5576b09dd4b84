package dev.race.link.pipeline;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.vtable.VtableSynthesizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-version catalogue, linked and run. A plugin written in C ({@code crossversion/plugin.c}) against the C
 * bindings {@code race bindgen} generates (plugin.h, and engine 1.0's engine.h) is compiled once by gcc (no-PIC and
 * PIE, {@code -Wall -Wextra -Werror}) and packed against engine 1.0; each case is an engine version whose {@code .steg}
 * changes one thing, with real engine code ({@code crossversion/engine.c}, one source compiled against the case's own
 * generated engine.h, with {@code -D} flags for the changes that need other code), packed by {@link dev.race.link.RacePacker}
 * and linked with the unchanged plugin by {@link dev.race.link.RaceLinker}. Neither C source writes a marker. A compatible case must run and print exactly what the program prints with engine 1.0;
 * a breaking case must be refused with the exact message of docs/contracts.md, naming both crate versions, the
 * item, expected and found and a code site of the plugin, and must write nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossVersionCatalogueTest {
    /** What the plugin prints with engine 1.0, worked out by hand from the two C sources. */
    static final String ORACLE = """
            plugin: body mass 70
            plugin: body velocity -9
            plugin: pos.x 1
            plugin: pos.y 2
            plugin: pos.z 3
            plugin: scale 4
            plugin: tint.g 22
            plugin: stats.hits 400
            plugin: body mass 71
            plugin: body velocity -10
            plugin: pos.x 2
            plugin: pos.y 3
            plugin: pos.z 4
            plugin: scale 5
            plugin: tint.g 23
            plugin: stats.hits 500
            plugin: scale_by(3) 58
            engine: pos.x 1
            engine: pos.y 40
            engine: pos.z 3
            engine: scale 6
            engine: tint.r 11
            engine: tint.g 99
            engine: tint.b 33
            engine: stats.hits 405
            engine: private fields intact
            engine: pos.x 2
            engine: pos.y 3
            engine: pos.z 4
            engine: scale 5
            engine: tint.r 12
            engine: tint.g 23
            engine: tint.b 34
            engine: stats.hits 500
            engine: private fields intact
            plugin: sum_scales 6030
            plugin: pick(1) scale 2020
            plugin: adopt 2020001
            plugin: adopted scale -1
            plugin: slot scale 8
            plugin: shape Rect area 3012
            plugin: event Tick
            plugin: event Key 42
            engine: plugin name 9
            engine: plugin build(5) 530
            engine: plugin priority 90
            plugin: run_plugin 629
            """;

    static final TargetSpec X86 = TargetSpec.named("x86_64");

    static final String ENGINE_1 = resource("engine-1.0.steg");
    static final String PLUGIN_STEG = resource("plugin.steg");

    Workspace ws;
    Path engine1Steg;
    Path engine1;
    Path pluginNoPic;
    Path pluginPie;
    Path runtime;
    EngineObjects engines;

    /** One {@code .steg} text replacement. */
    record Change(String from, String to) {
    }

    /**
     * One catalogue entry: the engine version, its changes against engine 1.0, the {@code -D} flags its C code needs,
     * the diagnostics the link must give ({@code severity: message}, with {@code {P}} for
     * {@code PLUGIN imports engine@1.0.0 but ENGINE }), and whether a layout constant the plugin uses moves.
     */
    record Case(String name, String version, List<Change> changes, List<String> defines, List<String> outcome,
                boolean moves) {
        @Override
        public String toString() {
            return name;
        }

        String slug() {
            return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        }
    }

    static Change ch(String from, String to) {
        return new Change(from, to);
    }

    static Arguments compatible(String name, String version, List<Change> changes, List<String> defines,
                                boolean moves, String... warnings) {
        return Arguments.of(name, new Case(name, version, changes, defines, List.of(warnings), moves));
    }

    static Arguments breaking(String name, String version, List<Change> changes, List<String> defines,
                              String... errors) {
        return Arguments.of(name, new Case(name, version, changes, defines, List.of(errors), false));
    }

    static Stream<Arguments> compatibleCases() {
        return Stream.of(
                compatible("field added to a resilient struct", "1.1.0",
                        List.of(ch("pub spare: i64,\n}", "pub spare: i64,\n    pub layer: i64,\n}")),
                        List.of("-DHAS_LAYER"), true),
                compatible("field of a new struct type added", "1.1.0",
                        List.of(ch("pub spare: i64,\n}", "pub spare: i64,\n    pub layer: Layer,\n}"),
                                ch("pub struct Transform", "pub struct Layer { pub id: u16, pub depth: i64 }\n"
                                        + "pub struct Transform")),
                        List.of("-DHAS_LAYER_STRUCT"), true),
                compatible("fields of a resilient struct reordered", "1.1.0",
                        List.of(ch("""
                                pub pos: Vec3,
                                    pub scale: i32,
                                    pub tint: Color,
                                    pub stats: Stats,
                                    pub spare: i64,""", """
                                pub spare: i64,
                                    pub tint: Color,
                                    pub stats: Stats,
                                    pub scale: i32,
                                    pub pos: Vec3,""")), List.of(), true),
                compatible("field no code uses removed (warning)", "1.1.0",
                        List.of(ch("    pub spare: i64,\n", "")), List.of("-DNO_SPARE"), true,
                        "warning: {P}has no field engine::Transform.spare: expected spare: i64, found no such field"),
                compatible("field no code of the plugin uses removed from a nested struct (warning)", "1.1.0",
                        List.of(ch("pub hits: i32, pub misses: i32 }", "pub hits: i32 }")), List.of("-DNO_MISSES"), true,
                        "warning: {P}has no field engine::Stats.misses: expected misses: i32, found no such field"),
                compatible("field added to a nested resilient struct", "1.1.0",
                        List.of(ch("pub misses: i32 }", "pub misses: i32, pub crits: i64 }")),
                        List.of("-DHAS_CRITS"), true),
                compatible("repr(C) added to resilient structs", "1.1.0",
                        List.of(ch("pub struct Stats", "#[repr(C)]\npub struct Stats"),
                                ch("pub struct Transform", "#[repr(C)]\npub struct Transform")), List.of(), true),
                compatible("variant added to a #[non_exhaustive] enum (in front, so tags move)", "1.1.0",
                        List.of(ch("{ Tick, Key(u32) }", "{ Quit, Tick, Key(u32) }")), List.of(), true),
                compatible("larger variant added to a #[non_exhaustive] enum (it grows)", "1.1.0",
                        // u32s: it grows but keeps its alignment (the plugin allocates Events: a u64 would raise it)
                        List.of(ch("{ Tick, Key(u32) }", "{ Tick, Key(u32), Resize { w: u32, h: u16, d: u32 } }")), List.of(),
                        true),
                compatible("variants of a resilient enum reordered", "1.1.0",
                        List.of(ch("{ Circle { r: i32 }, Rect { w: i32, h: i32 } }",
                                "{ Rect { w: i32, h: i32 }, Circle { r: i32 } }")), List.of(), true),
                compatible("effects narrowed", "1.1.0",
                        List.of(ch("effects(alloc, io);", "effects(io);")), List.of(), false),
                compatible("trait method added with a default body", "1.1.0",
                        List.of(ch("fn build(&mut self, x: i64) -> i64 effects(alloc);\n",
                                "fn build(&mut self, x: i64) -> i64 effects(alloc);\n"
                                        + "    fn priority(&self) -> i64 = default(engine_default_priority);\n")),
                        List.of("-DHAS_PRIORITY"), false),
                compatible("trait method with a default body inserted before a used one (slots move)", "1.1.0",
                        List.of(ch("fn build(&mut self, x: i64) -> i64 effects(alloc);\n",
                                "fn priority(&self) -> i64 = default(engine_default_priority);\n"
                                        + "    fn build(&mut self, x: i64) -> i64 effects(alloc);\n")),
                        List.of("-DHAS_PRIORITY"), true),
                compatible("field type replaced by an alias of it", "1.1.0",
                        List.of(ch("pub scale: i32", "pub scale: Scale"),
                                ch("pub struct Transform", "pub type Scale = i32;\npub struct Transform")), List.of(), false),
                compatible("#[frozen] added to a resilient struct", "1.1.0",
                        List.of(ch("pub struct Stats", "#[frozen]\npub struct Stats")), List.of("-DSTATS_FROZEN"),
                        false),
                compatible("parameter renamed", "1.1.0",
                        List.of(ch("scale_by(t: &Transform, k: i32)", "scale_by(t: &Transform, factor: i32)")),
                        List.of(), false),
                compatible("function no code calls removed", "1.1.0",
                        List.of(ch("#[symbol = \"engine_unused\"]\npub fn unused(x: u32) -> u32;\n", "")),
                        List.of("-DNO_UNUSED"), false),
                compatible("minor version bump with a new function", "1.2.0",
                        List.of(ch("pub fn print_num", "#[symbol = \"engine_reset\"]\npub fn reset(t: &mut Transform);\n"
                                + "pub fn print_num")), List.of("-DHAS_RESET"), false),
                compatible("patch version bump, nothing changed", "1.0.1", List.of(), List.of(), false),
                compatible("pre-release of the same version: older (warning)", "1.0.0-rc.1", List.of(), List.of(), false,
                        "warning: {S}an older version; every contract it uses is structurally compatible"),
                compatible("enum made #[non_exhaustive]", "1.1.0",
                        List.of(ch("pub enum Shape", "#[non_exhaustive]\npub enum Shape")), List.of(), false),
                compatible("enum no longer #[non_exhaustive]", "1.1.0",
                        List.of(ch("#[non_exhaustive]\npub enum Event", "pub enum Event")), List.of(), false),

                compatible("#[repr(C)] added to a resilient enum", "1.1.0",
                        List.of(ch("pub enum Shape", "#[repr(C)]\npub enum Shape")), List.of(), false),
                compatible("explicit discriminants given to a #[non_exhaustive] enum", "1.1.0",
                        List.of(ch("{ Tick, Key(u32) }", "{ Tick = 7, Key(u32) = 3 }")), List.of(), true));
    }

    static Stream<Arguments> breakingCases() {
        return Stream.of(
                breaking("field removed that code uses", "1.1.0",
                        List.of(ch("    pub scale: i32,\n", "")), List.of("-DNO_SCALE"),
                        "error: {P}has no field engine::Transform.scale: expected scale: i32, found no such field"),
                // the plugin allocates Transforms in 8-aligned storage (it uses the size marker): a u128 raises the
                // alignment to 16, which that storage does not honour (docs/contracts.md, "Alignment")
                breaking("field that raises the alignment added (u128) to a type the plugin allocates", "1.1.0",
                        List.of(ch("pub spare: i64,\n}", "pub spare: i64,\n    pub wide: u128,\n}")), List.of("-DHAS_WIDE"),
                        "error: {P}raised the alignment of engine::Transform, which plugin@1.0.0 allocates: expected "
                                + "align 8, found align 16"),
                breaking("field type changed", "1.1.0",
                        List.of(ch("pub scale: i32", "pub scale: i64")), List.of(),
                        "error: {P}changed field engine::Transform.scale: expected i32, found i64"),
                breaking("nested type's field type changed", "1.1.0",
                        List.of(ch("pub hits: i32", "pub hits: i64")), List.of(),
                        "error: {P}changed field engine::Stats.hits: expected i32, found i64"),
                breaking("field added to a frozen struct", "1.1.0",
                        List.of(ch("pub z: i32 }", "pub z: i32, pub w: i32 }")), List.of(),
                        "error: {P}changed the layout of frozen engine::Vec3: expected size 12, align 4, x at 0, y at 4, "
                                + "z at 8, found size 16, align 4, x at 0, y at 4, z at 8, w at 12"),
                breaking("frozen struct's field type changed", "1.1.0",
                        List.of(ch("pub y: i32", "pub y: i64")), List.of(),
                        "error: {P}changed field engine::Vec3.y: expected i32, found i64",
                        "error: {P}changed the layout of frozen engine::Vec3: expected size 12, align 4, x at 0, y at 4, "
                                + "z at 8, found size 24, align 8, x at 0, y at 8, z at 16"),
                breaking("frozen promise withdrawn", "1.1.0",
                        List.of(ch("#[repr(C)] #[frozen]", "#[repr(C)]")), List.of("-DVEC3_RESILIENT"),
                        "error: {P}no longer freezes engine::Vec3: expected #[frozen], found not frozen"),
                breaking("repr(C) removed", "1.1.0",
                        List.of(ch("#[repr(C)]\npub struct Color", "pub struct Color")), List.of(),
                        "error: {P}changed the repr of engine::Color: expected #[repr(C)], found no repr (resilient)"),
                breaking("function removed", "1.1.0",
                        List.of(ch("#[symbol = \"engine_scale_by\"]\npub fn scale_by(t: &Transform, k: i32) -> i32;\n", "")),
                        List.of("-DSCALE_BY=engine_scale_by_gone"),
                        "error: {P}has no function engine::scale_by: expected fn scale_by(t: &engine::Transform, k: i32) "
                                + "-> i32, found nothing"),
                breaking("parameter type changed", "1.1.0",
                        List.of(ch("k: i32) -> i32", "k: i64) -> i32")), List.of("-DK_T=int64_t"),
                        "error: {P}changed parameter k of engine::scale_by: expected i32, found i64"),
                breaking("parameter added", "1.1.0",
                        List.of(ch("k: i32) -> i32", "k: i32, bias: i32) -> i32")), List.of("-DSCALE_BY_BIAS"),
                        "error: {P}changed the parameters of engine::scale_by: expected (t: &engine::Transform, k: i32), "
                                + "found (t: &engine::Transform, k: i32, bias: i32)"),
                breaking("ownership &T to Box<T>", "1.1.0",
                        List.of(ch("describe(t: &Transform)", "describe(t: Box<Transform>)")), List.of("-DDESCRIBE_T=void *"),
                        "error: {P}changed the ownership of parameter t of engine::describe: expected &engine::Transform, "
                                + "found Box<engine::Transform>"),
                breaking("ownership Box<T> to &T", "1.1.0",
                        List.of(ch("adopt(t: Box<Transform>)", "adopt(t: &Transform)")), List.of("-DADOPT_T=const void *"),
                        "error: {P}changed the ownership of parameter t of engine::adopt: expected Box<engine::Transform>, "
                                + "found &engine::Transform"),
                breaking("ownership of the return type *const T to &T", "1.1.0",
                        List.of(ch("-> *const Transform;", "-> &Transform;")), List.of(),
                        "error: {P}changed the ownership of the return type of engine::pick: "
                                + "expected *const engine::Transform, found &engine::Transform"),
                breaking("ownership &T to &mut T", "1.1.0",
                        List.of(ch("scale_by(t: &Transform", "scale_by(t: &mut Transform")), List.of("-DSCALE_BY_T=void *"),
                        "error: {P}changed the ownership of parameter t of engine::scale_by: expected &engine::Transform, "
                                + "found &mut engine::Transform"),
                breaking("field made private", "1.1.0",
                        List.of(ch("pub scale: i32", "scale: i32")), List.of(),
                        "error: {P}reduced the visibility of field engine::Transform.scale: expected pub, found private"),
                breaking("calling convention changed", "1.1.0",
                        List.of(ch("pub fn scale_by(", "pub extern \"C\" fn scale_by(")), List.of(),
                        "error: {P}changed the calling convention of engine::scale_by: expected extern \"Rust\", "
                                + "found extern \"C\""),
                breaking("return type changed", "1.1.0",
                        List.of(ch("k: i32) -> i32", "k: i32) -> i64")), List.of("-DRET_T=int64_t"),
                        "error: {P}changed the return type of engine::scale_by: expected i32, found i64"),
                breaking("symbol changed", "1.1.0",
                        List.of(ch("#[symbol = \"engine_scale_by\"]", "#[symbol = \"engine_scale_by_v2\"]")),
                        List.of("-DSCALE_BY=engine_scale_by_v2"),
                        "error: {P}changed the symbol of engine::scale_by: expected engine_scale_by, found engine_scale_by_v2"),
                breaking("effects widened", "1.1.0",
                        List.of(ch("effects(alloc, io);", "effects(alloc, block, io);")), List.of(),
                        "error: {P}widened the effects of engine::describe: expected effects(alloc, io), "
                                + "found effects(alloc, block, io)"),
                breaking("variant added to an exhaustive enum", "1.1.0",
                        List.of(ch("Rect { w: i32, h: i32 } }", "Rect { w: i32, h: i32 }, Empty }")), List.of(),
                        "error: {P}added variant engine::Shape::Empty to an enum plugin@1.0.0 saw as exhaustive: "
                                + "expected no variant Empty (the view's enum is not #[non_exhaustive]), found Empty"),
                breaking("variant removed", "1.1.0",
                        List.of(ch("{ Tick, Key(u32) }", "{ Tick }")), List.of("-DNO_KEY"),
                        "error: {P}has no variant engine::Event::Key: expected Key(u32), found no such variant"),
                breaking("trait method signature changed", "1.1.0",
                        List.of(ch("fn build(&mut self, x: i64)", "fn build(&mut self, x: i32)")),
                        List.of(),
                        "error: {P}changed method engine::Plugin::build: expected fn build(&mut self, x: i64) -> i64 "
                                + "effects(alloc), found fn build(&mut self, x: i32) -> i64 effects(alloc)"),
                breaking("trait method's effects narrowed (the plugin implements it)", "1.1.0",
                        List.of(ch("-> i64 effects(alloc);", "-> i64;")), List.of(),
                        "error: {P}changed method engine::Plugin::build: expected fn build(&mut self, x: i64) -> i64 "
                                + "effects(alloc), found fn build(&mut self, x: i64) -> i64"),
                breaking("variant's payload type changed", "1.1.0",
                        List.of(ch("Key(u32)", "Key(u64)")), List.of(),
                        "error: {P}changed variant engine::Event::Key: expected Key(u32), found Key(u64)"),
                breaking("trait method removed", "1.1.0",
                        List.of(ch("    fn name(&self) -> i64;\n", "")), List.of("-DNO_NAME"),
                        "error: {P}has no method engine::Plugin::name: expected fn name(&self) -> i64, found no such method"),
                breaking("trait method added without a default body", "1.1.0",
                        List.of(ch("fn build(&mut self, x: i64) -> i64 effects(alloc);\n",
                                "fn build(&mut self, x: i64) -> i64 effects(alloc);\n    fn priority(&self) -> i64;\n")), List.of(),
                        "error: {P}added method engine::Plugin::priority without a default body: expected a default body "
                                + "(impl engine::Plugin for plugin::Physics binds no body for it), found fn priority(&self) -> i64"),
                breaking("struct renamed", "1.1.0",
                        List.of(ch("pub struct Color", "pub struct Colour"), ch("pub tint: Color", "pub tint: Colour")),
                        List.of("-DCOLOR_RENAMED"), "error: {P}has no struct engine::Color: expected struct Color { r: u8, g: u8, b: u8 }, found nothing", "error: {P}changed field engine::Transform.tint: expected engine::Color, found engine::Colour"),
                breaking("struct made private", "1.1.0",
                        List.of(ch("pub struct Stats", "struct Stats")), List.of(), "error: {P}reduced the visibility of engine::Stats: expected pub, found private"),
                breaking("enum renamed", "1.1.0",
                        List.of(ch("pub enum Event", "pub enum Message"), ch("out: *mut Event", "out: *mut Message")),
                        List.of("-DEVENT_RENAMED"), "error: {P}has no enum engine::Event: expected enum Event { Tick, Key(u32) }, found nothing", "error: {P}changed parameter out of engine::next_event: expected *mut engine::Event, found *mut engine::Message"),
                breaking("trait renamed", "1.1.0",
                        List.of(ch("pub trait Plugin", "pub trait Extension"), ch("dyn Plugin", "dyn Extension")),
                        List.of("-DPLUGIN_RENAMED"), "error: {P}has no trait engine::Plugin: expected trait Plugin { fn name(&self) -> i64; fn build(&mut self, x: i64) -> i64 effects(alloc) }, found nothing", "error: {P}changed parameter p of engine::run_plugin: expected &mut dyn engine::Plugin, found &mut dyn engine::Extension"),
                breaking("function renamed (same symbol)", "1.1.0",
                        List.of(ch("pub fn scale_by(", "pub fn scale(")), List.of(), "error: {P}has no function engine::scale_by: expected fn scale_by(t: &engine::Transform, k: i32) -> i32, found nothing"),
                breaking("function made private", "1.1.0",
                        List.of(ch("pub fn scale_by(", "fn scale_by(")), List.of(), "error: {P}reduced the visibility of engine::scale_by: expected pub, found private"),
                breaking("field renamed", "1.1.0",
                        List.of(ch("pub scale: i32", "pub factor: i32")), List.of("-DSCALE_RENAMED"), "error: {P}has no field engine::Transform.scale: expected scale: i32, found no such field"),
                breaking("field made pub(crate)", "1.1.0",
                        List.of(ch("pub scale: i32", "pub(crate) scale: i32")), List.of(), "error: {P}reduced the visibility of field engine::Transform.scale: expected pub, found pub(crate)"),
                breaking("field's signedness changed", "1.1.0",
                        List.of(ch("pub scale: i32", "pub scale: u32")), List.of(), "error: {P}changed field engine::Transform.scale: expected i32, found u32"),
                breaking("enum variant renamed", "1.1.0",
                        List.of(ch("Rect { w: i32, h: i32 } }", "Rectangle { w: i32, h: i32 } }")),
                        List.of("-DRECT_RENAMED"), "error: {P}has no variant engine::Shape::Rect: expected Rect { w: i32, h: i32 }, found no such variant", "error: {P}added variant engine::Shape::Rectangle to an enum plugin@1.0.0 saw as exhaustive: expected no variant Rectangle (the view's enum is not #[non_exhaustive]), found Rectangle { w: i32, h: i32 }"),
                breaking("tuple variant to struct variant", "1.1.0",
                        List.of(ch("Key(u32)", "Key { code: u32 }")), List.of("-DKEY_STRUCT_VARIANT"), "error: {P}changed variant engine::Event::Key: expected Key(u32), found Key { code: u32 }"),
                breaking("field added to a struct variant", "1.1.0",
                        List.of(ch("Rect { w: i32, h: i32 }", "Rect { w: i32, h: i32, d: i32 }")), List.of(), "error: {P}changed variant engine::Shape::Rect: expected Rect { w: i32, h: i32 }, found Rect { w: i32, h: i32, d: i32 }"),
                breaking("parameter removed", "1.1.0",
                        List.of(ch("k: i32) -> i32", ") -> i32"), ch("scale_by(t: &Transform, ", "scale_by(t: &Transform")),
                        List.of("-DSCALE_BY_NO_K"), "error: {P}changed the parameters of engine::scale_by: expected (t: &engine::Transform, k: i32), found (t: &engine::Transform)"),
                breaking("trait method renamed", "1.1.0",
                        List.of(ch("fn build(&mut self", "fn make(&mut self")), List.of("-DBUILD_RENAMED"), "error: {P}has no method engine::Plugin::build: expected fn build(&mut self, x: i64) -> i64 effects(alloc), found no such method", "error: {P}added method engine::Plugin::make without a default body: expected a default body (impl engine::Plugin for plugin::Physics binds no body for it), found fn make(&mut self, x: i64) -> i64 effects(alloc)"),
                breaking("#[repr(packed)] added to a frozen struct", "1.1.0",
                        List.of(ch("#[repr(C)] #[frozen]", "#[repr(C, packed)] #[frozen]")), List.of(), "error: {P}changed the repr of engine::Vec3: expected #[repr(C)], found #[repr(C, packed)]", "error: {P}changed the layout of frozen engine::Vec3: expected size 12, align 4, x at 0, y at 4, z at 8, found size 12, align 1, x at 0, y at 4, z at 8", "error: {P}lowered the alignment of field engine::Transform.pos: expected align 4, found align 1"),
                breaking("#[repr(align(16))] added to a nested struct of a type the plugin allocates", "1.1.0",
                        List.of(ch("#[repr(C)]\npub struct Color", "#[repr(C, align(16))]\npub struct Color")), List.of(),
                        "error: {P}changed the repr of engine::Color: expected #[repr(C)], found #[repr(C, align(16))]"),
                breaking("#[repr(u8)] added to a resilient enum", "1.1.0",
                        List.of(ch("pub enum Shape", "#[repr(u8)]\npub enum Shape")), List.of(), "error: {P}changed where enum engine::Shape keeps its tag: expected a 4-byte tag at offset 0, found a 1-byte tag at offset 0"),                breaking("pointer mutability of a parameter *const T to *mut T", "1.1.0",
                        List.of(ch("sum_scales(ts: *const Transform", "sum_scales(ts: *mut Transform")),
                        List.of("-DSUM_T=void *"), "error: {P}changed the ownership of parameter ts of engine::sum_scales: expected *const engine::Transform, found *mut engine::Transform"),
                breaking("pointer mutability of the return type *const T to *mut T", "1.1.0",
                        List.of(ch("-> *const Transform;", "-> *mut Transform;")), List.of("-DPICK_T=void *"), "error: {P}changed the ownership of the return type of engine::pick: expected *const engine::Transform, found *mut engine::Transform"),
                breaking("trait method's receiver &mut self to &self", "1.1.0",
                        List.of(ch("fn build(&mut self", "fn build(&self")), List.of(), "error: {P}changed method engine::Plugin::build: expected fn build(&mut self, x: i64) -> i64 effects(alloc), found fn build(&self, x: i64) -> i64 effects(alloc)"),
                breaking("trait method's effects widened (the engine calls it)", "1.1.0",
                        List.of(ch("fn name(&self) -> i64;", "fn name(&self) -> i64 effects(io);")), List.of(), "error: {P}widened the effects of method engine::Plugin::name: expected no effects, found effects(io)"),
                breaking("major version bump that also changes a field type", "3.0.0",
                        List.of(ch("pub scale: i32", "pub scale: i64")), List.of(),
                        "error: {P}changed field engine::Transform.scale: expected i32, found i64"));
    }

    static String resource(String name) {
        try (InputStream in = CrossVersionCatalogueTest.class.getResourceAsStream("/crossversion/" + name)) {
            assertThat(in).as("test resource crossversion/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The C sources are written against generated headers only, and must compile clean. */
    static final List<String> WARNINGS = List.of("-Wall", "-Wextra", "-Werror");

    /**
     * Writes {@code dir/<crate>.h}, the C bindings ({@code race bindgen --lang c}) of the crate of {@code steg} for
     * {@code target}, with the crates of {@code imports} as its imports; returns the header's text.
     */
    static String header(Path dir, String target, String steg, String... imports) throws Exception {
        List<Source> sources = new ArrayList<>(List.of(new Source("crate.steg", steg)));
        for (int i = 0; i < imports.length; i++) {
            sources.add(new Source("import-" + i + ".steg", imports[i]));
        }
        CompileResult compiled = StegCompiler.compile(sources);
        assertThat(compiled.hasErrors()).as("%s", compiled.diagnostics()).isFalse();
        Matcher m = Pattern.compile("(?m)^crate (\\w+) ").matcher(steg);
        assertThat(m.find()).as("a crate line in%n%s", steg).isTrue();
        String name = m.group(1);
        Crate crate = compiled.crates().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        List<Crate> deps = compiled.crates().stream().filter(c -> c != crate).toList();
        String text = Bindgen.generate(new BindgenRequest(Lang.C, crate, deps, TargetSpec.named(target)));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Bindgen.fileName(Lang.C, name)), text);
        return text;
    }

    /** The directory holding the plugin's headers for {@code target}: plugin.h and engine 1.0's engine.h. */
    static Path pluginInclude(Workspace ws, String target) throws Exception {
        Path dir = ws.dir.resolve("include-plugin-" + target);
        header(dir, target, ENGINE_1);
        header(dir, target, PLUGIN_STEG, ENGINE_1);
        return dir;
    }

    /** {@code flags}, then the warnings, then {@code -I dir}. */
    static List<String> withHeaders(List<String> flags, Path dir) {
        List<String> f = new ArrayList<>(flags);
        f.addAll(WARNINGS);
        f.addAll(List.of("-I", dir.toString()));
        return f;
    }

    /**
     * Builds the engine object of each case: engine.c compiled against the case's own engine.h (generated from the
     * case's .steg into a directory of its own) with the case's {@code -D} flags, once per distinct (.steg, flags).
     */
    static final class EngineObjects {
        interface Compiler {
            Path cc(String name, String source, List<String> flags) throws Exception;
        }

        final Workspace ws;
        final String target;
        final List<String> flags;
        final Compiler cc;
        final Map<String, Path> objects = new HashMap<>();
        final Map<String, Path> includes = new HashMap<>();

        EngineObjects(Workspace ws, String target, List<String> flags, Compiler cc) {
            this.ws = ws;
            this.target = target;
            this.flags = List.copyOf(flags);
            this.cc = cc;
        }

        Path object(String steg, List<String> defines) throws Exception {
            Path dir = includes.get(steg);
            if (dir == null) {
                dir = ws.dir.resolve("include-engine-" + target + "-" + includes.size());
                header(dir, target, steg);
                includes.put(steg, dir);
            }
            String key = dir + " " + String.join(" ", defines);
            Path o = objects.get(key);
            if (o == null) {
                List<String> f = withHeaders(flags, dir);
                f.addAll(defines);
                o = cc.cc("engine-" + target + "-" + objects.size(), resource("engine.c"), f);
                objects.put(key, o);
            }
            return o;
        }
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engine1Steg = ws.write("engine-1.0.steg", ENGINE_1);
        Path pluginSteg = ws.write("plugin.steg", PLUGIN_STEG);
        String src = resource("plugin.c");
        Path include = pluginInclude(ws, "x86_64");
        // compiled once each, against engine 1.0's bindings, and never again
        pluginNoPic = ws.pack("plugin.rcrate", pluginSteg, List.of(engine1Steg),
                ws.cc("plugin", src, withHeaders(Workspace.NO_PIC, include)));
        pluginPie = ws.pack("plugin-pie.rcrate", pluginSteg, List.of(engine1Steg),
                ws.cc("plugin-pie", src, withHeaders(Workspace.PIE, include)));
        // the runtime defines print_num and print_str with its own C types, so it is an object of its own
        runtime = ws.cc("runtime", Workspace.RUNTIME_C, Workspace.NO_PIC);
        engines = new EngineObjects(ws, "x86_64", Workspace.NO_PIC, ws::cc);
        engine1 = ws.pack("engine-1.0.rcrate", engine1Steg, List.of(), engines.object(ENGINE_1, List.of()), runtime);
    }

    static String stegOf(Case c) {
        String text = ENGINE_1.replace("crate engine 1.0.0;", "crate engine " + c.version() + ";");
        for (Change change : c.changes()) {
            assertThat(text).as("case %s", c.name()).contains(change.from());
            text = text.replace(change.from(), change.to());
        }
        return text;
    }

    /** The case's engine: its .steg and its C code packed by RacePacker (what {@code race pack} runs). */
    Path engine(Case c) throws Exception {
        Path steg = ws.write("engine-" + c.slug() + ".steg", stegOf(c));
        return ws.pack("engine-" + c.slug() + ".rcrate", steg, List.of(), engines.object(stegOf(c), c.defines()),
                runtime);
    }

    static String prefix(Path plugin, Path engine, String version) {
        return "plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but engine@" + version + " (" + engine + ") ";
    }

    static List<String> expand(List<String> outcome, Path plugin, Path engine, String version) {
        String semver = "plugin@1.0.0 (" + plugin + ") was built against engine@1.0.0 but the link has engine@" + version
                + " (" + engine + "), ";
        return outcome.stream().map(s -> s.replace("{P}", prefix(plugin, engine, version)).replace("{S}", semver))
                .toList();
    }

    static List<String> lines(LinkResult r) {
        List<String> out = new ArrayList<>();
        r.diagnostics().forEach(d -> out.add(d.severity().label() + ": " + d.message()));
        return out;
    }

    /** The message ends with {@code expected E, found F}; the first two details repeat E and F. */
    static void assertExpectedAndFoundRepeated(Diagnostic d) {
        String m = d.message();
        int e = m.lastIndexOf(": expected ");
        int f = m.indexOf(", found ", e);
        assertThat(e).as(m).isPositive();
        assertThat(f).as(m).isPositive();
        assertThat(d.details()).as(d.render()).startsWith("expected: " + m.substring(e + 11, f),
                "found: " + m.substring(f + 8));
    }

    String run(Path program) throws Exception {
        Workspace.Ran ran = ws.run(program);
        assertThat(ran.code()).as("exit status of %s; it printed:%n%s", program, ran.out()).isZero();
        return ran.out();
    }

    @Test
    void withEngine1ThePluginPrintsTheOracle() throws Exception {
        for (Path plugin : List.of(pluginNoPic, pluginPie)) {
            Path out = ws.dir.resolve("app-1.0-" + plugin.getFileName());
            LinkResult r = ws.link(out.getFileName().toString(), engine1, plugin);
            assertThat(r.diagnostics()).as(rendered(r)).isEmpty();
            assertThat(run(out)).isEqualTo(ORACLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleCases")
    void compatibleChangeLinksAndRunsUnchanged(String name, Case c) throws Exception {
        Path engine = engine(c);
        for (Path plugin : List.of(pluginNoPic, pluginPie)) {
            Path out = ws.dir.resolve("app-" + c.slug() + "-" + plugin.getFileName());
            LinkResult r = ws.link(out.getFileName().toString(), engine, plugin);
            assertThat(lines(r)).as("%s with %s:%n%s", c.name(), plugin.getFileName(), rendered(r))
                    .containsExactlyElementsOf(expand(c.outcome(), plugin, engine, c.version()));
            assertThat(r.ok()).isTrue();
            for (Diagnostic d : r.warnings()) {
                if (d.message().contains(" has no field ")) {
                    assertExpectedAndFoundRepeated(d);
                    assertThat(d.details()).contains("no offset-of query of plugin@1.0.0 goes through this field, "
                            + "so the link goes on");
                }
            }
            assertThat(run(out)).as("%s with %s", c.name(), plugin.getFileName()).isEqualTo(ORACLE);
        }
        // the same output is not a coincidence of unchanged constants: where the case says so, some constant the
        // plugin's code uses has another value than with engine 1.0
        Map<String, Object> before = answers(ENGINE_1);
        Map<String, Object> after = answers(stegOf(c));
        if (c.moves()) {
            assertThat(after).as("a layout constant the plugin uses moves").isNotEqualTo(before);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingCases")
    void breakingChangeIsRefused(String name, Case c) throws Exception {
        Path engine = engine(c);
        for (Path plugin : List.of(pluginNoPic, pluginPie)) {
            Path out = ws.dir.resolve("app-" + c.slug() + "-" + plugin.getFileName());
            LinkResult r = ws.link(out.getFileName().toString(), engine, plugin);
            assertThat(r.ok()).as("%s with %s must be refused", c.name(), plugin.getFileName()).isFalse();
            assertThat(lines(r)).as("%s with %s:%n%s", c.name(), plugin.getFileName(), rendered(r))
                    .containsExactlyElementsOf(expand(c.outcome(), plugin, engine, c.version()));
            String object = plugin.getFileName().toString().replace(".rcrate", ".o");
            for (Diagnostic d : r.errors()) {
                assertThat(d.message()).contains("plugin@1.0.0", "engine@1.0.0", "engine@" + c.version());
                assertExpectedAndFoundRepeated(d);
                assertThat(d.details()).as(d.render()).anyMatch(s -> s.startsWith("used at " + object + ":."));
            }
            assertThat(out).doesNotExist();
            assertThat(r.output()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleCases")
    void compatibleChangeAsARelocatableObjectFinishedByLd(String name, Case c) throws Exception {
        Path engine = engine(c);
        for (Path plugin : List.of(pluginNoPic, pluginPie)) {
            String stem = "rel-" + c.slug() + "-" + plugin.getFileName();
            LinkResult r = ws.link(stem + ".o", b -> b.outputKind(OutputKind.RELOCATABLE), engine, plugin);
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            ws.exec("ld", "-static", "-e", "_start", ws.dir.resolve(stem + ".o").toString(), "-o",
                    ws.dir.resolve(stem).toString());
            assertThat(run(ws.dir.resolve(stem))).as("%s with %s", c.name(), plugin.getFileName()).isEqualTo(ORACLE);
        }
    }

    /** Engine 2.0.0 whose only change is a field appended to a type the plugin uses: a major bump, compatible. */
    static Case majorBumpStructurallyCompatible() {
        return new Case("major bump, structurally compatible", "2.0.0",
                List.of(ch("pub spare: i64,\n}", "pub spare: i64,\n    pub layer: i64,\n}")), List.of("-DHAS_LAYER"),
                List.of(), true);
    }

    /** The start of the semver diagnostic for {@link #majorBumpStructurallyCompatible()}. */
    static String majorBumpHead(Path plugin, Path engine) {
        return "plugin@1.0.0 (" + plugin + ") was built against engine@1.0.0 but the link has engine@2.0.0 ("
                + engine + "), a semver-incompatible version";
    }

    /** Also through the command line: race-cli's CrossVersionCatalogueCliTest. */
    @Test
    void majorBumpStructurallyCompatibleWarnsAndRunsButStrictRefuses() throws Exception {
        Path engine = engine(majorBumpStructurallyCompatible());
        String head = majorBumpHead(pluginNoPic, engine);
        LinkResult structural = ws.link("app-major", engine, pluginNoPic);
        assertThat(lines(structural)).containsExactly(
                "warning: " + head + "; every contract it uses is structurally compatible");
        assertThat(structural.diagnostics().get(0).details()).containsExactly("expected: engine >=1.0.0, <2.0.0",
                "found: 2.0.0", "--semver strict refuses this");
        assertThat(run(ws.dir.resolve("app-major"))).isEqualTo(ORACLE);

        LinkResult strict = ws.link("app-major-strict", b -> b.semver(SemverMode.STRICT), engine, pluginNoPic);
        assertThat(strict.ok()).isFalse();
        assertThat(lines(strict)).containsExactly("error: " + head + " (--semver strict)");
        assertThat(ws.dir.resolve("app-major-strict")).doesNotExist();
    }

    @Test
    void majorBumpThatBreaksAContractIsRefusedInBothModes() throws Exception {
        Case c = breakingCases().map(a -> (Case) a.get()[1]).filter(k -> k.version().equals("3.0.0")).findFirst()
                .orElseThrow();
        Path engine = engine(c);
        List<String> err = expand(c.outcome(), pluginNoPic, engine, c.version());
        LinkResult strict = ws.link("app-3-strict", b -> b.semver(SemverMode.STRICT), engine, pluginNoPic);
        assertThat(lines(strict)).hasSize(2).endsWith(err.get(0)).first().asString()
                .isEqualTo("error: plugin@1.0.0 (" + pluginNoPic + ") was built against engine@1.0.0 but the link has "
                        + "engine@3.0.0 (" + engine + "), a semver-incompatible version (--semver strict)");
        assertThat(strict.diagnostics().get(0).details()).contains("contracts plugin@1.0.0 uses changed as well (see below)");
        assertThat(ws.dir.resolve("app-3-strict")).doesNotExist();
    }

    /**
     * The answers to the layout queries the plugin's code makes, solved for the plugin with {@code engineSteg}: the
     * constants patched into its machine code.
     */
    static Map<String, Object> answers(String engineSteg) {
        CompileResult compiled = StegCompiler.compile(List.of(new Source("plugin.steg", PLUGIN_STEG),
                new Source("engine.steg", engineSteg)));
        assertThat(compiled.hasErrors()).as("%s", compiled.diagnostics()).isFalse();
        List<Crate> crates = compiled.crates();
        LayoutSolver solver = new LayoutSolver(X86, crates);
        Map<String, Object> a = new LinkedHashMap<>();
        probe(a, "offset Body.mass", () -> solver.offsetOf(p("plugin::Body"), List.of("mass")));
        probe(a, "offset Body.transform", () -> solver.offsetOf(p("plugin::Body"), List.of("transform")));
        probe(a, "offset Body.velocity", () -> solver.offsetOf(p("plugin::Body"), List.of("velocity")));
        probe(a, "size Body", () -> solver.sizeOf(p("plugin::Body")));
        probe(a, "size Slot", () -> solver.sizeOf(p("plugin::Slot")));
        probe(a, "offset Slot.t.Some.0.scale", () -> solver.offsetOf(p("plugin::Slot"), List.of("t", "Some", "0", "scale")));
        probe(a, "offset Physics.gravity", () -> solver.offsetOf(p("plugin::Physics"), List.of("gravity")));
        probe(a, "offset Physics.spin", () -> solver.offsetOf(p("plugin::Physics"), List.of("spin")));
        probe(a, "size Physics", () -> solver.sizeOf(p("plugin::Physics")));
        probe(a, "offset Transform.pos", () -> solver.offsetOf(p("engine::Transform"), List.of("pos")));
        probe(a, "offset Transform.scale", () -> solver.offsetOf(p("engine::Transform"), List.of("scale")));
        probe(a, "offset Transform.tint", () -> solver.offsetOf(p("engine::Transform"), List.of("tint")));
        probe(a, "offset Transform.stats", () -> solver.offsetOf(p("engine::Transform"), List.of("stats")));
        probe(a, "size Transform", () -> solver.sizeOf(p("engine::Transform")));
        probe(a, "offset Color.g", () -> solver.offsetOf(p("engine::Color"), List.of("g")));
        probe(a, "offset Stats.hits", () -> solver.offsetOf(p("engine::Stats"), List.of("hits")));
        probe(a, "tag Shape::Circle", () -> solver.tagOf(p("engine::Shape"), "Circle"));
        probe(a, "tag Shape::Rect", () -> solver.tagOf(p("engine::Shape"), "Rect"));
        probe(a, "offset Shape::Rect.w", () -> solver.offsetOf(p("engine::Shape"), List.of("Rect", "w")));
        probe(a, "offset Shape::Rect.h", () -> solver.offsetOf(p("engine::Shape"), List.of("Rect", "h")));
        probe(a, "size Shape", () -> solver.sizeOf(p("engine::Shape")));
        probe(a, "size Event", () -> solver.sizeOf(p("engine::Event")));
        probe(a, "tag Event::Tick", () -> solver.tagOf(p("engine::Event"), "Tick"));
        probe(a, "tag Event::Key", () -> solver.tagOf(p("engine::Event"), "Key"));
        probe(a, "offset Event::Key.0", () -> solver.offsetOf(p("engine::Event"), List.of("Key", "0")));
        VtableSynthesizer vtables = new VtableSynthesizer(solver, crates);
        probe(a, "slot Plugin::name", () -> vtables.slotOffset(p("engine::Plugin"), "name"));
        probe(a, "slot Plugin::build", () -> vtables.slotOffset(p("engine::Plugin"), "build"));
        return a;
    }

    static dev.race.steg.model.Path p(String text) {
        return dev.race.steg.model.Path.parse(text);
    }

    static void probe(Map<String, Object> answers, String what, Callable<Object> q) {
        try {
            Object v = q.call();
            answers.put(what, v instanceof BigInteger b ? b.longValue() : v);
        } catch (Exception e) {
            answers.put(what, "error: " + e.getMessage());
        }
    }
}
