package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's soundness matrix for C: the drift demo's engines and plugin, written against generated C bindings, built
 * by {gcc, clang} x {-O0, -O1, -O2, -O3, -Os} x {-fno-pic, -fPIE, -fPIC} x {x86-64, AArch64}; every plugin build,
 * compiled once against engine 1.0, is linked with engine 1.0 and with engine 2.0 (built the same way) and must print
 * exactly what the demo prints (DriftDemoTest's oracle, worked out by hand). A refused link is a failure. AArch64
 * programs run under qemu-aarch64. The 15 builds of one (compiler, target) run in parallel.
 */
class CBindingsMatrixTest {
    static final List<String> OPTS = List.of("-O0", "-O1", "-O2", "-O3", "-Os");
    static final List<String> PICS = List.of("-fno-pic", "-fPIE", "-fPIC");
    static final List<String> BASE = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-ffreestanding",
            "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables");
    static final String EXPECTED_1 = "plugin 1.0 (built against engine 1.0): " + DriftDemoTest.BODY.formatted(24)
            + DriftDemoTest.ENGINE1;
    static final String EXPECTED_2 = "plugin 1.0 (built against engine 1.0): " + DriftDemoTest.BODY.formatted(32)
            + DriftDemoTest.ENGINE2;

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource({"gcc, x86_64", "clang, x86_64", "gcc, aarch64", "clang, aarch64"})
    void everyBuildLinksWithEngine1And2AndPrintsTheDemosOutput(String cc, String target, @TempDir Path tmp)
            throws Exception {
        if (target.equals("aarch64")) {
            AArch64Tools.require();
        }
        String compiler = cc.equals("gcc") && target.equals("aarch64") ? AArch64Tools.GCC : cc;
        Workspace ws = new Workspace(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String opt : OPTS) {
                for (String pic : PICS) {
                    List<String> flags = new ArrayList<>(BASE);
                    flags.add(opt);
                    flags.add(pic);
                    String tag = cc + "-" + target + opt + pic;
                    results.add(pool.submit(() -> one(new DriftBuild(ws, tag, compiler, flags, target))));
                }
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : results) {
                String r = f.get();
                if (r != null) failures.add(r);
            }
            assertThat(failures).as("builds that did not print the demo's output").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** null when the build links and runs right with both engines, else what went wrong. */
    private static String one(DriftBuild b) {
        try {
            Path plugin = b.plugin();
            String[] expected = {EXPECTED_1, EXPECTED_2};
            for (int v = 1; v <= 2; v++) {
                String name = b.tag + "-app-" + v;
                LinkResult r = b.ws.link(name, b.engine(v + ".0"), plugin);
                if (!r.errors().isEmpty()) return b.tag + " with engine " + v + ".0: link refused:\n" + rendered(r);
                Workspace.Ran ran = b.run(name);
                if (ran.code() != 0 || !ran.out().equals(expected[v - 1])) {
                    return b.tag + " with engine " + v + ".0: exit " + ran.code() + ", printed:\n" + ran.out()
                            + "expected:\n" + expected[v - 1];
                }
            }
            return null;
        } catch (Throwable e) {
            return b.tag + ": " + e;
        }
    }
}
