package dev.race.link;

import dev.race.link.api.DiagnosticCode;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RacePacker#packAll}: the example plugin (gcc output with real layout markers) packed several times in one
 * batch gives the same bytes as packing each alone; each .steg is parsed once for the batch; a failing pack is
 * reported on its own result and writes nothing, the others are written, and a pack that reads its output does
 * not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RacePackerBatchTest {
    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");
    private final Path engine = EXAMPLES.resolve("engine-2.0.steg");
    private final Path plugin = EXAMPLES.resolve("plugin.steg");
    private Workspace ws;
    private Path obj;

    @BeforeAll
    void compile(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path inc = tmp.resolve("include");
        Workspace.bindgenC(inc, "x86_64", engine);
        Workspace.bindgenC(inc, "x86_64", plugin, engine);
        obj = tmp.resolve("plugin.o");
        ws.exec("gcc", "-O2", "-I", inc.toString(), "-c", EXAMPLES.resolve("plugin.c").toString(), "-o",
                obj.toString());
    }

    private RacePacker.Builder pluginPack(String out) {
        return RacePacker.builder().steg(plugin).importSteg(engine).object(obj).output(ws.dir.resolve(out));
    }

    /** A crate with no code that imports the engine and {@code dep}, a plugin's .rcrate. */
    private RacePacker.Builder userPack(String out, String dep) throws Exception {
        Path steg = ws.write("user.steg", "crate user 1.0.0;\n");
        return RacePacker.builder().steg(steg).importSteg(engine).importRcrate(ws.dir.resolve(dep)).target("x86_64")
                .output(ws.dir.resolve(out));
    }

    @Test
    void aBatchWritesTheBytesOfSinglePacksAndParsesEachStegOnce() throws Exception {
        Path single = ws.dir.resolve("single-plugin.rcrate");
        assertThat(pluginPack("single-plugin.rcrate").build().pack().errors()).isEmpty();
        assertThat(userPack("single-user.rcrate", "single-plugin.rcrate").build().pack().errors()).isEmpty();

        StegCache cache = new StegCache();
        List<RacePacker> packs = new ArrayList<>();
        // the pack that reads a plugin's .rcrate comes first: the batch packs it after the plugin
        packs.add(userPack("b-user.rcrate", "b-plugin-3.rcrate").stegCache(cache).build());
        for (int i = 0; i < 4; i++) {
            packs.add(pluginPack("b-plugin-" + i + ".rcrate").stegCache(cache).build());
        }
        List<RacePacker.Result> results = RacePacker.packAll(packs, 3);
        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readAllBytes(ws.dir.resolve("b-plugin-" + i + ".rcrate")))
                    .isEqualTo(Files.readAllBytes(single));
        }
        assertThat(Files.readAllBytes(ws.dir.resolve("b-user.rcrate")))
                .isEqualTo(Files.readAllBytes(ws.dir.resolve("single-user.rcrate")));
        // plugin.steg, engine-2.0.steg, user.steg and the STEG read out of b-plugin-3.rcrate: four parses for five
        // packs (each pack on its own would have parsed 11 sources)
        assertThat(cache.parses()).isEqualTo(4);
        assertThat(results.get(0).output()).isEqualTo(ws.dir.resolve("b-user.rcrate"));
    }

    @Test
    void aFailingPackWritesNothingAndStopsThePacksThatReadItsOutput() throws Exception {
        Path broken = ws.write("broken.steg", "crate plugin 0.1.0;\npub struct Transform { x: NoSuchType }\n");
        List<RacePacker> packs = List.of(
                pluginPack("f-ok.rcrate").build(),
                RacePacker.builder().steg(broken).target("x86_64").output(ws.dir.resolve("f-broken.rcrate")).build(),
                userPack("f-after.rcrate", "f-broken.rcrate").build());
        List<RacePacker.Result> results = RacePacker.packAll(packs, 2);
        assertThat(results.get(0).errors()).isEmpty();
        assertThat(ws.dir.resolve("f-ok.rcrate")).exists();
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).has(DiagnosticCode.STEG)).isTrue();
        assertThat(results.get(1).errors().get(0).render()).contains("broken.steg:2:").contains("NoSuchType");
        assertThat(results.get(2).ok()).isFalse();
        assertThat(results.get(2).errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.INPUT_FILE);
            assertThat(d.message()).isEqualTo(ws.dir.resolve("f-broken.rcrate")
                    + ": not written, since its pack failed; the pack that reads it did not run");
        });
        // no output and no temporary file of the failed packs
        try (var s = Files.list(ws.dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("f-")))
                    .containsExactly("f-ok.rcrate");
        }
    }

    @Test
    void twoPacksOfOneOutputAndACycleAreRefusedWithoutRunning() throws Exception {
        List<RacePacker> packs = List.of(
                pluginPack("d-same.rcrate").build(),
                pluginPack("d-same.rcrate").build(),
                // each reads the other's output
                userPack("d-a.rcrate", "d-b.rcrate").build(),
                userPack("d-b.rcrate", "d-a.rcrate").build(),
                pluginPack("d-alone.rcrate").build());
        List<RacePacker.Result> results = RacePacker.packAll(packs, 2);
        for (int i = 0; i < 2; i++) {
            assertThat(results.get(i).errors()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
                    ws.dir.resolve("d-same.rcrate") + " is the output of 2 packs of the batch (packs 1, 2); "
                            + "nothing written"));
        }
        for (int i = 2; i < 4; i++) {
            assertThat(results.get(i).errors()).singleElement().satisfies(d -> assertThat(d.message())
                    .contains("a cycle among the packs of the batch"));
        }
        assertThat(results.get(4).errors()).isEmpty();
        assertThat(ws.dir.resolve("d-same.rcrate")).doesNotExist();
        assertThat(ws.dir.resolve("d-a.rcrate")).doesNotExist();
        assertThat(ws.dir.resolve("d-alone.rcrate")).exists();
    }

    /** The form that keeps only part of each result: finish runs once per pack, and its values come back in order. */
    @Test
    void finishKeepsWhatTheCallerNeeds() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<String> kept = RacePacker.packAll(List.of(
                userPack("k-user.rcrate", "k-plugin.rcrate").build(),
                pluginPack("k-plugin.rcrate").build(),
                pluginPack("k-plugin.rcrate").output(null).build()), 2, r -> {
                    calls.incrementAndGet();
                    return r.ok() ? r.crate().name() + "@" + r.output() : null;
                });
        assertThat(calls.get()).isEqualTo(3);
        assertThat(kept).containsExactly("user@" + ws.dir.resolve("k-user.rcrate"),
                "plugin@" + ws.dir.resolve("k-plugin.rcrate"), "plugin@null");
    }

    /** The cache is keyed by the text read, so an edited file is parsed again; an unchanged one is not. */
    @Test
    void aSharedCacheSeesAChangedFileAgain() throws Exception {
        StegCache cache = new StegCache();
        Path own = ws.write("c-own.steg", "crate c 1.0.0;\npub struct S { a: u8 }\n");
        RacePacker.Result first = RacePacker.builder().steg(own).target("x86_64").stegCache(cache).build().pack();
        assertThat(first.ok()).isTrue();
        Files.writeString(own, "crate c 1.0.0;\npub struct S { a: Missing }\n");
        RacePacker.Result second = RacePacker.builder().steg(own).target("x86_64").stegCache(cache).build().pack();
        assertThat(second.has(DiagnosticCode.STEG)).isTrue();
        assertThat(cache.parses()).isEqualTo(2);
        RacePacker.Result third = RacePacker.builder().steg(own).target("x86_64").stegCache(cache).build().pack();
        assertThat(third.diagnostics()).isEqualTo(second.diagnostics());
        assertThat(cache.parses()).isEqualTo(2);
    }
}
