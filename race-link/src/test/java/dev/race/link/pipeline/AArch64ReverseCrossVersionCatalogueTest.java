package dev.race.link.pipeline;

import dev.race.link.pipeline.CrossVersionCatalogueTest.Case;
import dev.race.link.pipeline.ReverseCrossVersionCatalogueTest.Reverse;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReverseCrossVersionCatalogueTest}'s table for AArch64: each case's new plugin compiled by
 * aarch64-linux-gnu-gcc (-fno-pie, where markers are adrp + add, and gcc's default PIE, where they are GOT loads)
 * against the case's engine bindings generated for AArch64, linked by RACE with engine 1.0 (engine.c against engine
 * 1.0's AArch64 bindings). A case that links must give exactly the x86-64 diagnostics and print the same output
 * under qemu-aarch64; a refused one exactly the x86-64 diagnostics, with nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64ReverseCrossVersionCatalogueTest {
    Workspace ws;
    Path engine1;
    Path runtime;
    CrossVersionCatalogueTest.EngineObjects engines;
    ReverseCrossVersionCatalogueTest.Plugins plugins;

    static Stream<Arguments> cases() {
        return ReverseCrossVersionCatalogueTest.cases();
    }

    private static List<String> flags(String... extra) {
        List<String> f = new ArrayList<>(AArch64CrossVersionCatalogueTest.BASE);
        f.addAll(List.of(extra));
        return f;
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        Path engine1Steg = ws.write("engine-1.0.steg", CrossVersionCatalogueTest.ENGINE_1);
        runtime = ws.cc(AArch64Tools.GCC, "runtime", Workspace.RUNTIME_C, flags("-fno-pie"));
        engines = new CrossVersionCatalogueTest.EngineObjects(ws, "aarch64",
                flags("-fno-pie"), (name, source, f) -> ws.cc(AArch64Tools.GCC, name, source, f));
        engine1 = ws.pack("engine-1.0.rcrate", engine1Steg, List.of(),
                engines.object(CrossVersionCatalogueTest.ENGINE_1, List.of()), runtime);
        plugins = new ReverseCrossVersionCatalogueTest.Plugins(ws, "aarch64", flags("-fno-pie"), flags(),
                (name, source, f) -> ws.cc(AArch64Tools.GCC, name, source, f));
    }

    @Test
    void aNewTypeLinksBehindItsTypeGuardAndIsRefusedWithoutItUnderQemu() throws Exception {
        ReverseCrossVersionCatalogueTest.layerTypeGuard(ws, engine1, ReverseCrossVersionCatalogueTest.ownEngine(ws,
                engines, runtime, ReverseCrossVersionCatalogueTest.LAYER_CASE), plugins, p -> ws.run(p, "qemu-aarch64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void newPluginWithEngine1UnderQemu(String name, Case c, Reverse r) throws Exception {
        for (Path program : ReverseCrossVersionCatalogueTest.linkAndCheck(ws, c, r, engine1, plugins.of(c, r))) {
            Workspace.Ran ran = ws.run(program, "qemu-aarch64");
            assertThat(ran.code()).as("exit status of %s under qemu; it printed:%n%s", program, ran.out()).isZero();
            assertThat(ran.out()).as("%s: %s", name, program.getFileName()).isEqualTo(r.output());
        }
    }
}
