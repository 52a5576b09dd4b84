package dev.race.link.cli;

import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static dev.race.link.testing.CliRunner.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs over 2 GiB (issue 11: an object that large gave a raw OutOfMemoryError and a JVM stack trace): each is
 * refused with one line naming the file and its size, for every kind of input. The files are sparse, so the test
 * needs no disk space.
 */
class LargeInputsTest {
    private static Path sparse(Path dir, String name) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength((1L << 31) + 4096);
        }
        return p;
    }

    @Test
    void inputsOver2GiBAreRefusedWithAMessage(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path steg = ws.write("app.steg", "crate app 1.0.0;\n");
        Path bigObject = sparse(tmp, "big.o");
        Path bigSteg = sparse(tmp, "big.steg");
        Path bigCrate = sparse(tmp, "big.rcrate");
        String size = "2147487744 bytes (2.0 GiB)";

        CliRunner.Cli pack = race("pack", "--steg", steg.toString(), "--target", "x86_64", "-o",
                tmp.resolve("out.rcrate").toString(), bigObject.toString());
        assertThat(pack.code()).isEqualTo(1);
        assertThat(pack.err()).contains("race: error: " + bigObject + ": " + size
                + ", larger than the 2 GiB RACE reads as one input; split the archive or object")
                .doesNotContain("Exception").doesNotContain("\tat ");

        CliRunner.Cli packSteg = race("pack", "--steg", bigSteg.toString(), "--target", "x86_64", "-o",
                tmp.resolve("out.rcrate").toString());
        assertThat(packSteg.code()).isEqualTo(1);
        assertThat(packSteg.err()).contains(bigSteg + ": " + size + ", larger than the 2 GiB RACE reads as one input")
                .doesNotContain("Exception");

        CliRunner.Cli layout = race("layout", bigSteg.toString());
        assertThat(layout.code()).isEqualTo(1);
        assertThat(layout.err()).contains(bigSteg + ": " + size).doesNotContain("Exception");

        CliRunner.Cli link = race("link", "-o", tmp.resolve("app").toString(), bigCrate.toString());
        assertThat(link.code()).isEqualTo(1);
        assertThat(link.err()).contains(bigCrate.toString()).contains("larger than the 2 GiB an .rcrate may have")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("out.rcrate")).doesNotExist();
        assertThat(tmp.resolve("app")).doesNotExist();
    }
}
