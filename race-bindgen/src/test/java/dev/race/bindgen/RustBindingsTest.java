package dev.race.bindgen;

import dev.race.layout.TargetSpec;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Rust bindings: generated for sample crates that hold every item kind (src/test/resources/rust), used by a
 * no_std lib crate that calls every accessor, compiled by rustc with -D warnings at opt-level 0 and 3, static and
 * PIC, for x86-64 and AArch64; the objects must reference the marker symbols the bindings stand for.
 */
class RustBindingsTest {
    static final TargetSpec X86 = TargetSpec.named("x86_64");

    static String resource(String name) {
        try (InputStream in = RustBindingsTest.class.getResourceAsStream("/rust/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource rust/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the .steg sources together; they must compile cleanly. */
    static List<Crate> crates(String... stegSources) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < stegSources.length; i++) sources.add(new Source("s" + i + ".steg", stegSources[i]));
        CompileResult r = StegCompiler.compile(sources);
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates();
    }

    static String rust(Crate crate, List<Crate> imports) throws BindgenException {
        return Bindgen.generate(new BindgenRequest(Lang.RUST, crate, imports, X86));
    }

    /** The sample engine and plugin crates' modules. */
    static String[] samples() throws BindgenException {
        List<Crate> cs = crates(resource("engine.steg"), resource("plugin.steg"));
        return new String[]{rust(cs.get(0), List.of()), rust(cs.get(1), List.of(cs.get(0)))};
    }

    /** rustc for x86-64: the one on PATH, else ~/.cargo/bin/rustc. The test fails when neither exists. */
    static String hostRustc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "rustc"))) return Path.of(dir, "rustc").toString();
        }
        Path home = Path.of(System.getProperty("user.home"), ".cargo/bin/rustc");
        assertThat(Files.isExecutable(home)).as("rustc is needed (on PATH or in ~/.cargo/bin)").isTrue();
        return home.toString();
    }

    /** Debian's rustc, which has the AArch64 standard library. */
    static final String AARCH64_RUSTC = "/usr/bin/rustc";

    record Ran(int code, String out) {
    }

    static Ran exec(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s timed out", cmd).isTrue();
        return new Ran(p.exitValue(), out);
    }

    /** rustc --edition 2021 --crate-type lib --emit obj -C panic=abort -D warnings ... lib.rs -o OUT. */
    static Ran rustc(Path dir, boolean aarch64, String relocationModel, int opt, Path out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(aarch64 ? AARCH64_RUSTC : hostRustc());
        if (aarch64) cmd.addAll(List.of("--target", "aarch64-unknown-linux-gnu"));
        cmd.addAll(List.of("--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-C", "panic=abort",
                "-D", "warnings", "-C", "opt-level=" + opt, "-C", "relocation-model=" + relocationModel,
                dir.resolve("lib.rs").toString(), "-o", out.toString()));
        return exec(dir, cmd);
    }

    /** The undefined symbols of an ELF object (readelf -s). */
    static List<String> undefined(Path dir, Path object) throws Exception {
        Ran r = exec(dir, List.of("readelf", "-sW", object.toString()));
        assertThat(r.code()).as(r.out()).isZero();
        List<String> und = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[6].equals("UND") && !f[7].isEmpty()) und.add(f[7]);
        }
        return und;
    }

    static Path writeCrate(Path dir, String[] modules) throws IOException {
        Files.writeString(dir.resolve("engine.rs"), modules[0]);
        Files.writeString(dir.resolve("plugin.rs"), modules[1]);
        return Files.writeString(dir.resolve("lib.rs"), resource("lib.rs"));
    }

    static Stream<Arguments> builds() {
        List<Arguments> a = new ArrayList<>();
        for (boolean aarch64 : new boolean[]{false, true}) {
            for (String model : List.of("static", "pic")) {
                for (int opt : new int[]{0, 3}) a.add(Arguments.of(aarch64 ? "aarch64" : "x86_64", model, opt));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} relocation-model={1} opt-level={2}")
    @MethodSource("builds")
    void theModulesCompileWithoutWarningsAndReferenceTheirMarkers(String target, String model, int opt,
                                                                  @TempDir Path dir) throws Exception {
        writeCrate(dir, samples());
        Path obj = dir.resolve("lib.o");
        Ran r = rustc(dir, target.equals("aarch64"), model, opt, obj);
        assertThat(r.code()).as("rustc failed:%n%s", r.out()).isZero();
        assertThat(r.out()).as("rustc printed warnings").isBlank();
        List<String> und = undefined(dir, obj);
        // every accessor kind reached one marker kind: offsets (named, tuple, variant, nested), sizes, aligns,
        // tags (resilient, repr(u8), repr(C), niche), slots, and the vtables of both crates' impls
        assertThat(und).contains("__race_off_6engine9Transform_5scale", "__race_off_6engine9Transform_3pos", "__race_off_6engine9Transform_4name",
                "__race_off_6engine9Transform_5inner", "__race_off_6engine5Inner_5match",
                "__race_off_6engine5Shape_6Circle1r", "__race_off_6engine5Shape_3Key01_",
                "__race_off_6engine5Maybe_4Just00_", "__race_off_6engine4math4Body_1m",
                "__race_size_6engine9Transform", "__race_align_6engine9Transform", "__race_size_6plugin4Body",
                "__race_size_6engine5Inner",
                "__race_off_6plugin4Body_9transform", "__race_off_6plugin6Gadget_2at",
                "__race_tag_6engine5Shape_6Circle", "__race_tag_6engine5Shape_4Rect", "__race_tag_6engine4Mode_1B",
                "__race_tag_6engine4Mode_1C", "__race_tag_6engine5Maybe_7Nothing", "__race_tag_6engine6CShape_4Line",
                "__race_slot_6engine6Plugin_5build", "__race_slot_6engine6Plugin_4name", "__race_slot_6engine6Plugin_5apply", "__race_slot_6engine6Plugin_8priority",
                "__race_slot_6engine6Plugin_6create", "__race_slot_6engine6Plugin_6scaled",
                "__race_vtbl_6engine6Plugin_6engine7Physics", "__race_vtbl_6engine6Plugin_6plugin6Gadget",
                "__race_slot_6engine6Widget_4size", "__race_slot_6engine6Widget_5label", "__race_slot_6engine6Widget_4name",
                "__race_upcast_6engine6Widget_6engine6Plugin", "__race_upcast_6engine6Widget_6engine7Labeled",
                // type-exists (a resilient struct, a resilient enum, a repr enum, one in a module, the plugin's own)
                // and field-exists
                "__race_has_6engine9Transform", "__race_has_6engine5Shape", "__race_has_6engine4Mode",
                "__race_has_6engine4math4Body", "__race_has_6plugin4Body", "__race_has_6engine9Transform_5scale",
                "__race_has_6plugin4Body_9transform");
        // and nothing else: no core panic or memcpy, only markers and the bound functions under their symbols
        assertThat(und.stream().filter(s -> !s.startsWith("__race_")).sorted().toList())
                .containsExactly("engine_log", "engine_math_det", "engine_transform_init", "free", "origin", "plugin_main",
                        "plugin_of", "set_cb", "sum");
        // the niche-encoded enum has no tag marker for its dataful variant
        assertThat(und).doesNotContain("__race_tag_6engine5Maybe_4Just");
    }

    @Test
    void theModulesAlsoCompileUnderEdition2024(@TempDir Path dir) throws Exception {
        writeCrate(dir, samples());
        Files.writeString(dir.resolve("lib.rs"), """
                #![no_std]
                mod engine;
                mod plugin;
                #[unsafe(no_mangle)]
                pub extern "C" fn scale_of(p: *mut u8) -> i32 {
                    let t = unsafe { engine::Transform::from_mut_ptr(p) };
                    t.set_scale(2);
                    t.scale() + plugin::Body::size() as i32
                }
                """);
        Ran r = exec(dir, List.of(hostRustc(), "--edition", "2024", "--crate-type", "lib", "--emit", "obj", "-C",
                "panic=abort", "-C", "opt-level=3", "-D", "warnings", dir.resolve("lib.rs").toString(), "-o",
                dir.resolve("lib.o").toString()));
        assertThat(r.code()).as("rustc --edition 2024 failed:%n%s", r.out()).isZero();
        assertThat(r.out()).isBlank();
    }

    @Test
    void theModulesAreClippyClean(@TempDir Path dir) throws Exception {
        writeCrate(dir, samples());
        Files.writeString(dir.resolve("lib.rs"), "#![no_std]\nmod engine;\nmod plugin;\n");
        Path clippy = Path.of(hostRustc()).resolveSibling("clippy-driver");
        assertThat(Files.isExecutable(clippy)).as("clippy-driver beside rustc (%s) is needed", clippy).isTrue();
        Ran r = exec(dir, List.of(clippy.toString(), "--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-C",
                "panic=abort", "-D", "warnings", dir.resolve("lib.rs").toString(), "-o", dir.resolve("lib.o").toString()));
        assertThat(r.code()).as("clippy failed:%n%s", r.out()).isZero();
        assertThat(r.out()).isBlank();
    }

    @Test
    void aWrongFrozenAssertionFailsTheBuild(@TempDir Path dir) throws Exception {
        String[] m = samples();
        String good = "assert!(core::mem::size_of::<Vec3>() == 12);";
        assertThat(m[0]).contains(good, "assert!(core::mem::offset_of!(Vec3, y) == 4);");
        String[] bad = {m[0].replace(good, "assert!(core::mem::size_of::<Vec3>() == 13);"), m[1]};
        writeCrate(dir, bad);
        Ran r = rustc(dir, false, "static", 0, dir.resolve("lib.o"));
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("size_of::<Vec3>() == 13");
        String[] badOffset = {m[0].replace("offset_of!(Vec3, y) == 4", "offset_of!(Vec3, y) == 8"), m[1]};
        writeCrate(dir, badOffset);
        assertThat(rustc(dir, false, "static", 0, dir.resolve("lib.o")).code()).isNotZero();
    }

    @Test
    void theModuleSaysWhatItIsAndUsesTheMarkerIdiom() throws Exception {
        String[] m = samples();
        assertThat(m[0]).startsWith("//! Generated by race bindgen from engine 1.0.0; do not edit.\n");
        assertThat(m[1]).startsWith("//! Generated by race bindgen from plugin 1.0.0; do not edit.\n");
        assertThat(m[0]).contains("fn race_const(p: *const u8) -> usize",
                "options(pure, nomem, nostack, preserves_flags)",
                "    static __race_off_6engine9Transform_5scale: u8;\n",
                "_pin: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,",
                "pub fn scale(&self) -> i32 {", "pub fn set_scale(&mut self, v: i32) {",
                "    /// Whether the linked crates declare `engine::Transform` (an older version may not).\n"
                        + "    #[inline(always)]\n    pub fn exists() -> bool {\n"
                        + "        race_const(core::ptr::addr_of!(__race_has_6engine9Transform)) != 0\n    }\n",
                "    pub fn has_scale() -> bool {\n"
                        + "        race_const(core::ptr::addr_of!(__race_has_6engine9Transform_5scale)) != 0\n    }\n",
                "pub fn scale_ref(&self) -> &i32 {", "pub fn scale_mut(&mut self) -> &mut i32 {",
                "pub fn inner_ref(&self) -> &Inner {", "pub fn inners_at(&self, i: usize) -> Option<&Inner> {",
                "off.wrapping_add(i.wrapping_mul(Inner::size()))", "pub unsafe fn circle_r(&self) -> f32 {",
                "pub fn variant(&self) -> ShapeVariant {",
                "let tag = unsafe { *((self as *const Self as *const u8) as *const u32) };",
                "let tag = unsafe { *(self as *const Self as *const u8) };",
                "pub enum ShapeVariant {\n    Circle,\n    Rect,\n    Key,\n    Nested,\n    Empty,\n",
                "pub unsafe fn key_0(&self) -> u32 {", "pub unsafe fn nested_t_ref(&self) -> &Inner {",
                "pub struct PluginDyn {\n    pub data: *mut u8,\n    pub vtable: *const u8,\n}",
                "pub fn plugin_vtable_physics() -> *const u8 {\n    core::ptr::addr_of!("
                        + "__race_vtbl_6engine6Plugin_6engine7Physics)\n}",
                "#[link_name = \"engine_transform_init\"]\n    pub fn transform_init(t: *mut Transform, x: i32, "
                        + "y: i32, z: i32, scale: i32);",
                "pub fn log(msg: RaceStr, level: u8);",
                "pub fn sum(xs: RaceSlice<i32>, out: *mut Vec3, maybe: *const Inner) -> i64;",
                "pub fn name(&self) -> RaceStr {", "pub struct RaceStr {\n    pub ptr: *const u8,\n    pub len: usize,\n}",
                "pub unsafe fn name(self) -> RaceStr {", "pub type Name = RaceStr;",
                "pub unsafe fn scaled(self, by: f64, label: RaceStr, other: PluginDyn) -> u64 {",
                "let f__ = *(self.vtable.wrapping_add(", "f__(self.data, f, f_)",
                "pub fn set_cb(cb: extern \"C\" fn(i32) -> i32, ch: u32, big: i128) -> bool;",
                "// not bound: engine::make: the return type is `engine::Transform` by value",
                "// not bound: engine::take: parameter `t` is `engine::Transform` by value",
                "// not bound: engine::malloc: an `extern fn`",
                "pub mod math {", "super::race_const(core::ptr::addr_of!(super::__race_size_6engine4math4Body))",
                "pub fn at(&self) -> super::Vec3 {",
                "#[repr(C, packed(1))]", "#[repr(C, align(16))]",
                "#[repr(transparent)]\n#[derive(Clone, Copy)]\npub struct Meters {\n    pub _0: f64,\n}",
                "    pub cb: extern \"C\" fn(i32) -> i32,\n", "    pub pair: [u32; 2], // (u8, u32), as raw words\n",
                "pub fn ccb(&self) -> Option<extern \"C\" fn(u8) -> u8> {", "pub fn f_ptr(&self) -> *const u8 {",
                "pub type Callback = extern \"C\" fn(*mut Transform, u32) -> bool;");
        assertThat(m[0]).doesNotContain("fn bx_ref(&self) -> &Box", "-> &Transform {\n        unsafe { &*((self");
        assertThat(m[1]).contains("pub fn transform_ref(&self) -> &crate::engine::Transform {",
                "pub fn m(&self) -> crate::engine::math::Mat2 {", "pub fn plugin_vtable_gadget() -> *const u8 {",
                "#[link_name = \"plugin_main\"]\n    pub fn main() -> i32;");
        // nothing that only a tuple-less resilient field could have: no getter by value of an opaque type
        assertThat(m[1]).doesNotContain("pub fn transform(&self)", "pub fn shape(&self)");
    }

    /** A random crate of #[frozen] structs (reprs, packing, alignment, nesting, arrays, pointers, raw-byte fields). */
    static String randomFrozenCrate(long seed, int count) {
        java.util.Random rnd = new java.util.Random(seed);
        String[] prims = {"u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128", "usize", "isize",
                "f32", "f64", "bool", "char"};
        String[] reprs = {"", "#[repr(C)] ", "#[repr(C, packed)] ", "#[repr(C, packed(2))] ", "#[repr(C, align(8))] ",
                "#[repr(C, align(32))] ", "#[repr(packed(4))] ", "#[repr(align(16))] "};
        StringBuilder b = new StringBuilder("crate fz 1.0.0;\n");
        List<Boolean> aligned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String repr = reprs[rnd.nextInt(reprs.length)];
            boolean packed = repr.contains("packed");
            int n = 1 + rnd.nextInt(6);
            List<String> fields = new ArrayList<>();
            boolean hasAligned = repr.contains("align");
            for (int f = 0; f < n; f++) {
                String t;
                int k = rnd.nextInt(10);
                if (k < 4) t = prims[rnd.nextInt(prims.length)];
                else if (k == 4) t = "[" + prims[rnd.nextInt(prims.length)] + "; " + (1 + rnd.nextInt(5)) + "]";
                else if (k == 5) t = rnd.nextBoolean() ? "*const u8" : "&u64";
                else if (k == 6) t = rnd.nextBoolean() ? "Option<&u32>" : "(u8, u32)";
                else if (k == 7) t = rnd.nextBoolean() ? "extern \"C\" fn(u8) -> u8" : "fn(u8)";
                else if (i > 0) {
                    int j = rnd.nextInt(i);
                    // rustc refuses a packed struct that holds an align(N) one (E0588), as does C for a member
                    if (packed && aligned.get(j)) t = "u16";
                    else {
                        t = "S" + j;
                        hasAligned |= aligned.get(j);
                    }
                } else t = "u32";
                fields.add("pub f" + f + ": " + t);
            }
            aligned.add(hasAligned);
            b.append(repr).append("#[frozen]\npub struct S").append(i).append(" { ")
                    .append(String.join(", ", fields)).append(" }\n");
        }
        return b.toString();
    }

    @Test
    void randomFrozenStructsCompileWithTheirLayoutAssertions(@TempDir Path dir) throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            for (String target : List.of("x86_64", "aarch64")) {
                Crate c = crates(randomFrozenCrate(seed, 40)).get(0);
                String m = Bindgen.generate(new BindgenRequest(Lang.RUST, c, List.of(), TargetSpec.named(target)));
                Files.writeString(dir.resolve("fz.rs"), m);
                Files.writeString(dir.resolve("lib.rs"), "#![no_std]\nmod fz;\n");
                boolean a64 = target.equals("aarch64");
                List<String> cmd = new ArrayList<>(List.of(a64 ? AARCH64_RUSTC : hostRustc()));
                if (a64) cmd.addAll(List.of("--target", "aarch64-unknown-linux-gnu"));
                cmd.addAll(List.of("--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-C", "panic=abort",
                        "-D", "warnings", dir.resolve("lib.rs").toString(), "-o", dir.resolve("lib.o").toString()));
                Ran r = exec(dir, cmd);
                assertThat(r.code()).as("seed %d, %s: rustc refused the layout the solver promised:%n%s%n%s", seed,
                        target, r.out(), randomFrozenCrate(seed, 40)).isZero();
                // every struct became a real Rust struct (none fell back to an opaque type)
                assertThat(m).doesNotContain("_opaque");
            }
        }
    }

    @Test
    void theOutputIsDeterministic() throws Exception {
        String[] a = samples();
        String[] b = samples();
        assertThat(a).containsExactly(b);
    }

    static String rustError(String steg) {
        List<Crate> cs = crates(steg);
        try {
            rust(cs.get(0), List.of());
        } catch (BindgenException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("bindgen accepted:\n" + steg);
    }

    @Test
    void twoItemsThatGiveOneRustNameAreRefusedNamingBoth() {
        assertThat(rustError("crate c 1.0.0; pub enum Shape { A } pub struct ShapeVariant { pub x: i32 }"))
                .contains("`ShapeVariant`", "the variant enum of c::Shape", "struct c::ShapeVariant");
        assertThat(rustError("crate c 1.0.0; pub trait Plugin { fn f(&self); } pub struct PluginDyn { pub x: i32 }"))
                .contains("`PluginDyn`", "trait c::Plugin", "struct c::PluginDyn");
        assertThat(rustError("""
                crate c 1.0.0;
                pub trait Plugin { fn f(&self); }
                pub struct Physics { pub x: i32 }
                impl Plugin for Physics { fn f = physics_f; }
                pub fn plugin_vtable_physics();
                """)).contains("`plugin_vtable_physics`", "impl c::Plugin for c::Physics",
                "function c::plugin_vtable_physics");
        assertThat(rustError("crate c 1.0.0; pub struct T { pub x: i32, pub set_x: i32 }"))
                .contains("c::T", "`set_x`", "the setter of `c::T.x`", "the getter of `c::T.set_x`");
        assertThat(rustError("crate c 1.0.0; pub struct T { pub size: u32 }"))
                .contains("c::T", "`size`", "`size()`", "`c::T.size`");
        assertThat(rustError("crate c 1.0.0; pub struct T { pub exists: bool }"))
                .contains("c::T", "`exists`", "`exists()`", "`c::T.exists`");
        assertThat(rustError("crate c 1.0.0; pub enum E { Unknown, Known }"))
                .contains("c::E", "`Unknown`");
        assertThat(rustError("crate c 1.0.0; pub struct RaceStr { pub x: i32 } pub fn f(s: &str);"))
                .contains("`RaceStr`", "struct c::RaceStr", "the `&str` type RaceStr");
        assertThat(rustError("crate c 1.0.0; pub fn race_const();"))
                .contains("`race_const`", "function c::race_const", "the marker helper");
    }

    @Test
    void namesFollowRustConventionsWithoutLintExceptions() throws Exception {
        List<Crate> cs = crates("""
                crate c 1.0.0;
                pub struct HTTPServer { pub maxConn: u32, pub loop: u8 }
                pub enum Kind { PlainText { len: u32 }, ABC(u8) }
                pub fn startAll(s: &mut HTTPServer);
                """);
        String m = rust(cs.get(0), List.of());
        assertThat(m).contains("#[allow(non_snake_case)]\n    #[inline(always)]\n    pub fn maxConn(&self) -> u32",
                "pub fn r#loop(&self) -> u8", "pub fn set_loop(&mut self, v: u8)", "pub fn loop_ref(&self)",
                "pub unsafe fn plain_text_len(&self) -> u32", "pub unsafe fn abc_0(&self) -> u8",
                "#[allow(non_snake_case)]\n#[link_name = \"startAll\"]\npub fn startAll(s: *mut HTTPServer);"
                        .replace("\n#", "\n    #").replace("\npub fn startAll", "\n    pub fn startAll"));
    }
}
