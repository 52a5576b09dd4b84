package dev.race.link.pipeline;

import dev.race.format.rcrate.RcrateReader;
import dev.race.link.LinkResult;
import dev.race.link.testing.StrategyJar;
import dev.race.link.testing.Workspace;
import dev.race.steg.codec.StegCodec;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layout strategy a user selects, end to end. The sample strategy "c-sorted" (src/test/strategy-sample: C layout,
 * fields sorted by decreasing alignment) is built into a jar of its own ({@link StrategyJar}) and is on no class path
 * but that jar's class loader, which the test makes the caller's (the thread's context class loader). The engine
 * (src/test/resources/strategy) selects it as its crate default; race bindgen, race pack and the link lay Particle
 * out with it; a plugin written only against the generated headers fills a Particle and prints where its fields
 * are, which must be what gcc's offsetof gives for the hand-sorted C struct (oracle.c); the engine prints the values
 * back. Then the engine switches strategy (to repr(C)), or is packed with version 2 of the strategy: the plugin,
 * built against version 1, is refused. A name nobody provides is an error at pack time (located in the .steg) and
 * at link time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutStrategyLinkTest {
    static final List<String> FLAGS = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-fno-builtin", "-std=c11", "-Wall", "-Wextra", "-Werror");
    static final String VALUES = "engine: tag=7 mass=1000000007 code=4009 charge=-3 id=4242 flag=1 spin=-1\n";

    Workspace ws;
    Path jar1;
    Path jar2;
    URLClassLoader v1;
    URLClassLoader v2;
    Path engineSteg;
    Path engine;
    Path plugin;
    String oracle;

    static String resource(String name) {
        try (InputStream in = LayoutStrategyLinkTest.class.getResourceAsStream("/strategy/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine from {@code stegText}: its header, its object and its .rcrate, in {@code dir}. */
    private Path engine(String dir, String stegText) throws Exception {
        Path d = Files.createDirectories(ws.dir.resolve(dir));
        Path steg = ws.write(dir + "/engine.steg", stegText);
        Workspace.bindgenC(d, "x86_64", steg);
        ws.write(dir + "/engine.c", resource("engine.c"));
        Path o = d.resolve("engine.o");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-I", DriftDemoTest.DRIFT.toString(), d.resolve("engine.c").toString(), "-o", o.toString()));
        ws.exec(cmd);
        return ws.pack(dir + "/engine.rcrate", steg, List.of(), o);
    }

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        jar1 = StrategyJar.build(Files.createDirectories(tmp.resolve("jars")), 1);
        jar2 = StrategyJar.build(tmp.resolve("jars"), 2);
        v1 = StrategyJar.loader(jar1);
        v2 = StrategyJar.loader(jar2);
        StrategyJar.with(v1, () -> {
            engine = engine("engine-1", resource("engine.steg"));
            engineSteg = ws.dir.resolve("engine-1/engine.steg");
            Path pluginSteg = ws.write("plugin.steg", resource("plugin.steg"));
            Files.copy(ws.dir.resolve("engine-1/engine.h"), ws.dir.resolve("engine.h"));
            Workspace.bindgenC(ws.dir, "x86_64", pluginSteg, engineSteg);
            plugin = ws.pack("plugin.rcrate", pluginSteg, List.of(engineSteg),
                    ws.cc("plugin", resource("plugin.c"), FLAGS));
            return null;
        });
        Path oracleC = ws.write("oracle.c", resource("oracle.c"));
        ws.exec("gcc", "-O2", "-std=c11", oracleC.toString(), "-o", ws.dir.resolve("oracle").toString());
        oracle = ws.run(ws.dir.resolve("oracle")).out();
    }

    @Test
    void theOracleIsTheHandSortedStructAndNotTheOtherLayouts() {
        // mass, id, charge, spin, tag, code, flag: neither declaration order (repr(C): 32 bytes, tag at 0) nor
        // RACE's default (which groups [u8; 4] with the 4-byte fields: code at 8)
        assertThat(oracle).isEqualTo("size 24\nalign 8\ntag 16\nmass 0\ncode 17\ncharge 12\nid 8\nflag 21\nspin 14\n"
                + "pair 8 a 4 b 0\n");
    }

    @Test
    void theSampleStrategyIsSelectedLaidOutLinkedAndRun() throws Exception {
        String out = StrategyJar.with(v1, () -> {
            LinkResult r = ws.link("app", engine, plugin);
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = ws.run(ws.dir.resolve("app"));
            assertThat(ran.code()).as(ran.out()).isZero();
            return ran.out();
        });
        assertThat(out).isEqualTo(oracle + VALUES);
    }

    @Test
    void theStrategyNameAndVersionAreInTheEnginesStegAndInThePluginsView() throws Exception {
        Crate crate = RcrateReader.open(engine).file().crate();
        assertThat(StegPrinter.print(crate))
                .contains("#[repr(strategy = \"c-sorted\", strategy_version = 1)]\npub struct Particle");
        assertThat(StegCodec.encode(crate)[4]).as("STEG format version").isEqualTo((byte) 4);
        // the plugin's view of the engine records them too: that is what the link compares
        Crate view = RcrateReader.open(plugin).file().imports().get(0);
        assertThat(StegPrinter.print(view)).contains("#[repr(strategy = \"c-sorted\", strategy_version = 1)]");
    }

    @Test
    void anExporterThatSwitchesStrategyIsRefused() throws Exception {
        String cSteg = resource("engine.steg").replace("crate engine 1.0.0;", "crate engine 1.1.0;")
                .replace("#![repr(strategy = \"c-sorted\")]\n", "")
                .replace("pub struct Particle {", "#[repr(C)]\npub struct Particle {");
        LinkResult r = StrategyJar.with(v1, () -> ws.link("app-c", engine("engine-c", cSteg), plugin));
        assertThat(rendered(r)).contains("race: error: plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but "
                + "engine@1.1.0 (" + ws.dir.resolve("engine-c/engine.rcrate") + ") changed the layout strategy of engine::Particle: expected strategy "
                + "\"c-sorted\" version 1, found #[repr(C)]");
        assertThat(Files.exists(ws.dir.resolve("app-c"))).isFalse();
    }

    @Test
    void anExporterPackedWithAnotherVersionOfTheStrategyIsRefused() throws Exception {
        LinkResult r = StrategyJar.with(v2, () -> ws.link("app-v2", engine("engine-v2", resource("engine.steg")),
                plugin));
        assertThat(rendered(r)).contains("race: error: plugin@1.0.0 (" + plugin + ") imports engine@1.0.0 but "
                + "engine@1.0.0 (" + ws.dir.resolve("engine-v2/engine.rcrate") + ") changed the version of the layout strategy of engine::Particle: "
                + "expected strategy \"c-sorted\" version 1, found strategy \"c-sorted\" version 2");
        assertThat(Files.exists(ws.dir.resolve("app-v2"))).isFalse();
        // and the engine of version 1 linked where version 2 is on the class path: its recorded layout may differ
        LinkResult old = StrategyJar.with(v2, () -> ws.link("app-old", engine, plugin));
        assertThat(rendered(old)).contains("engine::Particle: crate engine was built with version 1 of layout "
                + "strategy `c-sorted`, but the class path provides version 2 (dev.race.sample.SortedCStrategy)");
    }

    @Test
    void aStrategyNobodyProvidesIsALocatedErrorAtPackTimeAndAnErrorAtLinkTime() throws Exception {
        // without the jar: the .steg names a strategy nothing provides
        dev.race.link.RacePacker.Result pack = dev.race.link.RacePacker.builder().steg(engineSteg).target("x86_64")
                .output(ws.dir.resolve("nojar.rcrate")).build().pack();
        assertThat(pack.ok()).isFalse();
        assertThat(Files.exists(ws.dir.resolve("nojar.rcrate"))).isFalse();
        assertThat(pack.errors().stream().map(dev.race.link.api.Diagnostic::render).toList().toString()).contains(engineSteg + ":2:9: error: no layout strategy named `c-sorted` is on the "
                + "class path (crate `engine`; provided: c, race, transparent): put the jar that provides it (a "
                + "META-INF/services/dev.race.layout.LayoutStrategy entry) on the class path, or name it in "
                + "RACE_STRATEGY_PATH");
        LinkResult r = ws.link("app-nojar", engine, plugin);
        assertThat(rendered(r)).contains("cannot lay out engine::Particle: crate engine lays out struct "
                + "engine::Particle with layout strategy `c-sorted`, which nothing on the class path provides "
                + "(provided: c, race, transparent): put the jar that provides it");
        assertThat(Files.exists(ws.dir.resolve("app-nojar"))).isFalse();
    }
}
