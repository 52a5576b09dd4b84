package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.pipeline.CrossVersionCatalogueTest.Case;
import dev.race.link.pipeline.CrossVersionCatalogueTest.Change;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import static dev.race.link.pipeline.CrossVersionCatalogueTest.ORACLE;
import static dev.race.link.pipeline.CrossVersionCatalogueTest.ch;
import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-version catalogue in reverse: for each case of {@link CrossVersionCatalogueTest}, a NEW plugin, the
 * same {@code crossversion/plugin.c} compiled by gcc (no-PIC and PIE, {@code -Wall -Wextra -Werror}) against the
 * bindings {@code race bindgen} generates from the case's engine {@code .steg} (its engine.h, and plugin.h with it as
 * the import), with the case's {@code -D} flags where the new engine changes what code can be written or offers
 * something the plugin then uses, and packed against that {@code .steg}; linked with the OLD engine, engine 1.0
 * ({@code engine.c} compiled against engine 1.0's bindings). A case that links must print exactly the output worked
 * out by hand from the two C sources; a refused one must give exactly the diagnostics below and write nothing.
 * {@link AArch64ReverseCrossVersionCatalogueTest} runs the same table for AArch64 under qemu.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReverseCrossVersionCatalogueTest {
    /**
     * The reverse verdict of one case: the plugin's {@code -D} flags, the changes to plugin.steg its impl needs (a
     * trait or method the new engine renames or adds), the diagnostics of the link with engine 1.0
     * ({@code severity: message}, {@code {P}} for {@code PLUGIN imports engine@NEW but ENGINE-1.0 }, {@code {S}} for
     * the semver message's head), and what the program prints ({@code null}: refused).
     */
    record Reverse(List<String> defines, List<Change> pluginChanges, List<String> outcome, String output) {
        boolean runs() {
            return output != null;
        }
    }

    static Reverse runs(String output, List<String> defines, String... diagnostics) {
        return new Reverse(defines, List.of(), List.of(diagnostics), output);
    }

    static Reverse refused(List<String> defines, String... errors) {
        return new Reverse(defines, List.of(), List.of(errors), null);
    }

    static Reverse refused(List<String> defines, List<Change> pluginChanges, String... errors) {
        return new Reverse(defines, pluginChanges, List.of(errors), null);
    }

    /** {@code base} with each whole line {@code edits[2i]} (which must occur) replaced by {@code edits[2i+1]} lines. */
    static String edit(String base, String... edits) {
        List<String> lines = new ArrayList<>(base.lines().toList());
        for (int i = 0; i < edits.length; i += 2) {
            String from = edits[i];
            assertThat(lines).as("oracle edit").contains(from);
            List<String> to = edits[i + 1].isEmpty() ? List.of() : edits[i + 1].lines().toList();
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                if (l.equals(from)) {
                    out.addAll(to);
                } else {
                    out.add(l);
                }
            }
            lines = out;
        }
        return String.join("\n", lines) + "\n";
    }

    static final String OLDER = "warning: {S}an older version; every contract it uses is structurally compatible";

    /** The plugin built with -DNO_SCALE never touches Transform.scale: engine 1.0 keeps the scales engine_init set. */
    static final String NO_SCALE = edit(ORACLE,
            "plugin: scale 4", "",
            "plugin: scale 5", "",
            "plugin: scale_by(3) 58", "plugin: scale_by(3) 52", // 4 * 3 + 40
            "engine: scale 6", "engine: scale 4",
            "plugin: sum_scales 6030", "plugin: sum_scales 3030", // (10 + 1000) + (20 + 2000)
            "plugin: pick(1) scale 2020", "plugin: pick(1) pos.x 1",
            "plugin: adopt 2020001", "plugin: adopt 20001", // 20 * 1000 + 1
            "plugin: adopted scale -1", "",
            "plugin: slot scale 8", "plugin: slot pos.z 7");
    /** -DNO_SCALE_BY: the plugin does not call scale_by. */
    static final String NO_SCALE_BY = edit(ORACLE, "plugin: scale_by(3) 58", "");
    /** -DNO_STATS: the plugin neither prints nor bumps stats.hits. */
    static final String NO_STATS = edit(ORACLE,
            "plugin: stats.hits 400", "",
            "plugin: stats.hits 500", "",
            "engine: stats.hits 405", "engine: stats.hits 400");
    /** -DNO_KEY: the plugin's Event has no Key; engine 1.0's Key event is a variant it does not know. */
    static final String NO_KEY = edit(ORACLE, "plugin: event Key 42", "plugin: event of another variant");
    /** -DHAS_LAYER: engine 1.0 has no layer, so the guarded branch is not taken. */
    static final String NO_LAYER = edit(ORACLE,
            "plugin: stats.hits 400", "plugin: stats.hits 400\nplugin: this engine has no layer",
            "plugin: stats.hits 500", "plugin: stats.hits 500\nplugin: this engine has no layer");

    /** The major bump of the forward catalogue ({@code majorBumpStructurallyCompatibleWarnsAndRunsButStrictRefuses}). */
    static final Case MAJOR = new Case("major bump, structurally compatible", "2.0.0",
            List.of(ch("pub spare: i64,\n}", "pub spare: i64,\n    pub layer: i64,\n}")), List.of("-DHAS_LAYER"),
            List.of(), true);

    static final Map<String, Reverse> REVERSE = new LinkedHashMap<>();

    static void put(String name, Reverse r) {
        assertThat(REVERSE.put(name, r)).as("case %s given twice", name).isNull();
    }

    static {
        // ---- forward-compatible changes
        put("field added to a resilient struct", runs(NO_LAYER, List.of("-DHAS_LAYER"), OLDER,
                "warning: {P}has no field engine::Transform.layer: expected layer: i64, found no such field"));
        put("field of a new struct type added", runs(NO_LAYER, List.of("-DHAS_LAYER_STRUCT"), OLDER,
                "warning: {P}has no struct engine::Layer: expected struct Layer { id: u16, depth: i64 }, found nothing",
                "warning: {P}has no field engine::Transform.layer: expected layer: engine::Layer, found no such field"));
        put("fields of a resilient struct reordered", runs(ORACLE, List.of(), OLDER));
        put("field no code uses removed (warning)", refused(List.of(),
                "error: {P}raised the alignment of engine::Transform, which plugin@1.0.0 allocates: expected align 4, found align 8"));
        put("field no code of the plugin uses removed from a nested struct (warning)", runs(ORACLE, List.of(), OLDER));
        put("field added to a nested resilient struct", refused(List.of("-DHAS_CRITS"),
                "error: {P}has no field engine::Stats.crits: expected crits: i64, found no such field",
                "error: {P}lowered the alignment of field engine::Transform.stats: expected align 8, found align 4"));
        put("repr(C) added to resilient structs", refused(List.of(),
                "error: {P}changed the repr of engine::Stats: expected #[repr(C)], found no repr (resilient)",
                "error: {P}changed the repr of engine::Transform: expected #[repr(C)], found no repr (resilient)"));
        put("variant added to a #[non_exhaustive] enum (in front, so tags move)", refused(List.of(),
                "error: {P}has no variant engine::Event::Quit: expected Quit, found no such variant"));
        put("larger variant added to a #[non_exhaustive] enum (it grows)", refused(List.of(),
                "error: {P}has no variant engine::Event::Resize: expected Resize { w: u32, h: u16, d: u32 }, found no such variant"));
        put("variants of a resilient enum reordered", runs(ORACLE, List.of(), OLDER));
        put("effects narrowed", refused(List.of(),
                "error: {P}widened the effects of engine::describe: expected effects(io), found effects(alloc, io)"));
        put("trait method added with a default body", refused(List.of("-DHAS_PRIORITY"),
                "error: {P}has no method engine::Plugin::priority: expected fn priority(&self) -> i64 = default(engine_default_priority), found no such method"));
        put("trait method with a default body inserted before a used one (slots move)", refused(
                List.of("-DIMPL_PRIORITY"),
                List.of(ch("fn build = physics_build; }", "fn build = physics_build; fn priority = physics_priority; }")),
                "error: {P}has no method engine::Plugin::priority: expected fn priority(&self) -> i64 = default(engine_default_priority), found no such method"));
        put("field type replaced by an alias of it", refused(List.of(),
                "error: {P}has no type alias engine::Scale: expected type Scale = i32, found nothing"));
        put("#[frozen] added to a resilient struct", refused(List.of("-DSTATS_FROZEN"),
                "error: {P}no longer freezes engine::Stats: expected #[frozen], found not frozen"));
        put("parameter renamed", runs(ORACLE, List.of(), OLDER));
        put("function no code calls removed", runs(ORACLE, List.of(), OLDER));
        put("minor version bump with a new function", refused(List.of("-DHAS_RESET"),
                "error: {P}has no function engine::reset: expected fn reset(t: &mut engine::Transform), found nothing"));
        put("patch version bump, nothing changed", runs(ORACLE, List.of(), OLDER));
        put("pre-release of the same version: older (warning)", runs(ORACLE, List.of()));
        put("enum made #[non_exhaustive]", runs(ORACLE, List.of(), OLDER));
        put("enum no longer #[non_exhaustive]", runs(ORACLE, List.of(), OLDER));
        put("#[repr(C)] added to a resilient enum", refused(List.of(),
                "error: {P}changed the repr of engine::Shape: expected #[repr(C)], found no repr (resilient)"));
        put("explicit discriminants given to a #[non_exhaustive] enum", runs(ORACLE, List.of(), OLDER));
        put(MAJOR.name(), runs(NO_LAYER, List.of("-DHAS_LAYER"),
                "warning: {S}a semver-incompatible version; every contract it uses is structurally compatible",
                "warning: {P}has no field engine::Transform.layer: expected layer: i64, found no such field"));
        // ---- forward-breaking changes
        put("field removed that code uses", runs(NO_SCALE, List.of("-DNO_SCALE"), OLDER));
        put("field that raises the alignment added (u128) to a type the plugin allocates", runs(ORACLE, List.of(), OLDER,
                "warning: {P}has no field engine::Transform.wide: expected wide: u128, found no such field"));
        put("field type changed", refused(List.of(),
                "error: {P}changed field engine::Transform.scale: expected i64, found i32"));
        put("nested type's field type changed", refused(List.of(),
                "error: {P}changed field engine::Stats.hits: expected i64, found i32",
                "error: {P}lowered the alignment of field engine::Transform.stats: expected align 8, found align 4"));
        put("field added to a frozen struct", refused(List.of(),
                "error: {P}has no field engine::Vec3.w: expected w: i32, found no such field",
                "error: {P}changed the layout of frozen engine::Vec3: expected size 16, align 4, x at 0, y at 4, z at 8, w at 12, found size 12, align 4, x at 0, y at 4, z at 8"));
        put("frozen struct's field type changed", refused(List.of(),
                "error: {P}changed field engine::Vec3.y: expected i64, found i32",
                "error: {P}changed the layout of frozen engine::Vec3: expected size 24, align 8, x at 0, y at 8, z at 16, found size 12, align 4, x at 0, y at 4, z at 8",
                "error: {P}lowered the alignment of field engine::Transform.pos: expected align 8, found align 4"));
        put("frozen promise withdrawn", runs(ORACLE, List.of("-DVEC3_RESILIENT"), OLDER));
        put("repr(C) removed", runs(ORACLE, List.of(), OLDER));
        put("function removed", runs(NO_SCALE_BY, List.of("-DNO_SCALE_BY"), OLDER));
        put("parameter type changed", refused(List.of(),
                "error: {P}changed parameter k of engine::scale_by: expected i64, found i32"));
        put("parameter added", refused(List.of("-DSCALE_BY_BIAS"),
                "error: {P}changed the parameters of engine::scale_by: expected (t: &engine::Transform, k: i32, bias: i32), found (t: &engine::Transform, k: i32)"));
        put("ownership &T to Box<T>", refused(List.of(),
                "error: {P}changed the ownership of parameter t of engine::describe: expected Box<engine::Transform>, found &engine::Transform"));
        put("ownership Box<T> to &T", refused(List.of(),
                "error: {P}changed the ownership of parameter t of engine::adopt: expected &engine::Transform, found Box<engine::Transform>"));
        put("ownership of the return type *const T to &T", refused(List.of(),
                "error: {P}changed the ownership of the return type of engine::pick: expected &engine::Transform, found *const engine::Transform"));
        put("ownership &T to &mut T", refused(List.of(),
                "error: {P}changed the ownership of parameter t of engine::scale_by: expected &mut engine::Transform, found &engine::Transform"));
        put("field made private", runs(NO_SCALE, List.of("-DNO_SCALE"), OLDER));
        put("calling convention changed", refused(List.of("-DSCALE_BY_EXTERN_C"),
                "error: {P}changed the calling convention of engine::scale_by: expected extern \"C\", found extern \"Rust\""));
        put("return type changed", refused(List.of(),
                "error: {P}changed the return type of engine::scale_by: expected i64, found i32"));
        put("symbol changed", refused(List.of("-DSCALE_BY=engine_scale_by_v2"),
                "error: {P}changed the symbol of engine::scale_by: expected engine_scale_by_v2, found engine_scale_by"));
        put("effects widened", runs(ORACLE, List.of(), OLDER));
        put("variant added to an exhaustive enum", refused(List.of(),
                "error: {P}has no variant engine::Shape::Empty: expected Empty, found no such variant"));
        put("variant removed", runs(NO_KEY, List.of("-DNO_KEY"), OLDER));
        put("trait method signature changed", refused(List.of("-DBUILD_X_T=int32_t"),
                "error: {P}changed method engine::Plugin::build: expected fn build(&mut self, x: i32) -> i64 effects(alloc), found fn build(&mut self, x: i64) -> i64 effects(alloc)"));
        put("trait method's effects narrowed (the plugin implements it)", refused(List.of(),
                "error: {P}widened the effects of method engine::Plugin::build: expected no effects, found effects(alloc)"));
        put("variant's payload type changed", refused(List.of(),
                "error: {P}changed variant engine::Event::Key: expected Key(u64), found Key(u32)"));
        put("trait method removed", refused(List.of("-DNO_NAME"),
                List.of(ch("fn name = physics_name; ", "")),
                "error: {P}added method engine::Plugin::name without a default body: expected a default body (impl engine::Plugin for plugin::Physics binds no body for it), found fn name(&self) -> i64"));
        put("trait method added without a default body", refused(List.of("-DIMPL_PRIORITY"),
                List.of(ch("fn build = physics_build; }", "fn build = physics_build; fn priority = physics_priority; }")),
                "error: {P}has no method engine::Plugin::priority: expected fn priority(&self) -> i64, found no such method"));
        put("struct renamed", refused(List.of("-DCOLOR_RENAMED"),
                "error: {P}has no struct engine::Colour: expected struct Colour { r: u8, g: u8, b: u8 }, found nothing",
                "error: {P}changed field engine::Transform.tint: expected engine::Colour, found engine::Color"));
        put("struct made private", runs(NO_STATS, List.of("-DNO_STATS"), OLDER));
        put("enum renamed", refused(List.of("-DEVENT_RENAMED"),
                "error: {P}has no enum engine::Message: expected enum Message { Tick, Key(u32) }, found nothing",
                "error: {P}changed parameter out of engine::next_event: expected *mut engine::Message, found *mut engine::Event"));
        put("trait renamed", refused(List.of("-DPLUGIN_RENAMED"),
                List.of(ch("impl engine::Plugin for", "impl engine::Extension for")),
                "error: {P}has no trait engine::Extension: expected trait Extension { fn name(&self) -> i64; fn build(&mut self, x: i64) -> i64 effects(alloc) }, found nothing",
                "error: {P}changed parameter p of engine::run_plugin: expected &mut dyn engine::Extension, found &mut dyn engine::Plugin"));
        put("function renamed (same symbol)", refused(List.of(),
                "error: {P}has no function engine::scale: expected fn scale(t: &engine::Transform, k: i32) -> i32, found nothing"));
        put("function made private", runs(NO_SCALE_BY, List.of("-DNO_SCALE_BY"), OLDER));
        put("field renamed", refused(List.of("-DSCALE_RENAMED"),
                "error: {P}has no field engine::Transform.factor: expected factor: i32, found no such field"));
        put("field made pub(crate)", runs(NO_SCALE, List.of("-DNO_SCALE"), OLDER));
        put("field's signedness changed", refused(List.of(),
                "error: {P}changed field engine::Transform.scale: expected u32, found i32"));
        put("enum variant renamed", refused(List.of("-DRECT_RENAMED"),
                "error: {P}has no variant engine::Shape::Rectangle: expected Rectangle { w: i32, h: i32 }, found no such variant",
                "error: {P}added variant engine::Shape::Rect to an enum plugin@1.0.0 saw as exhaustive: expected no variant Rect (the view's enum is not #[non_exhaustive]), found Rect { w: i32, h: i32 }"));
        put("tuple variant to struct variant", refused(List.of("-DKEY_STRUCT_VARIANT"),
                "error: {P}changed variant engine::Event::Key: expected Key { code: u32 }, found Key(u32)"));
        put("field added to a struct variant", refused(List.of(),
                "error: {P}changed variant engine::Shape::Rect: expected Rect { w: i32, h: i32, d: i32 }, found Rect { w: i32, h: i32 }"));
        put("parameter removed", refused(List.of("-DSCALE_BY_NO_K"),
                "error: {P}changed the parameters of engine::scale_by: expected (t: &engine::Transform), found (t: &engine::Transform, k: i32)"));
        put("trait method renamed", refused(List.of(),
                List.of(ch("fn build = physics_build", "fn make = physics_build")),
                "error: {P}has no method engine::Plugin::make: expected fn make(&mut self, x: i64) -> i64 effects(alloc), found no such method",
                "error: {P}added method engine::Plugin::build without a default body: expected a default body (impl engine::Plugin for plugin::Physics binds no body for it), found fn build(&mut self, x: i64) -> i64 effects(alloc)"));
        put("#[repr(packed)] added to a frozen struct", refused(List.of(),
                "error: {P}changed the repr of engine::Vec3: expected #[repr(C, packed)], found #[repr(C)]",
                "error: {P}changed the layout of frozen engine::Vec3: expected size 12, align 1, x at 0, y at 4, z at 8, found size 12, align 4, x at 0, y at 4, z at 8"));
        put("#[repr(align(16))] added to a nested struct of a type the plugin allocates", refused(List.of(),
                "error: {P}changed the repr of engine::Color: expected #[repr(C, align(16))], found #[repr(C)]",
                "error: {P}lowered the alignment of field engine::Transform.tint: expected align 16, found align 1"));
        put("#[repr(u8)] added to a resilient enum", refused(List.of(),
                "error: {P}changed the repr of engine::Shape: expected #[repr(u8)], found no repr (resilient)",
                "error: {P}changed where enum engine::Shape keeps its tag: expected a 1-byte tag at offset 0, found a 4-byte tag at offset 0"));
        put("pointer mutability of a parameter *const T to *mut T", refused(List.of(),
                "error: {P}changed the ownership of parameter ts of engine::sum_scales: expected *mut engine::Transform, found *const engine::Transform"));
        put("pointer mutability of the return type *const T to *mut T", refused(List.of(),
                "error: {P}changed the ownership of the return type of engine::pick: expected *mut engine::Transform, found *const engine::Transform"));
        put("trait method's receiver &mut self to &self", refused(List.of("-DBUILD_SELF_T=const void *"),
                "error: {P}changed method engine::Plugin::build: expected fn build(&self, x: i64) -> i64 effects(alloc), found fn build(&mut self, x: i64) -> i64 effects(alloc)"));
        put("trait method's effects widened (the engine calls it)", refused(List.of(),
                "error: {P}changed method engine::Plugin::name: expected fn name(&self) -> i64 effects(io), found fn name(&self) -> i64"));
        put("major version bump that also changes a field type", refused(List.of(),
                "error: {P}changed field engine::Transform.scale: expected i64, found i32"));
    }

    /** Every forward case (and the forward major bump), with its reverse verdict. */
    static Stream<Arguments> cases() {
        return Stream.concat(Stream.concat(CrossVersionCatalogueTest.compatibleCases(),
                        CrossVersionCatalogueTest.breakingCases()).map(a -> (Case) a.get()[1]), Stream.of(MAJOR))
                .map(c -> Arguments.of(c.name(), c, REVERSE.get(c.name())));
    }

    static String pluginStegOf(Reverse r) {
        String text = CrossVersionCatalogueTest.PLUGIN_STEG;
        for (Change change : r.pluginChanges()) {
            assertThat(text).contains(change.from());
            text = text.replace(change.from(), change.to());
        }
        return text;
    }

    /** {@code {P}} and {@code {S}} of a reverse outcome. */
    static List<String> expand(List<String> outcome, Path plugin, Path engine1, String version) {
        String p = "plugin@1.0.0 (" + plugin + ") imports engine@" + version + " but engine@1.0.0 (" + engine1 + ") ";
        String s = "plugin@1.0.0 (" + plugin + ") was built against engine@" + version
                + " but the link has engine@1.0.0 (" + engine1 + "), ";
        return outcome.stream().map(x -> x.replace("{P}", p).replace("{S}", s)).toList();
    }

    /**
     * The new plugins of one target: plugin.c compiled against each case's bindings (a directory of its own:
     * engine.h of the case's engine, plugin.h of the case's plugin.steg importing it), once per case and mode, and
     * packed against the case's engine .steg.
     */
    static final class Plugins {
        interface Compiler {
            Path cc(String name, String source, List<String> flags) throws Exception;
        }

        final Workspace ws;
        final String target;
        final List<String> noPic;
        final List<String> pie;
        final Compiler cc;

        Plugins(Workspace ws, String target, List<String> noPic, List<String> pie, Compiler cc) {
            this.ws = ws;
            this.target = target;
            this.noPic = noPic;
            this.pie = pie;
            this.cc = cc;
        }

        /** The no-PIC (or -fno-pie) and the PIE plugin of {@code c}, in that order. */
        List<Path> of(Case c, Reverse r) throws Exception {
            return of(c, r, "");
        }

        /** Only the no-PIC (or -fno-pie) plugin of {@code c}, its files' names ending in {@code tag}. */
        Path noPicOf(Case c, Reverse r, String tag) throws Exception {
            String engineText = CrossVersionCatalogueTest.stegOf(c);
            Path engineSteg = ws.write("new-engine-" + c.slug() + ".steg", engineText);
            Path pluginSteg = ws.write("new-plugin-" + c.slug() + ".steg", pluginStegOf(r));
            Path include = ws.dir.resolve("include-new-plugin-" + target + "-" + c.slug());
            CrossVersionCatalogueTest.header(include, target, engineText);
            CrossVersionCatalogueTest.header(include, target, pluginStegOf(r), engineText);
            List<String> flags = CrossVersionCatalogueTest.withHeaders(noPic, include);
            flags.addAll(r.defines());
            String name = "plugin-" + c.slug() + tag;
            return ws.pack(name + ".rcrate", pluginSteg, List.of(engineSteg),
                    cc.cc(name, CrossVersionCatalogueTest.resource("plugin.c"), flags));
        }

        /** As {@link #of(Case, Reverse)}, the files' names ending in {@code tag} (a variant of the case's plugin). */
        List<Path> of(Case c, Reverse r, String tag) throws Exception {
            String engineText = CrossVersionCatalogueTest.stegOf(c);
            String pluginText = pluginStegOf(r);
            Path engineSteg = ws.write("new-engine-" + c.slug() + ".steg", engineText);
            Path pluginSteg = ws.write("new-plugin-" + c.slug() + ".steg", pluginText);
            Path include = ws.dir.resolve("include-new-plugin-" + target + "-" + c.slug());
            CrossVersionCatalogueTest.header(include, target, engineText);
            CrossVersionCatalogueTest.header(include, target, pluginText, engineText);
            String src = CrossVersionCatalogueTest.resource("plugin.c");
            String noPicName = "plugin-" + c.slug() + tag;
            String pieName = "plugin-pie-" + c.slug() + tag;
            List<String> noPicFlags = CrossVersionCatalogueTest.withHeaders(noPic, include);
            noPicFlags.addAll(r.defines());
            List<String> pieFlags = CrossVersionCatalogueTest.withHeaders(pie, include);
            pieFlags.addAll(r.defines());
            // the two compilations run side by side (the suite has two cores): PIE in another thread, no-PIC here
            CompletableFuture<Path> pieObject = CompletableFuture.supplyAsync(() -> {
                try {
                    return cc.cc(pieName, src, pieFlags);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Path noPicObject = cc.cc(noPicName, src, noPicFlags);
            Path pieObj;
            try {
                pieObj = pieObject.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err; // gcc failed: the assertion with its output
                }
                throw e;
            }
            return List.of(ws.pack(noPicName + ".rcrate", pluginSteg, List.of(engineSteg), noPicObject),
                    ws.pack(pieName + ".rcrate", pluginSteg, List.of(engineSteg), pieObj));
        }
    }

    /**
     * Links each of {@code plugins} with {@code engine1} and asserts the case's reverse verdict; returns the linked
     * programs of a case that runs (the caller runs them).
     */
    static List<Path> linkAndCheck(Workspace ws, Case c, Reverse r, Path engine1, List<Path> plugins) throws Exception {
        List<Path> programs = new ArrayList<>();
        for (Path plugin : plugins) {
            Path out = ws.dir.resolve("rev-app-" + plugin.getFileName().toString().replace(".rcrate", ""));
            LinkResult res = ws.link(out.getFileName().toString(), engine1, plugin);
            assertThat(CrossVersionCatalogueTest.lines(res)).as("%s with %s:%n%s", c.name(), plugin.getFileName(),
                    rendered(res)).containsExactlyElementsOf(expand(r.outcome(), plugin, engine1, c.version()));
            if (r.runs()) {
                assertThat(res.ok()).isTrue();
                programs.add(out);
            } else {
                assertThat(res.ok()).as("%s with %s must be refused", c.name(), plugin.getFileName()).isFalse();
                assertThat(out).doesNotExist();
                assertThat(res.output()).isNull();
                String object = plugin.getFileName().toString().replace(".rcrate", ".o");
                for (Diagnostic d : res.errors()) {
                    assertThat(d.message()).contains("plugin@1.0.0", "engine@1.0.0", "engine@" + c.version());
                    CrossVersionCatalogueTest.assertExpectedAndFoundRepeated(d);
                    assertThat(d.details()).as(d.render()).anyMatch(s -> s.startsWith("used at " + object + ":."));
                }
            }
        }
        return programs;
    }

    /** The case of a new struct type, engine::Layer, held by a new field Transform.layer. */
    static final String LAYER_CASE = "field of a new struct type added";

    /** The guarded plugin with the case's own engine: it has Layer, so the plugin reads Layer.depth (engine.c's 0x1a1a). */
    static final String LAYER_DEPTH = edit(ORACLE,
            "plugin: stats.hits 400", "plugin: stats.hits 400\nplugin: layer depth 6682",
            "plugin: stats.hits 500", "plugin: stats.hits 500\nplugin: layer depth 6682");

    interface Runner {
        Workspace.Ran run(Path program) throws Exception;
    }

    /**
     * The type-exists guard, on one target (docs/markers.md, "Optional features"). The Layer case's new plugin asks
     * {@code engine_Layer_exists()} and {@code engine_Transform_has_layer()}: with engine 1.0 it links with
     * warnings and takes its fallback (the catalogue asserts that), with the case's own engine, which has Layer, it
     * links clean and reads {@code layer.depth}. The same plugin built with {@code -DLAYER_TYPE_UNGUARDED} asks only
     * for the field, which does not cover its own queries into Layer: engine 1.0 refuses it, naming the type and
     * the plugin's code that uses it, and writes nothing.
     */
    static void layerTypeGuard(Workspace ws, Path engine1, Path engineOwn, Plugins plugins, Runner runner)
            throws Exception {
        Case c = cases().map(a -> (Case) a.get()[1]).filter(k -> k.name().equals(LAYER_CASE)).findFirst().orElseThrow();
        Reverse guarded = REVERSE.get(LAYER_CASE);
        assertThat(guarded.defines()).containsExactly("-DHAS_LAYER_STRUCT");
        for (Path plugin : plugins.of(c, guarded, "-own")) {
            Path out = ws.dir.resolve("own-app-" + plugin.getFileName().toString().replace(".rcrate", ""));
            LinkResult res = ws.link(out.getFileName().toString(), engineOwn, plugin);
            assertThat(res.diagnostics()).as("%s with its own engine:%n%s", plugin.getFileName(), rendered(res)).isEmpty();
            Workspace.Ran ran = runner.run(out);
            assertThat(ran.code()).as("exit status of %s; it printed:%n%s", out, ran.out()).isZero();
            assertThat(ran.out()).as("%s", out.getFileName()).isEqualTo(LAYER_DEPTH);
        }
        Reverse unguarded = new Reverse(List.of("-DHAS_LAYER_STRUCT", "-DLAYER_TYPE_UNGUARDED"), List.of(), List.of(
                "error: {P}has no struct engine::Layer: expected struct Layer { id: u16, depth: i64 }, found nothing",
                "warning: {P}has no field engine::Transform.layer: expected layer: engine::Layer, found no such field"),
                null);
        List<Path> refused = plugins.of(c, unguarded, "-unguarded");
        assertThat(linkAndCheck(ws, c, unguarded, engine1, refused)).isEmpty();
        for (Path plugin : refused) {
            LinkResult res = ws.link("again-" + plugin.getFileName().toString().replace(".rcrate", ""), engine1, plugin);
            // the error is about the type, and its sites are the plugin's queries into Layer (not the guarded field)
            assertThat(res.errors()).singleElement().satisfies(d -> {
                assertThat(d.details()).contains("expected: struct Layer { id: u16, depth: i64 }", "found: nothing");
                assertThat(d.render()).doesNotContain("guarded by");
            });
            assertThat(rendered(res)).contains("guarded by __race_has_6engine9Transform_5layer, which answers 0")
                    .doesNotContain("__race_has_6engine5Layer");
        }
    }

    Workspace ws;
    Path engine1;
    Path runtime;
    CrossVersionCatalogueTest.EngineObjects engines;
    Plugins plugins;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path engine1Steg = ws.write("engine-1.0.steg", CrossVersionCatalogueTest.ENGINE_1);
        runtime = ws.cc("runtime", Workspace.RUNTIME_C, Workspace.NO_PIC);
        engines = new CrossVersionCatalogueTest.EngineObjects(ws, "x86_64", Workspace.NO_PIC, ws::cc);
        engine1 = ws.pack("engine-1.0.rcrate", engine1Steg, List.of(),
                engines.object(CrossVersionCatalogueTest.ENGINE_1, List.of()), runtime);
        plugins = new Plugins(ws, "x86_64", Workspace.NO_PIC, Workspace.PIE, ws::cc);
    }

    @Test
    void everyForwardCaseHasItsOwnReverseVerdict() {
        Set<String> forward = new LinkedHashSet<>();
        Stream.concat(CrossVersionCatalogueTest.compatibleCases(), CrossVersionCatalogueTest.breakingCases())
                .forEach(a -> forward.add((String) a.get()[0]));
        forward.add(MAJOR.name());
        assertThat(REVERSE.keySet()).containsExactlyInAnyOrderElementsOf(forward);
        // the counts docs/contracts.md gives ("Catalogue", the reverse direction)
        assertThat(REVERSE.values().stream().filter(Reverse::runs).count()).as("cases that link and run").isEqualTo(24);
        assertThat(REVERSE.values().stream().filter(r -> !r.runs()).count()).as("cases refused").isEqualTo(50);
        // at least one case links only because the plugin guards a field engine 1.0 lacks, and runs the fallback
        assertThat(REVERSE.get("field added to a resilient struct").output()).contains("this engine has no layer");
    }

    /** The case's engine with its C code (the engine the new plugin was built against), packed. */
    static Path ownEngine(Workspace ws, CrossVersionCatalogueTest.EngineObjects engines, Path runtime, String name)
            throws Exception {
        Case c = cases().map(a -> (Case) a.get()[1]).filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        String text = CrossVersionCatalogueTest.stegOf(c);
        Path steg = ws.write("own-engine-" + c.slug() + ".steg", text);
        return ws.pack("own-engine-" + c.slug() + ".rcrate", steg, List.of(), engines.object(text, c.defines()), runtime);
    }

    @Test
    void aNewTypeLinksBehindItsTypeGuardAndIsRefusedWithoutIt() throws Exception {
        layerTypeGuard(ws, engine1, ownEngine(ws, engines, runtime, LAYER_CASE), plugins, ws::run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void newPluginWithEngine1(String name, Case c, Reverse r) throws Exception {
        for (Path program : linkAndCheck(ws, c, r, engine1, plugins.of(c, r))) {
            Workspace.Ran ran = ws.run(program);
            assertThat(ran.code()).as("exit status of %s; it printed:%n%s", program, ran.out()).isZero();
            assertThat(ran.out()).as("%s: %s", name, program.getFileName()).isEqualTo(r.output());
        }
    }
}
