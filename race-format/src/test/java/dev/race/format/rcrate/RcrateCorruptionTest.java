package dev.race.format.rcrate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Every damaged .rcrate ends in success or an RcrateFormatException, and the common damages say exactly what. */
class RcrateCorruptionTest {
    private static byte[] good;
    private static RcrateFile content;

    @BeforeAll
    static void build(@TempDir java.nio.file.Path dir) throws Exception {
        content = RealObjects.rcrate(RealObjects.object(RealObjects.compile(dir)));
        good = RcrateWriter.write(content);
    }

    private static RcrateFile decode(byte[] bytes) {
        return RcrateReader.read("x.rcrate", ByteBuffer.wrap(bytes)).file();
    }

    private static String problem(byte[] bytes) {
        try {
            decode(bytes);
        } catch (RcrateFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("read succeeded");
    }

    @Test
    void everyTruncationIsRefused() {
        for (int n = 0; n < good.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(good, n);
            assertThatThrownBy(() -> decode(cut)).as("length %d", n).isInstanceOf(RcrateFormatException.class);
        }
        assertThat(decode(good)).isEqualTo(content);
    }

    @Test
    void randomMutationsEndInSuccessOrTypedError() {
        Set<String> problems = new HashSet<>();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            Random r = new Random(20261123);
            for (int iter = 0; iter < 100_000; iter++) {
                byte[] m = good.clone();
                int edits = 1 + r.nextInt(4);
                for (int k = 0; k < edits; k++) {
                    int at = r.nextInt(m.length);
                    switch (r.nextInt(4)) {
                        case 0 -> m[at] ^= (byte) (1 << r.nextInt(8));
                        case 1 -> m[at] = (byte) r.nextInt(256);
                        case 2 -> m[at] = (byte) (r.nextBoolean() ? 0xFF : 0);
                        default -> ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(Math.min(at & ~3, m.length - 4), r.nextInt(1 << (1 + r.nextInt(30))));
                    }
                }
                // mostly re-seal the checksums, or the CRC check would hide every decoder behind it
                if (r.nextInt(8) != 0) new RawRcrate(m).seal();
                RcrateFile f;
                try {
                    f = decode(m);
                } catch (RcrateFormatException e) {
                    outcomes[1]++;
                    problems.add(e.problem().replaceAll("0x[0-9a-f]+|[0-9]+", "N"));
                    continue;
                }
                // whatever the reader accepts, the writer writes again and the reader reads back equal
                outcomes[0]++;
                assertThat(decode(RcrateWriter.write(f))).isEqualTo(f);
            }
        });
        assertThat(outcomes[0] + outcomes[1]).isEqualTo(100_000);
        assertThat(outcomes[0]).as("some mutations are harmless (e.g. in a symbol value)").isPositive();
        assertThat(problems).as("the mutations reach many distinct checks").hasSizeGreaterThan(25);
    }

    @Test
    void emptyMappedFile(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createFile(dir.resolve("empty.rcrate"));
        assertThatThrownBy(() -> RcrateReader.open(empty)).isInstanceOf(RcrateFormatException.class)
                .hasMessage(empty + ": offset 0x0: truncated header: 0 bytes, the header needs 64");
    }

    @Test
    void badMagic() {
        byte[] m = good.clone();
        m[1] = 'X';
        assertThat(problem(m)).isEqualTo("x.rcrate: offset 0x0: not an .rcrate file (bad magic)");
        assertThat(problem(new byte[] {'R', 'C', 'R'})).isEqualTo(
                "x.rcrate: offset 0x0: truncated header: 3 bytes, the header needs 64");
    }

    @Test
    void newerMajorVersionIsRefusedNewerMinorRead() {
        RawRcrate m = new RawRcrate(good.clone());
        m.b.putShort(8, (short) 2).putShort(10, (short) 1);
        assertThat(problem(m.bytes)).isEqualTo(
                "x.rcrate: offset 0x8: rcrate format version 2.1 is newer than this RACE supports (1.0)");
        m.b.putShort(8, (short) 1).putShort(10, (short) 7);
        assertThat(decode(m.bytes)).isEqualTo(content);
        m.b.putShort(8, (short) 0);
        assertThat(problem(m.bytes)).isEqualTo("x.rcrate: offset 0x8: rcrate format version 0.7 was never written");
    }

    @Test
    void unknownRequiredFlagIsRefusedOptionalIgnored() {
        RawRcrate m = new RawRcrate(good.clone());
        m.b.putInt(0x14, 0xFFFF_FFFF);
        assertThat(decode(m.bytes)).isEqualTo(content);
        m.b.putInt(0x10, 4);
        assertThat(problem(m.bytes)).isEqualTo("x.rcrate: offset 0x10: unknown required header flags 0x4");
    }

    @Test
    void unknownTarget() {
        RawRcrate m = new RawRcrate(good.clone());
        m.b.putShort(12, (short) 3);
        assertThat(problem(m.bytes)).isEqualTo("x.rcrate: offset 0xc: unsupported target: ELF e_machine 3");
    }

    @Test
    void unknownRequiredSectionKindIsRefused() {
        RawRcrate m = new RawRcrate(good).withExtraSection(77, 1, new byte[] {1, 2, 3});
        int entry = m.tableOffset() + 32 * 10;
        assertThat(problem(m.bytes)).isEqualTo(String.format(
                "x.rcrate: offset 0x%x: section table entry 10: unknown required section kind 77", entry));
    }

    @Test
    void unknownOptionalSectionIsSkipped() {
        RawRcrate m = new RawRcrate(good).withExtraSection(77, 0, new byte[] {1, 2, 3});
        RcrateReader reader = RcrateReader.read("x.rcrate", ByteBuffer.wrap(m.bytes));
        assertThat(reader.file()).isEqualTo(content);
        // even an optional section whose CRC and extent a 1.0 reader cannot judge
        m.b.putLong(m.tableOffset() + 32 * 10 + 8, Long.MAX_VALUE).putInt(m.tableOffset() + 32 * 10 + 24, 0);
        assertThat(decode(m.bytes)).isEqualTo(content);
    }

    @Test
    void crcMismatchNamesTheSection() {
        RawRcrate m = new RawRcrate(good.clone());
        int sym = m.offset(RcrateFormat.SYMBOLS);
        m.bytes[sym + 4 + 8] ^= 1;                                   // symbol 0's value
        assertThat(problem(m.bytes)).matches(String.format(
                "x\\.rcrate: offset 0x%x: section SYMBOLS: CRC-32C mismatch \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\)",
                m.entry(RcrateFormat.SYMBOLS) + 24));
        m.seal();
        assertThat(decode(m.bytes).symbols().value(0)).isEqualTo(content.symbols().value(0) ^ 1);
    }

    @Test
    void relocationSymbolOutOfRange() {
        RawRcrate m = new RawRcrate(good.clone());
        int field = m.offset(RcrateFormat.RELOCATIONS) + 4 + 32 * 2 + 24;   // relocation 2's symbol
        m.b.putInt(field, 9999);
        m.seal();
        assertThat(problem(m.bytes)).isEqualTo(String.format(
                "x.rcrate: offset 0x%x: relocation 2: symbol index 9999 out of range (%d symbols)", field,
                content.symbols().count()));
    }

    @Test
    void truncatedSectionTable() {
        RawRcrate m = new RawRcrate(good.clone());
        int table = m.tableOffset();
        byte[] cut = java.util.Arrays.copyOf(good, table + 32 * 3 + 5);
        assertThat(problem(cut)).isEqualTo(String.format("x.rcrate: offset 0x18: truncated section table: 10 "
                + "entries of 32 bytes at 0x%x extend past the end of the file (0x%x bytes)", table, cut.length));
        m.b.putInt(0x1C, 0x7FFF_FFFF);
        assertThat(problem(m.bytes)).startsWith("x.rcrate: offset 0x18: truncated section table: 2147483647 entries");
    }

    @Test
    void hugeCountIsRefusedBeforeAllocating() {
        RawRcrate m = new RawRcrate(good.clone());
        int symbols = m.offset(RcrateFormat.SYMBOLS);
        m.b.putInt(symbols, 0x7FFF_FFF0);
        m.seal();
        assertThat(problem(m.bytes)).startsWith(String.format(
                "x.rcrate: offset 0x%x: SYMBOLS: count 2147483632 needs at least 68719476224 bytes", symbols));
    }
}
