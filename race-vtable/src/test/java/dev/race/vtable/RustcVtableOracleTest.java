package dev.race.vtable;

import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rustc's own vtables as the oracle for the layout RACE synthesizes: a Rust program with the same trait reads
 * the vtable of a {@code &dyn Plugin} and prints the word index holding each method's address, and the size and
 * align words. RACE's slot offsets, header and plan must agree (for a repr(C) type, whose size both know).
 */
class RustcVtableOracleTest {
    static final String STEG = """
            crate engine 1.0.0;
            pub struct App { frame: u64 }
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, app: &mut App);
                fn priority(&self) -> i32 = default(engine_plugin_priority);
                fn scale(&self, by: f64) -> f64;
                fn ticks(&self) -> u64 = default(engine_plugin_ticks);
            }
            #[repr(C)]
            pub struct Physics { gravity: f32, id: u64, flag: u8 }
            impl Plugin for Physics { fn name = physics_name; fn build = physics_build; fn scale = physics_scale; }
            """;
    static final String RUST = """
            #![allow(dead_code)]
            struct App { frame: u64 }
            trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, app: &mut App);
                fn priority(&self) -> i32 { 3 }
                fn scale(&self, by: f64) -> f64;
                fn ticks(&self) -> u64 { 9 }
            }
            #[repr(C)]
            struct Physics { gravity: f32, id: u64, flag: u8 }
            impl Plugin for Physics {
                fn name(&self) -> &str { "physics" }
                fn build(&mut self, app: &mut App) { app.frame += 1; }
                fn scale(&self, by: f64) -> f64 { by * 2.0 }
            }
            fn slot(words: &[usize], name: &str, f: usize) {
                let k = words.iter().position(|w| *w == f).map(|k| k as i64).unwrap_or(-1);
                println!("{} {}", name, k);
            }
            fn main() {
                let p = Physics { gravity: 9.8, id: 1, flag: 0 };
                let d: &dyn Plugin = &p;
                let (_data, vt): (*const u8, *const usize) = unsafe { std::mem::transmute(d) };
                let words: Vec<usize> = (0..8).map(|i| unsafe { *vt.add(i) }).collect();
                println!("size {}", words[1]);
                println!("align {}", words[2]);
                slot(&words, "name", <Physics as Plugin>::name as fn(&Physics) -> &str as usize);
                slot(&words, "build", <Physics as Plugin>::build as fn(&mut Physics, &mut App) as usize);
                slot(&words, "priority", <Physics as Plugin>::priority as fn(&Physics) -> i32 as usize);
                slot(&words, "scale", <Physics as Plugin>::scale as fn(&Physics, f64) -> f64 as usize);
                slot(&words, "ticks", <Physics as Plugin>::ticks as fn(&Physics) -> u64 as usize);
            }
            """;

