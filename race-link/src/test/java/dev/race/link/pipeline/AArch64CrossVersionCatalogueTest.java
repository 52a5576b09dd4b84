package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CrossVersionCatalogueTest}'s catalogue for AArch64: the same plugin and engine sources, against headers
 * generated for AArch64 by {@code race bindgen}, compiled with aarch64-linux-gnu-gcc (the plugin in gcc's default PIE, where markers are GOT loads, and with -fno-pie, where
 * they are adrp + add), each engine version linked with them by RACE. A compatible change must give exactly the
 * x86-64 diagnostics and print the x86-64 oracle under qemu-aarch64; a breaking one must be refused with exactly
 * the x86-64 diagnostics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64CrossVersionCatalogueTest {
    static final List<String> BASE = List.of("-O2", "-ffreestanding", "-fno-stack-protector", "-fno-builtin",
            "-fno-asynchronous-unwind-tables");

    Workspace ws;
    Path engine1Steg;
    Path pluginNoPie;
    Path pluginPie;
    Path runtime;
    CrossVersionCatalogueTest.EngineObjects engines;

    static Stream<org.junit.jupiter.params.provider.Arguments> compatibleCases() {
        return CrossVersionCatalogueTest.compatibleCases();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> breakingCases() {
        return CrossVersionCatalogueTest.breakingCases();
    }

    private static List<String> flags(String... extra) {
        List<String> f = new ArrayList<>(BASE);
        f.addAll(List.of(extra));
        return f;
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engine1Steg = ws.write("engine-1.0.steg", CrossVersionCatalogueTest.ENGINE_1);
        Path pluginSteg = ws.write("plugin.steg", CrossVersionCatalogueTest.PLUGIN_STEG);
        String src = CrossVersionCatalogueTest.resource("plugin.c");
        // the plugin's bindings for AArch64: plugin.h and engine 1.0's engine.h
        Path include = CrossVersionCatalogueTest.pluginInclude(ws, "aarch64");
        pluginNoPie = ws.pack("plugin.rcrate", pluginSteg, List.of(engine1Steg),
                ws.cc(AArch64Tools.GCC, "plugin", src, CrossVersionCatalogueTest.withHeaders(flags("-fno-pie"), include)));
        pluginPie = ws.pack("plugin-pie.rcrate", pluginSteg, List.of(engine1Steg),
                ws.cc(AArch64Tools.GCC, "plugin-pie", src, CrossVersionCatalogueTest.withHeaders(flags(), include)));
        runtime = ws.cc(AArch64Tools.GCC, "runtime", Workspace.RUNTIME_C, flags("-fno-pie"));
        engines = new CrossVersionCatalogueTest.EngineObjects(ws, "aarch64", flags("-fno-pie"),
                (name, source, f) -> ws.cc(AArch64Tools.GCC, name, source, f));
    }

    /** The case's engine: engine.c against the case's engine.h for AArch64, packed with the runtime. */
    private Path engine(CrossVersionCatalogueTest.Case c) throws Exception {
        String text = CrossVersionCatalogueTest.stegOf(c);
        Path steg = ws.write("engine-" + c.slug() + ".steg", text);
        return ws.pack("engine-" + c.slug() + ".rcrate", steg, List.of(), engines.object(text, c.defines()), runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleCases")
    void compatibleChangeLinksAndRunsUnchangedUnderQemu(String name, CrossVersionCatalogueTest.Case c)
            throws Exception {
        Path engine = engine(c);
        for (Path plugin : List.of(pluginNoPie, pluginPie)) {
            Path out = ws.dir.resolve("app-" + c.slug() + "-" + plugin.getFileName());
            LinkResult r = ws.link(out.getFileName().toString(), engine, plugin);
            assertThat(CrossVersionCatalogueTest.lines(r)).as("%s with %s:%n%s", name, plugin.getFileName(),
                            rendered(r))
                    .containsExactlyElementsOf(CrossVersionCatalogueTest.expand(c.outcome(), plugin, engine,
                            c.version()));
            assertThat(r.ok()).isTrue();
            Workspace.Ran ran = ws.run(out, "qemu-aarch64");
            assertThat(ran.code()).as("%s with %s: %s", name, plugin.getFileName(), ran.out()).isZero();
            assertThat(ran.out()).as("%s with %s", name, plugin.getFileName())
                    .isEqualTo(CrossVersionCatalogueTest.ORACLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingCases")
    void breakingChangeIsRefused(String name, CrossVersionCatalogueTest.Case c) throws Exception {
        Path engine = engine(c);
        for (Path plugin : List.of(pluginNoPie, pluginPie)) {
            Path out = ws.dir.resolve("app-" + c.slug() + "-" + plugin.getFileName());
            LinkResult r = ws.link(out.getFileName().toString(), engine, plugin);
            assertThat(r.ok()).as("%s with %s must be refused", name, plugin.getFileName()).isFalse();
            assertThat(CrossVersionCatalogueTest.lines(r)).as("%s with %s:%n%s", name, plugin.getFileName(),
                            rendered(r))
                    .containsExactlyElementsOf(CrossVersionCatalogueTest.expand(c.outcome(), plugin, engine,
                            c.version()));
            assertThat(out).doesNotExist();
        }
    }
}
