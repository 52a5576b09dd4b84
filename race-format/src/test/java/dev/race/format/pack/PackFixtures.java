package dev.race.format.pack;

import dev.race.format.elf.ElfObject;
import dev.race.format.fixtures.Fixtures;
import dev.race.format.fixtures.Tools;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A plugin crate written in C and in Rust against a view of an engine, and its STEG. */
final class PackFixtures {
    static final String ENGINE = """
            crate engine 2.0.0;
            #[repr(C)] #[frozen]
            pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
            pub mod render {
                pub struct Color { pub rgba: [u8; 4] }
            }
            pub struct Transform { pub layer: u8, pub scale: f32, pub pos: Vec3 }
            pub struct World { entities: u64 }
            pub struct App { world: World }
            #[repr(transparent)] #[frozen]
            pub struct Entity(pub u64);
            pub enum Shape { Circle { r: f32 }, Rect { w: f32, h: f32 }, Pair((u32, Vec3)), Empty }
            pub type Pos = Vec3;
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, app: &mut App);
            }
            #[symbol = "engine_spawn"]
            pub fn spawn(world: &mut World, t: &Transform) -> Entity;
            pub fn unused_fn(x: u32);
            pub struct Unused { a: u32 }
            """;

    static final String PLUGIN = """
            crate plugin 0.1.0;
            pub struct Physics { gravity: f32 }
            impl engine::Plugin for Physics {
                fn name = physics_name;
                fn build = physics_build;
            }
            pub fn get_scale(t: *const u8) -> f32;
            pub fn transform_size() -> usize;
            pub fn physics_vtable() -> *const u8;
            """;

    /** The plugin in C: markers as DESIGN.md shows them, plus ordinary code and data. */
    static final String PLUGIN_C = """
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_size_6engine9Transform[];
            extern const char __race_tag_6engine5Shape_4Rect[];
            extern const char PAIR_Z[];
            extern const char __race_slot_6engine6Plugin_4name[];
            extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];
            extern void *engine_spawn(void *world, const void *t);

            float get_scale(const void *t) {
                return *(const float *)((const char *)t + (unsigned long)__race_off_6engine9Transform_5scale);
            }
            float get_y(const void *t) {
                return *(const float *)((const char *)t + (unsigned long)__race_off_6engine9Transform_3pos1y);
            }
            unsigned long transform_size(void) { return (unsigned long)__race_size_6engine9Transform; }
            int is_rect(const unsigned char *shape) {
                return *shape == (unsigned char)(unsigned long)__race_tag_6engine5Shape_4Rect;
            }
            float pair_z(const char *shape) {
                return *(const float *)(shape + (unsigned long)PAIR_Z);
            }
            typedef const char *(*name_fn)(const void *);
            const char *plugin_name(const void *self, const void *vtable) {
                name_fn f = *(const name_fn *)((const char *)vtable + (unsigned long)__race_slot_6engine6Plugin_4name);
                return f(self);
            }
            const void *physics_vtable(void) { return __race_vtbl_6engine6Plugin_6plugin7Physics; }
            const char *physics_name(const void *self) { return "physics"; }
            int counter = 5;
            int zeroed;
            void physics_build(void *self, void *app) { zeroed++; counter += (int)(long)engine_spawn(app, self); }
            """.replace("PAIR_Z", Markers.mangle(new Marker.Offset(Path.of("engine", "Shape"),
            List.of("Pair", "0", "1", "z"))));

    /** {@link Fixtures#MARKERS_RS} plus the impl methods plugin.steg declares. */
    static final String PLUGIN_RS = Fixtures.MARKERS_RS + """
            #[no_mangle]
            pub extern "C" fn physics_name() -> *const u8 { b"physics\\0".as_ptr() }
            #[no_mangle]
            pub extern "C" fn physics_build() {}
            """;

    private PackFixtures() {
    }

    /** The plugin crate and the engine view, compiled together. */
    static List<Crate> steg(String plugin, String engine) {
        CompileResult r = StegCompiler.compile(List.of(new Source("plugin.steg", plugin), new Source("engine.steg", engine)));
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates();
    }

    static ElfObject load(java.nio.file.Path file) throws IOException {
        return ElfObject.read(file.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    /** Compiles {@code c} with {@code compiler} and flags into {@code dir/name}. */
    static java.nio.file.Path cc(java.nio.file.Path dir, String name, String compiler, String c, String... flags) throws IOException {
        java.nio.file.Path src = dir.resolve(name.replace(".o", ".c"));
        Files.writeString(src, c);
        String[] cmd = new String[flags.length + 6];
        cmd[0] = compiler;
        System.arraycopy(flags, 0, cmd, 1, flags.length);
        cmd[flags.length + 1] = "-c";
        cmd[flags.length + 2] = src.toString();
        cmd[flags.length + 3] = "-o";
        cmd[flags.length + 4] = name;
        cmd[flags.length + 5] = "-w";
        Tools.ok(dir, cmd);
        return dir.resolve(name);
    }

    static java.nio.file.Path rustc(java.nio.file.Path dir, String name, String rs) throws IOException {
        java.nio.file.Path src = dir.resolve(name.replace(".o", ".rs"));
        Files.writeString(src, rs);
        Tools.ok(dir, Tools.find("rustc", "rustc"), "--edition", "2021", "-O", "--emit=obj", "-C",
                "relocation-model=static", "-C", "panic=abort", "--crate-type=lib", src.toString(), "-o", name);
        return dir.resolve(name);
    }
}
