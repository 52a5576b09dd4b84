package dev.race.link.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.race.link.cli.DiffCommandTest.race;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code race check --stable-surface}: exported items with no stable ABI under RACE, located, and a clean crate. */
class CheckCommandTest {
    @TempDir
    Path dir;

    Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aCleanSurfaceIsExitZero() throws Exception {
        Path f = file("engine.steg", """
                crate engine 1.0.0;
                #[repr(C)] #[frozen]
                pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32, pub cb: extern "C" fn(u32) -> u32 }
                pub struct Transform { pub pos: Vec3, pub scale: f32 }
                pub fn spawn(t: &Transform, at: Vec3) -> Vec3;
                fn private_by_value(t: Transform);
                """);
        DiffCommandTest.Run r = race("check", "--stable-surface", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("every pub item has a stable ABI under RACE");
    }

    @Test
    void eachUnstableItemIsLocated() throws Exception {
        Path f = file("engine.steg", """
                crate engine 1.0.0;
                pub struct Transform { pub scale: f32 }
                #[frozen]
                pub struct Hooks { pub on_tick: fn(u32) -> u32 }
                pub type Callback = fn(u32);
                pub type ByValue = extern "C" fn(Transform);
                pub trait Plugin {
                    fn build(&mut self, t: Transform);
                }
                // a comment naming fn take(t: Transform) is not the declaration
                pub fn take(t: Transform) -> i32;
                pub fn make() -> Transform;
                """);
        DiffCommandTest.Run r = race("check", "--stable-surface", f.toString());
        assertThat(r.status()).isEqualTo(1);
        String e = r.err();
        assertThat(e).contains(f + ":4:24: error: field on_tick of pub frozen struct engine::Hooks holds fn(u32) -> u32, "
                + "a fn pointer with the Rust ABI, which has no stable ABI: expected an extern \"C\" fn pointer");
        assertThat(e).contains(f + ":5:10: error: pub type alias engine::Callback names fn(u32)");
        assertThat(e).contains(f + ":6:10: error: parameter #1 of the fn pointer in the aliased type of pub type alias "
                + "engine::ByValue is engine::Transform by value, which has no stable ABI under RACE");
        assertThat(e).contains(f + ":8:25: error: parameter t of method build of pub trait engine::Plugin is "
                + "engine::Transform by value");
        assertThat(e).contains(f + ":11:13: error: parameter t of pub function engine::take is engine::Transform by value, "
                + "which has no stable ABI under RACE: expected &engine::Transform (or engine::Transform #[frozen])")
                .contains("pub fn take(t: Transform) -> i32;\n            ^")
                .contains("hint: a type that is not #[frozen] may change its size and alignment between versions");
        assertThat(e).contains(f + ":12:").contains("return type of pub function engine::make is engine::Transform by value");
        assertThat(e).contains("race: 6 items of engine@1.0.0 with no stable ABI under RACE");
    }

    @Test
    void aFrozenTypeHoldingAResilientOneIsRefusedWithItsPosition() throws Exception {
        Path f = file("engine.steg", """
                crate engine 1.0.0;
                pub struct Transform { pub scale: f32 }
                #[frozen]
                pub struct Pair { pub a: Transform, pub b: u8 }
                """);
        DiffCommandTest.Run r = race("check", "--stable-surface", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":4:").contains("engine::Transform").contains("not #[frozen]");
    }

    @Test
    void importsResolveTypesAndUsageErrorsAreTwo() throws Exception {
        Path engine = file("engine.steg", "crate engine 1.0.0;\npub struct Transform { pub scale: f32 }\n");
        Path plugin = file("plugin.steg", "crate plugin 1.0.0;\npub fn take(t: engine::Transform);\n");
        DiffCommandTest.Run r = race("check", "--stable-surface", "--import", engine.toString(), plugin.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(plugin + ":2:13: error: parameter t of pub function plugin::take");
        assertThat(race("check", plugin.toString()).status()).isEqualTo(2);
        assertThat(race("check", "--stable-surface", dir.resolve("none.steg").toString()).status()).isEqualTo(1);
    }
}
