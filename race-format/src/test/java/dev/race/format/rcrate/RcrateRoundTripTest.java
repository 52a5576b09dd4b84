package dev.race.format.rcrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RcrateRoundTripTest {

    @Test
    void syntheticFilesSurviveWriteAndRead() {
        for (long seed = 0; seed < 300; seed++) {
            RcrateFile f = SyntheticRcrates.generate(seed);
            byte[] bytes = RcrateWriter.write(f);
            RcrateReader reader = RcrateReader.read("s" + seed + ".rcrate", ByteBuffer.wrap(bytes));
            assertThat(reader.target()).isEqualTo(f.target());
            assertThat(reader.crateName()).isEqualTo(f.crate().name());
            assertThat(reader.crateVersion()).isEqualTo(f.crate().version());
            RcrateFile back = reader.file();
            assertThat(back).as("seed %d", seed).isEqualTo(f);
            assertThat(reader.file()).isSameAs(back);
            assertThat(RcrateWriter.write(back)).as("re-encoding seed %d", seed).isEqualTo(bytes);
        }
    }

    @Test
    void mappedFileGivesZeroCopyAlignedSections(@TempDir Path dir) throws Exception {
        RcrateFile f = SyntheticRcrates.generate(42);
        Path out = dir.resolve("engine.rcrate");
        RcrateWriter.writeAtomically(out, f);
        assertThat(Files.list(dir)).containsExactly(out);
        RcrateFile back = RcrateReader.open(out).file();
        assertThat(back).isEqualTo(f);
        for (RSection s : back.sections()) {
            assertThat(s.data().isDirect()).as("a slice of the mapping, not a copy").isEqualTo(!s.isNobits());
        }
    }
}
