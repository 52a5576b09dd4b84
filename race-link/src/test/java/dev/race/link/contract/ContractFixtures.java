package dev.race.link.contract;

import dev.race.format.elf.ElfObject;
import dev.race.format.pack.CratePacker;
import dev.race.format.pack.PackResult;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine 1.0 and a plugin compiled (gcc) and packed against it, so that views are trimmed and code sites are
 * real; engines of other versions are crates with no code.
 */
final class ContractFixtures {
    static final String ENGINE_1 = """
            crate engine 1.0.0;
            #[repr(C)] #[frozen]
            pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
            #[repr(C)]
            pub struct Color { pub r: u8, pub g: u8, pub b: u8 }
            pub struct Transform { pub pos: Vec3, pub scale: f32, pub tint: Color }
            pub struct World { entities: u64 }
            pub enum Shape { Circle { r: f32 }, Rect { w: f32, h: f32 } }
            #[non_exhaustive]
            pub enum Event { Tick, Key(u32) }
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, world: &mut World) effects(alloc);
            }
            #[symbol = "engine_spawn"]
            pub fn spawn(world: &mut World, t: &Transform) -> u64 effects(alloc, panic);
            #[symbol = "engine_log"]
            pub fn log(msg: *const u8) effects(io);
            pub fn unused(x: u32);
            """;

    static final String PLUGIN = """
            crate plugin 1.0.0;
            pub struct Physics { gravity: f32 }
            impl engine::Plugin for Physics {
                fn name = physics_name;
                fn build = physics_build;
            }
            pub fn get_scale(t: *const u8) -> f32;
            pub fn get_y(t: *const u8) -> f32;
            pub fn transform_size() -> usize;
            pub fn is_rect(s: *const u8) -> i32;
            pub fn is_tick(e: *const u8) -> i32;
            pub fn call_build(this: *mut u8, vt: *const u8, world: *mut engine::World);
            pub fn physics_vtable() -> *const u8;
            """;

    static final String PLUGIN_C = """
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_size_6engine9Transform[];
            extern const char __race_tag_6engine5Shape_4Rect[];
            extern const char __race_tag_6engine5Event_4Tick[];
            extern const char __race_slot_6engine6Plugin_5build[];
            extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];
            extern unsigned long engine_spawn(void *world, const void *t);
            extern void engine_log(const char *msg);

            float get_scale(const void *t) {
                return *(const float *)((const char *)t + (unsigned long)__race_off_6engine9Transform_5scale);
            }
            float get_y(const void *t) {
                return *(const float *)((const char *)t + (unsigned long)__race_off_6engine9Transform_3pos1y);
            }
            unsigned long transform_size(void) { return (unsigned long)__race_size_6engine9Transform; }
            int is_rect(const unsigned char *s) { return *s == (unsigned char)(unsigned long)__race_tag_6engine5Shape_4Rect; }
            int is_tick(const unsigned char *e) { return *e == (unsigned char)(unsigned long)__race_tag_6engine5Event_4Tick; }
            typedef void (*build_fn)(void *, void *);
            void call_build(void *self, const void *vt, void *world) {
                (*(const build_fn *)((const char *)vt + (unsigned long)__race_slot_6engine6Plugin_5build))(self, world);
            }
            const void *physics_vtable(void) { return __race_vtbl_6engine6Plugin_6plugin7Physics; }
            const char *physics_name(const void *self) { (void)self; return "physics"; }
            void physics_build(void *self, void *world) { engine_log("build"); engine_spawn(world, self); }
            """;

    private ContractFixtures() {
    }

    /** Compiles .steg sources together; every one must compile. */
    static List<Crate> steg(String... texts) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) sources.add(new Source("s" + i + ".steg", texts[i]));
        CompileResult r = StegCompiler.compile(sources);
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates();
    }

    /** A crate with no code and no imports, as {@code race pack} writes a types-only crate. */
    static InputCrate exportOnly(String fileName, String stegText, String... deps) {
        String[] all = new String[deps.length + 1];
        all[0] = stegText;
        System.arraycopy(deps, 0, all, 1, deps.length);
        return new InputCrate(fileName, codeless(steg(all).get(0), List.of()));
    }

    static RcrateFile codeless(Crate crate, List<Crate> imports) {
        return new RcrateFile(RcrateTarget.X86_64, crate, imports, List.of(), List.of(), List.of(),
                new RSymbols(new String[0], new long[0], new long[0], new int[0], new byte[0], new byte[0], new byte[0],
                        new int[0]),
                new RRelocations(new int[0], new long[0], new int[0], new int[0], new long[0], new int[0]), List.of());
    }

    /** gcc -O2 -fno-pic {@code c} into {@code dir/name}, read back. */
    static ElfObject gcc(Path dir, String name, String c) throws IOException, InterruptedException {
        Path src = dir.resolve(name.replace(".o", ".c"));
        Files.writeString(src, c);
        Process p = new ProcessBuilder("gcc", "-O2", "-fno-pic", "-c", src.toString(), "-o", name)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        Path obj = dir.resolve(name);
        return ElfObject.read(name, ByteBuffer.wrap(Files.readAllBytes(obj)));
    }

    /** The plugin packed against {@code engineText} with its gcc-compiled object. */
    static InputCrate plugin(ElfObject obj, String pluginText, String engineText) {
        List<Crate> crates = steg(pluginText, engineText);
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), RcrateTarget.X86_64, List.of(obj));
        assertThat(r.errors()).isEmpty();
        return new InputCrate("plugin.rcrate", r.file());
    }
}
