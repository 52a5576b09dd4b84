package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Default-filled vtable slots whose methods take 128-bit integers, floats and more arguments than registers, end to
 * end (issue 10: on AArch64 a u128 argument arrived in the wrong registers). The engine's trait {@code Wide} has
 * default bodies for every method but {@code id}; the plugin's {@code Probe} implements only {@code id}, so the
 * linker fills every other slot with a trampoline. The engine calls each method through the generated C wrappers
 * (a {@code dyn} call: self, then the arguments); each default body, compiled as (self, vtable, args...), prints
 * whether self and the vtable are the object's, calls back through that vtable, and prints every argument's bits.
 * Built against {@code race bindgen}'s headers, linked by RACE, run on x86-64 and under qemu-aarch64.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideTrampolineLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/wide");
    static final String OK = " self=ok vt=ok id=ok";

    Workspace ws;

    @BeforeAll
    void tools(@TempDir Path tmp) {
        AArch64Tools.require();
        ws = new Workspace(tmp);
    }

    static Stream<Arguments> builds() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String opt : List.of("-O0", "-O2")) {
                out.add(Arguments.of(target, opt));
            }
        }
        return out.stream();
    }

    static String expected() {
        return "one" + OK + " 0123456789abcdef fedcba9876543210\n"
                + "two" + OK + " fffffffffffffffe 1111222233334444 5555666677778888\n"
                + "three" + OK + " fffffffd 8000000000000001 0000000000000002 7fffffffffffff07\n"
                + "floats" + OK + " " + f64(1.5) + " aaaabbbbccccdddd eeeeffff00001111 " + f32(-2.25f) + "\n"
                + "spill" + OK + " 0000000000000001 0000000000000002 0000000000000003 0000000000000004 "
                + "0000000000000005 0000000000000006 0000000000000007 9999888877776666 5555444433332222\n"
                + "mixed" + OK + " " + f32(0.5f) + " f8 " + f64(3.25) + " beef 0fedcba987654321 123456789abcdef0 "
                + f64(-6.5) + " fffffff9 c8 " + f32(9.75f) + " deadbeefcafef00d\n"
                + "late" + OK + " ffffffffffffffff fffffffffffffffe fffffffffffffffd 0102030405060708 "
                + "090a0b0c0d0e0f10 fffffffffffffffb " + f64(0.125) + "\n"
                + "returns=ok\n";
    }

    private static String f64(double d) {
        return String.format("%016x", Double.doubleToRawLongBits(d));
    }

    private static String f32(float f) {
        return String.format("%08x", Float.floatToRawIntBits(f));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void everyArgumentReachesTheDefaultBodyThroughTheTrampoline(String target, String opt) throws Exception {
        String tag = target + opt;
        DriftBuild b = new DriftBuild(ws, tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc",
                List.of(opt, "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-stack-protector",
                        "-fno-builtin", "-fno-asynchronous-unwind-tables"), target);
        Path inc = ws.dir.resolve(tag + "-include");
        var engine = DriftBuild.source(DIR.resolve("engine.steg"));
        var plugin = DriftBuild.source(DIR.resolve("plugin.steg"));
        DriftBuild.bindings(Lang.C, inc, target, engine);
        DriftBuild.bindings(Lang.C, inc, target, plugin, engine);
        Path eo = b.compile(DIR.resolve("engine.c"), "engine", inc, DriftDemoTest.DRIFT);
        Path po = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
        Path er = ws.pack(tag + "-engine.rcrate", DIR.resolve("engine.steg"), List.of(), eo);
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")), po);
        String program = tag + "-app";
        LinkResult r = ws.link(program, er, pr);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = b.run(program);
        assertThat(ran.out()).isEqualTo(expected());
        assertThat(ran.code()).as(ran.out()).isZero();
    }

    static Stream<Arguments> rustBuilds() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (int opt : List.of(0, 2)) {
                out.add(Arguments.of(target, opt));
            }
        }
        return out.stream();
    }

    /**
     * The caller in Rust: plugin.rs, on the generated Rust bindings, makes the same calls through {@code WideDyn}'s
     * wrappers (rustc's {@code extern "C"} passing of u128, i128 and floats), into the same C default bodies.
     */
    @ParameterizedTest(name = "rustc {0} opt-level={1}")
    @MethodSource("rustBuilds")
    void aRustCallerReachesTheDefaultBodiesThroughTheTrampolinesToo(String target, int opt) throws Exception {
        boolean a64 = target.equals("aarch64");
        String tag = target + "-rust-O" + opt;
        DriftBuild b = new DriftBuild(ws, tag, a64 ? AArch64Tools.GCC : "gcc",
                List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-stack-protector",
                        "-fno-builtin", "-fno-asynchronous-unwind-tables"), target);
        Path inc = ws.dir.resolve(tag + "-include");
        var engine = DriftBuild.source(DIR.resolve("engine.steg"));
        var plugin = DriftBuild.source(DIR.resolve("plugin.steg"));
        DriftBuild.bindings(Lang.C, inc, target, engine);
        Path eo = b.compile(DIR.resolve("engine.c"), "engine", inc, DriftDemoTest.DRIFT);
        Path rs = ws.dir.resolve(tag + "-rs");
        DriftBuild.bindings(Lang.RUST, rs, target, engine);
        DriftBuild.bindings(Lang.RUST, rs, target, plugin, engine);
        java.nio.file.Files.copy(DIR.resolve("plugin.rs"), rs.resolve("lib.rs"));
        Path po = rs.resolve("plugin.o");
        RustBindingsLinkTest.compileRust(ws, target, opt, "static", rs.resolve("lib.rs"), po);
        Path er = ws.pack(tag + "-engine.rcrate", DIR.resolve("engine.steg"), List.of(), eo);
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")), po);
        String program = tag + "-app";
        LinkResult r = ws.link(program, er, pr);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = b.run(program);
        assertThat(ran.out()).isEqualTo(expected());
        assertThat(ran.code()).as(ran.out()).isZero();
    }

    /**
     * An engine that adds {@code opt(&self, a..d: i64, o: Option<f64>, x: f64)} with a default body: on x86-64 the
     * vtable pushes the Option's integer half out of %r9, so the whole Option goes to the stack and frees %xmm0,
     * moving x (psABI §3.2.3). The trampoline would have to move a vector register: the link is refused, naming the
     * impl, the method, its default body and the parameter. On AArch64 the Option is two general registers and the
     * same program links.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aDefaultSlotWhoseTrampolineWouldMoveAVectorRegisterIsRefusedOnX86(String target) throws Exception {
        String tag = target + "-opt";
        String text = java.nio.file.Files.readString(DIR.resolve("engine.steg")).replace(
                "    fn late(", "    fn opt(&self, a: i64, b: i64, c: i64, d: i64, o: Option<f64>, x: f64) -> u64 "
                        + "= default(engine_wide_opt);\n    fn late(");
        Path steg = ws.write(tag + "/engine.steg", text);
        DriftBuild b = new DriftBuild(ws, tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc",
                List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-stack-protector",
                        "-fno-builtin", "-fno-asynchronous-unwind-tables", "-DWITH_OPT"), target);
        Path inc = steg.getParent();
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(steg));
        Path pinc = ws.dir.resolve(tag + "-plugin-include");
        var engine1 = DriftBuild.source(DIR.resolve("engine.steg"));
        DriftBuild.bindings(Lang.C, pinc, target, engine1);
        DriftBuild.bindings(Lang.C, pinc, target, DriftBuild.source(DIR.resolve("plugin.steg")), engine1);
        Path er = ws.pack(tag + "-engine.rcrate", steg, List.of(), b.compile(DIR.resolve("engine.c"), "engine", inc, DriftDemoTest.DRIFT));
        Path pr = ws.pack(tag + "-plugin.rcrate", DIR.resolve("plugin.steg"), List.of(DIR.resolve("engine.steg")),
                b.compile(DIR.resolve("plugin.c"), "plugin", pinc));
        String program = tag + "-app";
        LinkResult r = ws.link(program, er, pr);
        if (target.equals("x86_64")) {
            assertThat(r.ok()).isFalse();
            assertThat(rendered(r)).contains("impl engine::Wide for plugin::Probe: the default body of `opt` "
                    + "(engine_wide_opt) cannot be reached through a trampoline: x86_64: inserting the vtable argument "
                    + "would move parameter `o: Option<f64>` from %r9, %xmm0 to 8(%rsp), 16(%rsp), and a trampoline "
                    + "moves only general-register and stack words");
            assertThat(ws.dir.resolve(program)).doesNotExist();
        } else {
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = b.run(program);
            assertThat(ran.out()).isEqualTo(expected());
        }
    }

    static Stream<String> targets() {
        return Stream.of("x86_64", "aarch64");
    }
}
