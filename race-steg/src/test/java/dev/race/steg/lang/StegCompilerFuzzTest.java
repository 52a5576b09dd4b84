package dev.race.steg.lang;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the .steg compiler (docs/fuzzing.md). Without JAZZER_FUZZ=1 {@link #compile} runs
 * once per file of src/test/resources/dev/race/steg/lang/StegCompilerFuzzTestInputs/compile/ (regression mode);
 * campaigns run {@link StegCompilerFuzzTarget} with the standalone driver ({@code bench/fuzz.sh}).
 */
class StegCompilerFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void compile(byte[] data) {
        StegCompilerFuzzTarget.fuzzerTestOneInput(data);
    }

    /** The generated seeds (StegFuzzSeeds) compile cleanly, so the corpus starts past the parser. */
    @Test
    void seedsCompileCleanly() throws IOException {
        for (String name : StegFuzzSeeds.COMPILER_SEEDS) {
            byte[] seed;
            try (InputStream in = getClass().getResourceAsStream("StegCompilerFuzzTestInputs/compile/" + name)) {
                assertThat(in).as(name).isNotNull();
                seed = in.readAllBytes();
            }
            String[] parts = new String(seed, StandardCharsets.UTF_8).split("\0");
            List<Source> sources = new java.util.ArrayList<>();
            for (int i = 0; i < parts.length; i++) sources.add(new Source(name + "#" + i, parts[i]));
            CompileResult r = StegCompiler.compile(sources);
            assertThat(r.diagnostics()).as(name).isEmpty();
            assertThat(r.crates()).as(name).hasSize(parts.length);
        }
    }
}
