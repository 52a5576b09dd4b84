package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.OutputKind;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Effects over the real call graph (issue 10, item 5), end to end: an engine (engine.steg: spawn effects(alloc)
 * through a malloc declared {@code extern fn malloc(..) effects(alloc)}, check effects(io, panic) through fail) and
 * a plugin implementing {@code engine::Plugin::step} (declared with no effects), both compiled by gcc against the
 * C bindings generated from their STEG, packed, and linked in-process by RaceLinker, on x86-64 and AArch64.
 * <ul>
 *   <li>a step that calls the engine's allocating function through a static helper (a call the assembler
 *       resolved: no relocation names it) is refused with the call path and a site for each edge;</li>
 *   <li>{@code --forbid panic} on a plugin whose main can reach engine::check is refused with the path from
 *       {@code _start}; the plugin built without that call links under {@code --forbid alloc,panic} and runs;</li>
 *   <li>a call to memcpy, which no input defines or declares, is refused under a policy with the "counts as
 *       having every effect" message, and links once a platform .steg declares memcpy.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EffectGraphLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/effects");
    static final String STEP = "<plugin::Physics as engine::Plugin>::step";

    Workspace ws;
    String pluginSteg;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        pluginSteg = Files.readString(DIR.resolve("plugin.steg"));
    }

    private DriftBuild build(String target, String tag, String... defines) {
        List<String> flags = new ArrayList<>(List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror",
                "-ffreestanding", "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables"));
        for (String d : defines) {
            flags.add(d.startsWith("-") ? d : "-D" + d); // a macro, or a flag such as -ffunction-sections
        }
        return new DriftBuild(ws, target + "-" + tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc", flags,
                target);
    }

    private Path engine(String target) throws Exception {
        Path rc = ws.dir.resolve(target + "-engine.rcrate");
        if (Files.exists(rc)) {
            return rc;
        }
        Path inc = ws.dir.resolve(target + "-engine-include");
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("engine.steg")));
        Path o = build(target, "engine").compile(DIR.resolve("engine.c"), "engine", inc, DriftBuild.DRIFT);
        return ws.pack(target + "-engine.rcrate", DIR.resolve("engine.steg"), List.of(), o);
    }

    /** The plugin built with {@code define} (or none), its plugin::main declared {@code mainEffects}. */
    private Path plugin(String target, String tag, String mainEffects, String... defines) throws Exception {
        return pluginWith(target, tag, mainEffects, "", defines);
    }

    /** The same, with {@code more} appended to plugin.steg. */
    private Path pluginWith(String target, String tag, String mainEffects, String more, String... defines)
            throws Exception {
        String text = pluginSteg.replace("effects(io, panic)", mainEffects) + more;
        assertThat(text).contains(mainEffects);
        Path steg = ws.write(target + "-" + tag + "/plugin.steg", text);
        Path inc = steg.getParent();
        Source engine = DriftBuild.source(DIR.resolve("engine.steg"));
        DriftBuild.bindings(Lang.C, inc, target, engine);
        DriftBuild.bindings(Lang.C, inc, target, new Source(steg.toString(), text), engine);
        Path o = build(target, tag, defines).compile(DIR.resolve("plugin.c"), "plugin", inc);
        return ws.pack(target + "-" + tag + "-plugin.rcrate", steg, List.of(DIR.resolve("engine.steg")), o);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void aStepDeclaredWithoutAllocThatCallsTheEnginesAllocatorIsRefusedWithTheCallPath(String target)
            throws Exception {
        Path plugin = plugin(target, "allocates", "effects(alloc, io, panic)", "ALLOCATES");
        LinkResult r = ws.link(target + "-allocates-app", engine(target), plugin);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).as(rendered(r)).hasSize(1);
        Diagnostic d = r.errors().get(0);
        assertThat(d.message()).isEqualTo(STEP + " is declared without effect alloc but reaches a function declared "
                + "with it: " + STEP + " -> twice -> engine::spawn -> malloc (effects(alloc))");
        assertThat(d.details().get(0)).isEqualTo("declared: no effects (by plugin@1.0.0 (" + plugin + "))");
        String o = target + "-allocates-plugin.o";
        assertThat(d.details().get(1)).startsWith(STEP + " -> twice: a branch the assembler resolved at " + plugin
                + "(" + o + "):.text+0x").endsWith("(in physics_step)");
        assertThat(d.details().get(2)).startsWith("twice -> engine::spawn: referenced at " + plugin + "(" + o
                + "):.text+0x").endsWith("(in twice)");
        assertThat(d.details().get(3)).startsWith("engine::spawn -> malloc: ").contains("(in engine_spawn)");
        assertThat(d.details().get(4)).isEqualTo("declare effects(alloc) for " + STEP
                + ", or keep its code from reaching malloc");
        assertThat(ws.dir.resolve(target + "-allocates-app")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void forbidPanicRefusesAProgramThatCanReachAPanicAndTheSameProgramWithoutThePathLinksAndRuns(String target)
            throws Exception {
        Path engine = engine(target);
        Path checks = plugin(target, "checks", "effects(io, panic)");
        // no policy: it links and runs
        LinkResult plain = ws.link(target + "-checks-app", engine, checks);
        assertThat(plain.diagnostics()).as(rendered(plain)).isEmpty();
        Workspace.Ran ran = build(target, "checks").run(target + "-checks-app");
        assertThat(ran.out()).isEqualTo("plugin: total = 12, steps = 3\n");
        assertThat(ran.code()).isZero();
        // --forbid panic: refused, with the path from the entry down to where the panic comes from
        LinkResult r = ws.link(target + "-checks-nopanic", b -> b.forbid(Set.of("panic")), engine, checks);
        assertThat(r.errors()).as(rendered(r)).hasSize(1);
        Diagnostic d = r.errors().get(0);
        assertThat(d.message()).isEqualTo("--forbid panic: _start reaches plugin::main, declared with effects(panic): "
                + "_start -> plugin::main -> engine::check -> engine::fail (effects(io, panic))");
        assertThat(d.details()).anySatisfy(x -> assertThat(x).startsWith("_start -> plugin::main: referenced at "
                + engine + "(" + target + "-engine-engine.o):.text+0x").endsWith("(in _start)"));
        assertThat(d.details()).anySatisfy(x -> assertThat(x).startsWith("plugin::main -> engine::check: ")
                .endsWith("(in plugin_main)"));
        assertThat(ws.dir.resolve(target + "-checks-nopanic")).doesNotExist();
        // the same program without the call to check, its main declared io only: links under alloc,panic and runs
        Path quiet = plugin(target, "quiet", "effects(io)", "NO_CHECK");
        LinkResult ok = ws.link(target + "-quiet-app", b -> b.forbid(Set.of("alloc", "panic")), engine, quiet);
        assertThat(ok.diagnostics()).as(rendered(ok)).isEmpty();
        Workspace.Ran q = build(target, "quiet").run(target + "-quiet-app");
        assertThat(q.out()).isEqualTo("plugin: total = 12, steps = 3\n");
        assertThat(q.code()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void aFunctionOnlyGcdCodeReachesDoesNotCount(String target) throws Exception {
        Path dead = pluginWith(target, "dead", "effects(io, panic)", """
                #[symbol = "plugin_unused"]
                pub fn unused() -> i32;
                """, "DEAD", "-ffunction-sections");
        LinkResult r = ws.link(target + "-dead-app", engine(target), dead);
        assertThat(r.diagnostics()).as(rendered(r)).isEmpty();
        assertThat(build(target, "dead").run(target + "-dead-app").out()).isEqualTo("plugin: total = 12, steps = 3\n");
        // kept (--no-gc-sections), its code is in the binary and its declaration is checked
        LinkResult kept = ws.link(target + "-dead-kept", b -> b.gcSections(false), engine(target), dead);
        assertThat(kept.errors()).extracting(Diagnostic::message).containsExactly("plugin::unused is declared "
                + "without effect alloc but reaches a function declared with it: plugin::unused -> engine::spawn -> "
                + "malloc (effects(alloc))");
    }

    @Test
    void anUndeclaredExternalFunctionCountsAsEveryEffectUnderAPolicyUntilAPlatformStegDeclaresIt() throws Exception {
        Path engine = engine("x86_64");
        Path copies = plugin("x86_64", "copies", "effects(io, panic)", "COPIES");
        // without a policy, memcpy (left to the final linker) is opaque
        LinkResult plain = ws.link("copies.o", b -> b.outputKind(OutputKind.RELOCATABLE), engine, copies);
        assertThat(plain.diagnostics()).as(rendered(plain)).isEmpty();
        LinkResult r = ws.link("copies-block.o", b -> b.outputKind(OutputKind.RELOCATABLE).forbid(Set.of("block")),
                engine, copies);
        assertThat(r.errors()).as(rendered(r)).hasSize(1);
        Diagnostic d = r.errors().get(0);
        assertThat(d.message()).isEqualTo("--forbid block: plugin::main reaches memcpy, which no input defines and "
                + "no STEG declares: plugin::main -> memcpy (undeclared)");
        assertThat(d.details()).contains("memcpy has no STEG declaration, so it counts as having every effect; "
                + "declare it in a platform .steg, e.g. `extern fn memcpy(...);` with no effects");
        // examples/platform/libc.steg declares memcpy and friends effect-free (and malloc effects(alloc), ...)
        Path platform = ws.pack("libc.rcrate", DriftDemoTest.repo().resolve("examples/platform/libc.steg"),
                List.of());
        LinkResult ok = ws.link("copies-declared.o", b -> b.outputKind(OutputKind.RELOCATABLE)
                .forbid(Set.of("block")), engine, copies, platform);
        assertThat(ok.diagnostics()).as(rendered(ok)).isEmpty();
        // what it declares counts: malloc, declared effects(alloc) there, is refused by --forbid alloc
        LinkResult alloc = ws.link("copies-alloc.o", b -> b.outputKind(OutputKind.RELOCATABLE)
                .forbid(Set.of("alloc")), engine, copies, platform);
        // (every global function of a relocatable output is a root)
        String root = " is declared with effects(alloc) and is a root of the program (the entry, an init or fini "
                + "function, or a global function of a relocatable output): ";
        assertThat(alloc.errors()).extracting(Diagnostic::message).containsExactlyInAnyOrder(
                "--forbid alloc: engine::spawn" + root + "engine::spawn -> malloc (effects(alloc))",
                "--forbid alloc: malloc" + root + "malloc (effects(alloc))");
    }

    @Test
    void theCliTakesForbidAndDocumentsIt() throws Exception {
        Path engine = engine("x86_64");
        Path checks = plugin("x86_64", "checks", "effects(io, panic)");
        CliRunner.Cli refused = CliRunner.race("link", "--forbid", "alloc,panic", "-o",
                ws.dir.resolve("cli-app").toString(), engine.toString(), checks.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("race: error: --forbid alloc,panic: _start reaches plugin::main, declared "
                + "with effects(panic): _start -> plugin::main -> engine::check -> engine::fail (effects(io, panic))",
                "race: 1 error; nothing written");
        assertThat(ws.dir.resolve("cli-app")).doesNotExist();
        CliRunner.Cli repeated = CliRunner.race("link", "--forbid", "alloc", "--forbid", "io", "-o",
                ws.dir.resolve("cli-app").toString(), engine.toString(), checks.toString());
        assertThat(repeated.err()).contains("race: error: --forbid alloc,io: _start reaches plugin::main");
        CliRunner.Cli linked = CliRunner.race("link", "--forbid", "alloc", "-o", ws.dir.resolve("cli-app").toString(),
                engine.toString(), checks.toString());
        assertThat(linked.code()).as(linked.err()).isZero();
        assertThat(ws.run(ws.dir.resolve("cli-app")).out()).isEqualTo("plugin: total = 12, steps = 3\n");
        CliRunner.Cli bad = CliRunner.race("link", "--forbid", "no-such", "-o", "x", engine.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("option '--forbid' needs effect names such as alloc,panic, not 'no-such'");
        CliRunner.Cli help = CliRunner.race("link", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--forbid=EFFECT", "An effect policy for the whole binary",
                "counts as having every", "race link --forbid alloc,panic -o app engine.rcrate plugin.rcrate");
    }
}
