package dev.race.link.pipeline;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.layout.TargetSpec;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Rust part of issue 9's matrix: the drift demo's Rust plugin written against generated bindings
 * (examples/drift/plugin-rust/lib.rs with engine.rs and plugin.rs from {@code Bindgen}), compiled
 * once per rustc opt-level 0..3 x relocation model {static, pic, pie} x target {x86-64, AArch64}, linked by RACE with
 * the C engines 1.0 and 2.0 (gcc, built as DriftDemoTest builds them) and run (natively, or under qemu-aarch64): every combination prints what
 * DriftDemoTest expects of the hand-written Rust plugin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustBindingsLinkTest {
    static final Path DRIFT = DriftDemoTest.DRIFT;
    static final String PREFIX = "plugin 1.0 (Rust, built against engine 1.0): ";
    static final String EXPECTED_1 = PREFIX + DriftDemoTest.BODY.formatted(24) + DriftDemoTest.ENGINE1;
    static final String EXPECTED_2 = PREFIX + DriftDemoTest.BODY.formatted(32) + DriftDemoTest.ENGINE2;

    /**
     * The engines' {@code _start} is a C function, entered with the kernel's 16-byte-aligned %rsp rather than the
     * 8-mod-16 a call leaves, so everything it calls runs on a misaligned stack: gcc's code never notices, rustc's
     * opt-level=0 code spills with movaps and faults. This makes gcc realign the stack in {@code _start}'s
     * prologue (a bug of the test runtimes, not of the bindings or the link).
     */
    static final String REALIGN = "-mincoming-stack-boundary=3";

    Workspace ws;
    /** engine[target][version]: the packed C engines. */
    final Path[][] engine = new Path[2][3];
    final String[] engineRs = new String[2];
    final String[] pluginRs = new String[2];

    /**
     * Compiles the {@code no_std} crate {@code libRs} into the object {@code out} as the tests do: rustc for
     * {@code target} (rustup's for x86-64, Debian's for AArch64), edition 2021, {@code -D warnings}, panic=abort,
     * the given opt-level and relocation model, and {@code extra} flags before the source.
     */
    static Path compileRust(Workspace ws, String target, Object opt, String model, Path libRs, Path out,
                            String... extra) throws Exception {
        boolean a64 = target.equals("aarch64");
        List<String> cmd = new ArrayList<>(List.of(rustc(a64)));
        if (a64) cmd.addAll(List.of("--target", "aarch64-unknown-linux-gnu"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-C", "panic=abort",
                "-D", "warnings", "-C", "opt-level=" + opt, "-C", "relocation-model=" + model, libRs.toString(),
                "-o", out.toString()));
        ws.exec(cmd);
        return out;
    }

    /**
     * Workspace.RUNTIME_C compiled for x86-64 (index 0, with the stack realigned for rustc -O0 code) and AArch64
     * (index 1): the C runtime a Rust test crate is packed with.
     */
    static Path[] runtimes(Workspace ws) throws Exception {
        List<String> x86 = new ArrayList<>(Workspace.NO_PIC);
        x86.add(REALIGN);
        return new Path[] {ws.cc("gcc", "runtime-x86_64", Workspace.RUNTIME_C, x86),
                ws.cc(AArch64Tools.GCC, "runtime-aarch64", Workspace.RUNTIME_C, AArch64DriftDemoTest.BASE)};
    }

    static String rustc(boolean aarch64) {
        if (aarch64) return "/usr/bin/rustc"; // Debian's rustc ships the aarch64-unknown-linux-gnu std
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "rustc"))) return Path.of(dir, "rustc").toString();
        }
        return Path.of(System.getProperty("user.home"), ".cargo/bin/rustc").toString();
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        CompileResult r = StegCompiler.compile(List.of(
                new Source("engine-1.0/engine.steg", Files.readString(DRIFT.resolve("engine-1.0/engine.steg"))),
                new Source("plugin/plugin.steg", Files.readString(DRIFT.resolve("plugin/plugin.steg")))));
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        Crate engine1 = r.crates().get(0);
        Crate plugin = r.crates().get(1);
        for (int t = 0; t < 2; t++) {
            TargetSpec target = TargetSpec.named(t == 0 ? "x86_64" : "aarch64");
            engineRs[t] = Bindgen.generate(new BindgenRequest(Lang.RUST, engine1, List.of(), target));
            pluginRs[t] = Bindgen.generate(new BindgenRequest(Lang.RUST, plugin, List.of(engine1), target));
            List<String> flags = new ArrayList<>(t == 0 ? Workspace.NO_PIC : AArch64DriftDemoTest.BASE);
            if (t == 0) flags.addAll(List.of("-fno-asynchronous-unwind-tables", REALIGN));
            DriftBuild c = new DriftBuild(ws, "c-" + target.name(), t == 0 ? "gcc" : AArch64Tools.GCC, flags,
                    target.name());
            for (int v = 1; v <= 2; v++) engine[t][v] = c.engine(v + ".0");
        }
        assertThat(engineRs[0]).contains("pub fn scale(&self) -> i32", "pub fn pos_mut(&mut self) -> &mut Vec3");
        assertThat(pluginRs[0]).contains("pub fn transform_mut(&mut self) -> &mut crate::engine::Transform");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String model : List.of("static", "pic", "pie")) {
                for (int opt = 0; opt <= 3; opt++) a.add(Arguments.of(target, model, opt));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "rustc {0} relocation-model={1} opt-level={2}")
    @MethodSource("matrix")
    void theRustPluginOnGeneratedBindingsRunsWithEngine1And2(String target, String model, int opt) throws Exception {
        boolean a64 = target.equals("aarch64");
        int t = a64 ? 1 : 0;
        String tag = target + "-" + model + "-O" + opt;
        Path dir = ws.dir.resolve(tag);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("engine.rs"), engineRs[t]);
        Files.writeString(dir.resolve("plugin.rs"), pluginRs[t]);
        try (InputStream in = Files.newInputStream(DRIFT.resolve("plugin-rust/lib.rs"))) {
            Files.write(dir.resolve("lib.rs"), in.readAllBytes());
        }
        Path obj = dir.resolve("plugin-rs.o");
        compileRust(ws, target, opt, model, dir.resolve("lib.rs"), obj);
        // the markers arrive in the relocation form of the model: absolute (x86-64 R_X86_64_32, AArch64 adrp+add)
        // under static, through the GOT under pic; RACE must patch each
        String relocs = ws.exec("readelf", "-rW", obj.toString());
        boolean got = !model.equals("static"); // pie, like pic, reaches an extern static through the GOT
        String form = a64 ? (got ? "R_AARCH64_ADR_GOT_PAGE" : "R_AARCH64_ADR_PREL_PG_HI21")
                : (got ? "R_X86_64_GOTPCREL" : "R_X86_64_32");
        assertThat(relocs.lines().filter(l -> l.contains("__race_off_6plugin4Body_4mass")))
                .anyMatch(l -> l.contains(form + " "));
        Path packed = ws.pack(tag + "/plugin-rs.rcrate", DRIFT.resolve("plugin/plugin.steg"),
                List.of(DRIFT.resolve("engine-1.0/engine.steg")), obj);
        assertThat(run(tag + "/app-1", a64, engine[t][1], packed)).isEqualTo(EXPECTED_1);
        assertThat(run(tag + "/app-2", a64, engine[t][2], packed)).isEqualTo(EXPECTED_2);
    }

    private String run(String name, boolean qemu, Path... inputs) throws Exception {
        LinkResult r = ws.link(name, inputs);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = qemu ? ws.run(ws.dir.resolve(name), "qemu-aarch64") : ws.run(ws.dir.resolve(name));
        assertThat(ran.code()).as(ran.out()).isZero();
        return ran.out();
    }
}