    @Test
    void slotsAndHeaderMatchRustc(@TempDir java.nio.file.Path dir) throws Exception {
        Files.writeString(dir.resolve("v.rs"), RUST);
        run(dir, "rustc", "--edition", "2021", "-C", "opt-level=0", "-o", "v", "v.rs");
        Map<String, Long> rustc = new HashMap<>();
        for (String line : run(dir, dir.resolve("v").toString()).split("\n")) {
            String[] w = line.trim().split(" ");
            rustc.put(w[0], Long.parseLong(w[1]));
        }
        List<Crate> crates = VtableSynthesizerTest.compile(STEG);
        VtableSynthesizer s = new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), crates), crates);
        Path plugin = Path.parse("engine::Plugin");
        for (String m : List.of("name", "build", "priority", "scale", "ticks")) {
            assertThat(rustc.get(m)).as("rustc found %s in the vtable", m).isNotNegative();
            assertThat(s.slotOffset(plugin, m)).as(m).isEqualTo(rustc.get(m) * 8);
        }
        VtablePlan p = s.plan(plugin, Path.parse("engine::Physics"));
        assertThat(p.size()).isEqualTo(rustc.get("size")).isEqualTo(24);
        assertThat(p.align()).isEqualTo(rustc.get("align"));
    }

    static final String SUPER_STEG = """
            crate engine 1.0.0;
            pub trait Named { fn name(&self) -> u64; fn id(&self) -> u64; }
            pub trait Shape: Named { fn area(&self) -> u64; }
            pub trait Tagged { fn tag(&self) -> u64; }
            pub trait Solid: Shape + Tagged { fn volume(&self) -> u64; }
            #[repr(C)]
            pub struct Plain { a: u64 }
            impl Named for Plain { fn name = n; fn id = i; }
            impl Shape for Plain { fn area = a; }
            impl Tagged for Plain { fn tag = t; }
            impl Solid for Plain { fn volume = v; }
            """;
    static final String SUPER_RUST = """
            #![allow(dead_code)]
            trait Named { fn name(&self) -> u64; fn id(&self) -> u64; }
            trait Shape: Named { fn area(&self) -> u64; }
            trait Tagged { fn tag(&self) -> u64; }
            trait Solid: Shape + Tagged { fn volume(&self) -> u64; }
            struct Plain { a: u64 }
            struct Owning { v: Vec<u8> }
            impl Named for Plain { fn name(&self) -> u64 { 1 } fn id(&self) -> u64 { 2 } }
            impl Shape for Plain { fn area(&self) -> u64 { 3 } }
            impl Tagged for Plain { fn tag(&self) -> u64 { 4 } }
            impl Solid for Plain { fn volume(&self) -> u64 { 5 } }
            impl Named for Owning { fn name(&self) -> u64 { 6 } fn id(&self) -> u64 { 7 } }
            impl Shape for Owning { fn area(&self) -> u64 { 8 } }
            fn words(vt: *const usize) -> Vec<usize> { (0..12).map(|i| unsafe { *vt.add(i) }).collect() }
            fn at(w: &[usize], f: usize) -> i64 { w.iter().position(|x| *x == f).map(|k| k as i64).unwrap_or(-1) }
            fn main() {
                let p = Plain { a: 1 };
                let o = Owning { v: vec![1] };
                let shape: &dyn Shape = &p;
                let (_d, svt): (*const u8, *const usize) = unsafe { std::mem::transmute(shape) };
                let sw = words(svt);
                let owning: &dyn Shape = &o;
                let (_e, ovt): (*const u8, *const usize) = unsafe { std::mem::transmute(owning) };
                println!("plain_drop {}", sw[0]);
                println!("owning_drop_is_null {}", if words(ovt)[0] == 0 { 1 } else { 0 });
                let name = <Plain as Named>::name as fn(&Plain) -> u64 as usize;
                let id = <Plain as Named>::id as fn(&Plain) -> u64 as usize;
                let area = <Plain as Shape>::area as fn(&Plain) -> u64 as usize;
                let tag = <Plain as Tagged>::tag as fn(&Plain) -> u64 as usize;
                println!("shape.name {}", at(&sw, name));
                println!("shape.id {}", at(&sw, id));
                println!("shape.area {}", at(&sw, area));
                let solid: &dyn Solid = &p;
                let (_f, vvt): (*const u8, *const usize) = unsafe { std::mem::transmute(solid) };
                let vw = words(vvt);
                println!("solid.name {}", at(&vw, name));
                println!("solid.id {}", at(&vw, id));
                println!("solid.area {}", at(&vw, area));
                println!("solid.tag {}", at(&vw, tag));
            }
            """;

    /**
     * The supertrait prefix and the drop word against rustc: a vtable of {@code Shape: Named} is rustc's (Named's
     * methods, then Shape's); in {@code Solid: Shape + Tagged} the methods of Named, Shape and the first of Tagged's
     * are where rustc puts them (rustc then places a pointer to the Tagged vtable before Solid's own methods, RACE
     * puts Solid's methods there and every upcast word after them: docs/vtables.md). A type without drop glue has
     * word 0 null in rustc, as in RACE; one that owns memory has it set.
     */
    @Test
    void supertraitPrefixAndNullDropMatchRustc(@TempDir java.nio.file.Path dir) throws Exception {
        Files.writeString(dir.resolve("s.rs"), SUPER_RUST);
        run(dir, "rustc", "--edition", "2021", "-C", "opt-level=0", "-o", "s", "s.rs");
        Map<String, Long> rustc = new HashMap<>();
        for (String line : run(dir, dir.resolve("s").toString()).split("\n")) {
            String[] w = line.trim().split(" ");
            rustc.put(w[0], Long.parseLong(w[1]));
        }
        assertThat(rustc.get("plain_drop")).as("rustc's drop word of a type without drop glue").isZero();
        assertThat(rustc.get("owning_drop_is_null")).as("rustc's drop word of a type with drop glue is null").isZero();
        List<Crate> crates = VtableSynthesizerTest.compile(SUPER_STEG);
        VtableSynthesizer s = new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), crates), crates);
        Path shape = Path.parse("engine::Shape");
        Path solid = Path.parse("engine::Solid");
        for (String m : List.of("name", "id", "area")) {
            assertThat(rustc.get("shape." + m)).as("rustc found %s", m).isNotNegative();
            assertThat(s.slotOffset(shape, m)).as("Shape::%s", m).isEqualTo(rustc.get("shape." + m) * 8);
        }
        for (String m : List.of("name", "id", "area", "tag")) {
            assertThat(rustc.get("solid." + m)).as("rustc found %s", m).isNotNegative();
            assertThat(s.slotOffset(solid, m)).as("Solid::%s", m).isEqualTo(rustc.get("solid." + m) * 8);
        }
        assertThat(s.plan(shape, Path.parse("engine::Plain")).dropSymbol()).isNull();
    }

    private static String run(java.nio.file.Path dir, String... cmd) throws IOException, InterruptedException {
        Process pr;
        try {
            pr = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(cmd[0] + " is not installed (rustc from https://rustup.rs)", e);
        }
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pr.waitFor(300, TimeUnit.SECONDS)).as("%s timed out", cmd[0]).isTrue();
        assertThat(pr.exitValue()).as("%s failed:\n%s", String.join(" ", cmd), out).isZero();
        return out;
    }
}
