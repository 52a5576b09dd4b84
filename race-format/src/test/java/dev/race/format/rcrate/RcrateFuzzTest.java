package dev.race.format.rcrate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.race.format.elf.ElfObject;
import dev.race.format.importer.ImportScan;
import dev.race.format.importer.ObjectImporter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the two binary readers that take files from outside (docs/rcrate-format.md,
 * "Fuzzing"). Without JAZZER_FUZZ=1 each method runs once per file in its seed directory under
 * src/test/resources/dev/race/format/rcrate/RcrateFuzzTestInputs/ (regression mode). Only the typed format
 * exception may escape; anything else is a finding.
 */
class RcrateFuzzTest {
    private static final String SEEDS = "RcrateFuzzTestInputs/";

    /**
     * The committed seeds are only useful while they are valid inputs: a format change that makes them stale
     * must regenerate them (they are written by RealObjects and SyntheticRcrates).
     */
    @Test
    void seedsAreReadableInputs() throws IOException {
        for (String name : List.of("engine-rcrate", "synthetic3-rcrate", "synthetic11-rcrate")) {
            RcrateFile f = RcrateReader.read(name, ByteBuffer.wrap(seed("rcrateReader/" + name))).file();
            assertThat(f.sections()).as(name).isNotEmpty();
        }
        for (String name : List.of("engine-o", "a64-o", "comdat-o")) {
            ImportScan scan = ObjectImporter.scan(ElfObject.read(name, ByteBuffer.wrap(seed("elfObjectImport/" + name))));
            assertThat(scan.object().sections()).as(name).isNotEmpty();
        }
    }

    private static byte[] seed(String path) throws IOException {
        try (InputStream in = RcrateFuzzTest.class.getResourceAsStream(SEEDS + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    /** {@link RcrateReaderFuzzTarget}: the input as it is and re-sealed; only the typed exception escapes. */
    @FuzzTest(maxDuration = "5m")
    void rcrateReader(byte[] data) {
        RcrateReaderFuzzTarget.fuzzerTestOneInput(data);
    }

    /** {@link ElfImportFuzzTarget}: an object ElfObject accepts is classified by the importer. */
    @FuzzTest(maxDuration = "5m")
    void elfObjectImport(byte[] data) {
        ElfImportFuzzTarget.fuzzerTestOneInput(data);
    }
}
