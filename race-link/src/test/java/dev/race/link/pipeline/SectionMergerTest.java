package dev.race.link.pipeline;

import dev.race.format.elf.Elf;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RcrateReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Issue 11: the merger pads in one step (up to the reader's maximum alignment) and leaves empty sections whole. */
class SectionMergerTest {
    private static RSection strings(String text, long align) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return new RSection("a.o", ".rodata.str1.1", 1, Elf.SHF_ALLOC | Elf.SHF_MERGE | Elf.SHF_STRINGS, align, 1,
                b.length, ByteBuffer.wrap(b), -1);
    }

    @Test
    void theLargestAlignmentPadsInOneStep() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            SectionMerger m = new SectionMerger();
            SectionMerger.Pieces p = m.merge(".rodata", strings("ab\0cd\0ab\0", RcrateReader.MAX_ALIGN));
            assertThat(p.out).containsExactly(0, RcrateReader.MAX_ALIGN, 0);
            assertThat(p.block.size()).isEqualTo(RcrateReader.MAX_ALIGN + 3);
            assertThat(p.map(4)).isEqualTo(p.block.offset + RcrateReader.MAX_ALIGN + 1);
        });
    }

    @Test
    void anEmptyMergeSectionIsPlacedWhole() {
        assertThat(new SectionMerger().merge(".rodata", strings("", 1))).isNull();
    }
}
