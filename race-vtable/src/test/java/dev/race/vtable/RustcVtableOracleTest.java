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
