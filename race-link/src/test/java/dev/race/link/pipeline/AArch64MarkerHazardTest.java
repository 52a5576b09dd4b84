package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marker hazard of docs/markers.md, reproduced: {@code hazard/naive.c} casts each marker's address straight
 * to an integer and reaches a Body's scale through two marker paths (Body.transform then Transform.scale, and the
 * nested Body.transform.scale); aarch64-linux-gnu-gcc 12 at -O2, -O3 and -Os takes the marker symbols as the bases
 * of the two addresses, decides they cannot overlap, and reuses the scale loaded before the store for the load
 * after it. Linked by RACE and run under qemu-aarch64 the program prints the stale scale; the disassembly shows no
 * load after the store. The same source with {@code -DLAUNDERED} (every marker through race_const) and the same
 * code written against the generated C bindings ({@code hazard/accessors.c} with the engine.h and hazard.h that
 * {@code Bindgen} generates) print the right scale with the same compiler and flags.
 *
 * <p>If a compiler stops miscompiling the naive idiom, {@link #theNaiveIdiomGoesWrong} fails and says so: the
 * test documents the hazard, it does not depend on it for anything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64MarkerHazardTest {
    static final Path HAZARD = DriftDemoTest.repo().resolve("race-link/src/test/resources/hazard");
    static final List<String> BASE = List.of("-ffreestanding", "-fno-stack-protector", "-fno-builtin",
            "-fno-asynchronous-unwind-tables");
    /** Scale 2 before, 3 * 7 after: what a correct build prints. */
    static final String RIGHT = "scale before and after: 2021\n";
    /** The load after the store replaced by the value loaded before it. */
    static final String STALE = "scale before and after: 2002\n";

    Workspace ws;
    Path engineSteg;
    Path hazardSteg;
    Path include;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engineSteg = HAZARD.resolve("engine.steg");
        hazardSteg = HAZARD.resolve("hazard.steg");
        // engine.h and hazard.h, as `race bindgen --lang c --target aarch64` writes them
        include = ws.dir.resolve("include");
        DriftBuild.bindings(Lang.C, include, "aarch64", DriftBuild.source(engineSteg));
        DriftBuild.bindings(Lang.C, include, "aarch64", DriftBuild.source(hazardSteg), DriftBuild.source(engineSteg));
    }

    private static List<String> flags(String opts) {
        List<String> f = new ArrayList<>(Arrays.asList(opts.split(" ")));
        f.addAll(BASE);
        return f;
    }

    private static String tag(String opts) {
        return opts.replace(" ", "").replace("=", "").replace("-", "_");
    }

    /** Compiles {@code source} (a file under hazard/) with aarch64-linux-gnu-gcc; returns the object. */
    private Path compile(String name, String source, List<String> flags, String... extra) throws Exception {
        Path o = ws.dir.resolve(name + ".o");
        List<String> cmd = new ArrayList<>(List.of(AArch64Tools.GCC, "-c", "-Wall", "-Wextra", "-Werror"));
        cmd.addAll(flags);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-I", include.toString(), "-I", DriftDemoTest.DRIFT.toString(),
                HAZARD.resolve(source).toString(), "-o", o.toString()));
        ws.exec(cmd);
        return o;
    }

    /** Packs the engine and {@code plugin} (an object of crate hazard), links them with RACE, runs the program. */
    private String linkAndRun(String name, List<Path> engineAndPlugin) throws Exception {
        Path engine = ws.pack(name + "-engine.rcrate", engineSteg, List.of(), engineAndPlugin.get(0));
        Path plugin = ws.pack(name + ".rcrate", hazardSteg, List.of(engineSteg), engineAndPlugin.get(1));
        LinkResult r = ws.link(name, engine, plugin);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = ws.run(ws.dir.resolve(name), "qemu-aarch64");
        assertThat(ran.code()).as(ran.out()).isZero();
        return ran.out();
    }

    private String build(String name, String source, String opts, String... extra) throws Exception {
        List<String> f = flags(opts);
        Path engine = compile(name + "-engine", "engine.c", f);
        Path plugin = compile(name, source, f, extra);
        return linkAndRun(name, List.of(engine, plugin));
    }

    /** grow()'s instructions in {@code object}, one mnemonic and operands per line. */
    private String grow(Path object) throws Exception {
        String dump = ws.exec("aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", object.toString());
        int at = dump.indexOf("<grow>:");
        assertThat(at).as(dump).isNotNegative();
        int end = dump.indexOf("\n\n", at);
        return dump.substring(at, end < 0 ? dump.length() : end);
    }

    /** How many 32-bit loads ({@code ldr wN}) come after the function's last 32-bit store. */
    private static long loadsAfterTheStore(String grow) {
        List<String> lines = grow.lines().toList();
        int store = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(".*\\bstr\\s+w\\d+,.*")) {
                store = i;
            }
        }
        assertThat(store).as("grow() stores the scale:%n%s", grow).isNotNegative();
        return lines.subList(store + 1, lines.size()).stream().filter(l -> l.matches(".*\\bldr\\s+w\\d+,.*")).count();
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"-O2", "-O3", "-O3 -fPIC", "-O3 -fno-pie", "-Os"})
    void theNaiveIdiomGoesWrong(String opts) throws Exception {
        String name = "naive" + tag(opts);
        String out = build(name, "naive.c", opts);
        assertThat(out).as("aarch64-linux-gnu-gcc %s no longer miscompiles the naive marker idiom (hazard/naive.c); "
                + "docs/markers.md should say which versions do", opts).isEqualTo(STALE);
        assertThat(loadsAfterTheStore(grow(ws.dir.resolve(name + ".o"))))
                .as("the load after the store is gone:%n%s", grow(ws.dir.resolve(name + ".o"))).isZero();
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"-O0", "-O1"})
    void theNaiveProgramIsRightWithoutTheOptimizationThatBreaksIt(String opts) throws Exception {
        assertThat(build("naive" + tag(opts), "naive.c", opts)).isEqualTo(RIGHT);
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-O3 -fPIC", "-O3 -fno-pie", "-Os"})
    void theSameCodeThroughRaceConstIsRight(String opts) throws Exception {
        String name = "laundered" + tag(opts);
        assertThat(build(name, "naive.c", opts, "-DLAUNDERED")).isEqualTo(RIGHT);
        assertThat(loadsAfterTheStore(grow(ws.dir.resolve(name + ".o")))).isPositive();
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-O3 -fPIC", "-O3 -fno-pie", "-Os"})
    void theSameCodeThroughTheGeneratedAccessorsIsRight(String opts) throws Exception {
        String name = "accessors" + tag(opts);
        assertThat(build(name, "accessors.c", opts)).isEqualTo(RIGHT);
        assertThat(loadsAfterTheStore(grow(ws.dir.resolve(name + ".o")))).isPositive();
    }
}
