package dev.race.link.pipeline;

import dev.race.layout.LayoutStrategies;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.StrategyJar;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's side of {@link LayoutStrategyLinkTest} (race-link): {@code race layout} and {@code race pack}
 * find the sample strategy "c-sorted" only through the strategy path, and say what to do when it is not there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutStrategyCliTest {
    Workspace ws;
    Path jar1;
    Path engineSteg;
    String oracle;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        jar1 = StrategyJar.build(Files.createDirectories(tmp.resolve("jars")), 1);
        engineSteg = ws.write("engine-1/engine.steg", LayoutStrategyLinkTest.resource("engine.steg"));
        Path oracleC = ws.write("oracle.c", LayoutStrategyLinkTest.resource("oracle.c"));
        ws.exec("gcc", "-O2", "-std=c11", oracleC.toString(), "-o", ws.dir.resolve("oracle").toString());
        oracle = ws.run(ws.dir.resolve("oracle")).out();
    }

    @Test
    void racePackWithoutTheJarIsALocatedError() {
        CliRunner.Cli pack = CliRunner.race("pack", "--steg", engineSteg.toString(), "--target", "x86_64", "-o",
                ws.dir.resolve("nojar.rcrate").toString());
        assertThat(pack.code()).isNotZero();
        assertThat(pack.err()).contains(engineSteg + ":2:9: error: no layout strategy named `c-sorted` is on the "
                + "class path (crate `engine`; provided: c, race, transparent): put the jar that provides it (a "
                + "META-INF/services/dev.race.layout.LayoutStrategy entry) on the class path, or name it in "
                + "RACE_STRATEGY_PATH");
        assertThat(Files.exists(ws.dir.resolve("nojar.rcrate"))).isFalse();
    }

    @Test
    void raceLayoutFindsTheStrategyJarThroughTheStrategyPath() throws Exception {
        CliRunner.Cli without = CliRunner.race("layout", "--target", "x86_64", engineSteg.toString());
        assertThat(without.code()).isNotZero();
        assertThat(without.err()).contains("no layout strategy named `c-sorted`");
        String old = System.getProperty(LayoutStrategies.PATH_PROPERTY);
        System.setProperty(LayoutStrategies.PATH_PROPERTY, jar1.toString());
        CliRunner.Cli with;
        try {
            with = CliRunner.race("layout", "--target", "x86_64", engineSteg.toString());
        } finally {
            if (old == null) System.clearProperty(LayoutStrategies.PATH_PROPERTY);
            else System.setProperty(LayoutStrategies.PATH_PROPERTY, old);
        }
        System.setProperty(LayoutStrategies.PATH_PROPERTY, ws.dir.resolve("no-such.jar").toString());
        CliRunner.Cli missing;
        try {
            missing = CliRunner.race("layout", "--target", "x86_64", engineSteg.toString());
        } finally {
            if (old == null) System.clearProperty(LayoutStrategies.PATH_PROPERTY);
            else System.setProperty(LayoutStrategies.PATH_PROPERTY, old);
        }
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no layout strategy named `c-sorted` is on the class path (crate `engine`; "
                + "provided: c, race, transparent): race.strategy.path: " + ws.dir.resolve("no-such.jar")
                + ": no such file (expected a layout strategy jar or a directory of classes); put the jar");
        assertThat(with.code()).as(with.err()).isZero();
        assertThat(with.out()).contains("c-sorted");
        // every offset the oracle has appears in race layout's table of engine::Particle
        for (String line : oracle.lines().toList()) {
            String[] nv = line.split(" ");
            if (nv[0].equals("size") || nv[0].equals("align") || nv[0].equals("pair")) continue;
            assertThat(with.out()).containsPattern("(?m)^\\s*" + nv[1] + "\\s.*\\b" + nv[0] + "\\b");
        }
    }
}
