package dev.race.link.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of a whole link (docs/fuzzing.md). Without JAZZER_FUZZ=1 {@link #link} runs once per
 * file of src/test/resources/dev/race/link/fuzz/LinkFuzzTestInputs/link/ (regression mode); campaigns run
 * {@link LinkFuzzTarget} with the standalone driver ({@code bench/fuzz.sh}).
 */
class LinkFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void link(byte[] data) throws IOException {
        LinkFuzzTarget.fuzzerTestOneInput(data);
    }

    /** The seeds (LinkFuzzSeeds) link with the fixed engine, so mutations start from a whole successful link. */
    @Test
    void seedsLink(@TempDir Path dir) throws IOException {
        Path engine = dir.resolve("engine.rcrate");
        Files.write(engine, resource(LinkFuzzTarget.ENGINE));
        for (String name : LinkFuzzSeeds.SEEDS) {
            Path plugin = dir.resolve(name + ".rcrate");
            Files.write(plugin, resource("LinkFuzzTestInputs/link/" + name));
            LinkResult r = RaceLinker.builder().input(engine).input(plugin).output(dir.resolve(name + ".out")).build().link();
            assertThat(r.ok()).as("%s: %s", name, r.diagnostics()).isTrue();
            assertThat(dir.resolve(name + ".out")).isRegularFile();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LinkFuzzTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
