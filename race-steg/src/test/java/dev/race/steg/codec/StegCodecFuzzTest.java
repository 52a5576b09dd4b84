package dev.race.steg.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the STEG binary codec (docs/fuzzing.md). Without JAZZER_FUZZ=1 {@link #decode} runs
 * once per file of src/test/resources/dev/race/steg/codec/StegCodecFuzzTestInputs/decode/ (regression mode);
 * campaigns run {@link StegCodecFuzzTarget} with the standalone driver ({@code bench/fuzz.sh}).
 */
class StegCodecFuzzTest {
    /** Seeds written by dev.race.steg.lang.StegFuzzSeeds: the examples' crates, encoded. */
    static final List<String> SEEDS = List.of("engine-1.0-steg", "engine-2.0-steg", "plugin-steg", "libc-steg");

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] data) {
        StegCodecFuzzTarget.fuzzerTestOneInput(data);
    }

    @Test
    void seedsDecode() throws IOException {
        for (String name : SEEDS) {
            try (InputStream in = getClass().getResourceAsStream("StegCodecFuzzTestInputs/decode/" + name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(StegCodec.decode(in.readAllBytes()).items()).as(name).isNotEmpty();
            }
        }
    }
}
