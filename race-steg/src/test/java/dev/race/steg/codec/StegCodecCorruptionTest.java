package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;
import dev.race.steg.testgen.RandomCrates;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class StegCodecCorruptionTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyTruncationIsAStegFormatExceptionWithinTheData() {
        byte[] full = StegCodec.encode(SampleCrates.full());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                int length = n;
                assertThatThrownBy(() -> StegCodec.decode(cut)).as("truncated to %d bytes", n)
                        .isInstanceOfSatisfying(StegFormatException.class,
                                e -> assertThat(e.offset()).isBetween(0L, (long) length));
            }
        });
    }

    /**
     * 100,000 seeded mutations (bit flips, byte replacements, insertions, deletions) of real blobs. Each must
     * end in a crate or a StegFormatException; a crate must re-encode to exactly the mutated bytes, since the
     * reader accepts only the canonical form.
     */
    @Test
    void randomMutationsDecodeCanonicallyOrFailWithStegFormatException() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(StegCodec.encode(SampleCrates.full()));
        seeds.add(StegCodec.encode(SampleCrates.tiny()));
        for (long s = 0; s < 8; s++) {
            seeds.add(StegCodec.encode(RandomCrates.generate(s, 6)));
        }
        int[] outcome = new int[2];
        long started = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(20261123);
            for (int i = 0; i < 100_000; i++) {
                byte[] bytes = mutate(seeds.get(r.nextInt(seeds.size())), r);
                try {
                    Crate c = StegCodec.decode(bytes);
                    outcome[0]++;
                    assertThat(StegCodec.encode(c)).as("mutation %d: %s", i, HEX.formatHex(bytes)).isEqualTo(bytes);
                } catch (StegFormatException e) {
                    outcome[1]++;
                    assertThat(e.offset()).as("mutation %d", i).isBetween(0L, (long) bytes.length);
                    assertThat(e.getMessage()).startsWith(String.format("offset 0x%X: ", e.offset()));
                } catch (Throwable t) {
                    fail("mutation " + i + " (" + HEX.formatHex(bytes) + ") threw " + t, t);
                }
            }
        });
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("STEG mutation fuzz: 100000 mutations in %d ms, %d decoded, %d rejected%n", ms, outcome[0], outcome[1]);
        assertThat(outcome[1]).isGreaterThan(50_000);
        assertThat(outcome[0]).isPositive();
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int ops = 1 + r.nextInt(3);
        for (int k = 0; k < ops; k++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] = (byte) (r.nextInt(8) == 0 ? 0xFF : r.nextInt(256));
                    }
                }
                case 2 -> {
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                default -> {
                    if (b.length > 0) {
                        byte[] n = new byte[b.length - 1];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                        b = n;
                    }
                }
            }
        }
        return b;
    }

    private static byte[] tiny() {
        return StegCodec.encode(SampleCrates.tiny());
    }

    private static void assertRejected(byte[] bytes, long offset, String problem) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> StegCodec.decode(bytes))
                .isInstanceOfSatisfying(StegFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).isEqualTo(String.format("offset 0x%X: %s", offset, problem));
                }));
    }

    @Test
    void aNewerFormatVersionIsNamed() {
        byte[] b = tiny();
        b[4] = 7;
        assertRejected(b, 4, "STEG format version 7 is newer than this RACE supports (4)");
    }

    @Test
    void wrongMagicAndEmptyInputAreRefused() {
        assertRejected(HEX.parseHex("7F454C4602010100"), 0, "expected magic \"STEG\" (53 54 45 47), found 7F 45 4C 46");
        assertRejected(new byte[0], 0, "expected magic \"STEG\" (53 54 45 47), found the end of the data");
    }

    @Test
    void unknownFlagBitsAreRefused() {
        byte[] b = tiny();
        b[7] = (byte) 0x80;
        assertRejected(b, 6, "expected no unknown flag bits, found flags 0x8000 (unknown bits 0x8000)");
    }

    @Test
    void invalidUtf8IsRefusedAtTheBadByte() {
        byte[] b = tiny();
        b[10] = (byte) 0xC3; // string 0 "a" becomes a lone UTF-8 lead byte
        assertRejected(b, 10, "expected UTF-8 in string 0, found the invalid byte sequence C3");
    }

    @Test
    void hugeDeclaredCountsAndLengthsFailBeforeAnyAllocation() {
        // 2^62 strings, then a string of 2^62 bytes: both far beyond the remaining bytes.
        assertRejected(HEX.parseHex("5354454701000000" + "808080808080808040"), 8,
                "expected the string count to fit in the 0 remaining bytes, found 4611686018427387904");
        assertRejected(HEX.parseHex("5354454701000000" + "01" + "FFFFFFFF07" + "61"), 9,
                "expected the byte length of a string to fit in the 1 remaining bytes, found 2147483647");
        assertRejected(HEX.parseHex("5354454701000000" + "01" + "FFFFFFFFFFFFFFFFFF01"), 9,
                "expected the byte length of a string below 2^63 (at most 9 LEB128 bytes), found a longer value");
    }

    @Test
    void aLebWithARedundantZeroGroupIsRefused() {
        assertRejected(HEX.parseHex("5354454701000000" + "8000"), 8,
                "expected a minimal LEB128 for the string count, found a redundant trailing 0x00");
    }

    @Test
    void trailingGarbageIsRefused() {
        byte[] b = Arrays.copyOf(tiny(), tiny().length + 2);
        assertRejected(b, tiny().length, "expected the end of the data after the last item, found 2 more bytes");
    }

    @Test
    void unknownItemAndTypeTagsAreRefused() {
        byte[] b = tiny();
        b[21] = 0x09; // the struct tag
        assertRejected(b, 21, "expected an item tag (0x01..0x06), found 0x09");

        byte[] alias = StegCodec.encode(StegCodecRoundTripTest.aliasOf(StegCodecRoundTripTest.nested(1)));
        int typeAt = alias.length - 2; // ... 01 <prim u8>
        alias[typeAt] = 0x3C;
        assertRejected(alias, typeAt, "expected a type tag (0x01..0x0F), found 0x3C");
    }

    @Test
    void typeNestingBeyond256IsRefusedAndAMegabyteOfNestingFailsFast() {
        byte[] deep = StegCodec.encode(StegCodecRoundTripTest.aliasOf(StegCodecRoundTripTest.nested(256)));
        int typeAt = deep.length - 2 - 255; // 255 Option tags, then 01 <u8>
        assertThat(deep[typeAt]).isEqualTo((byte) 0x0B);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(deep, 0, typeAt);
        out.write(0x0B);
        out.write(deep, typeAt, deep.length - typeAt);
        assertRejected(out.toByteArray(), typeAt + 256, "type nesting deeper than 256 levels");

        byte[] huge = new byte[1 << 20];
        Arrays.fill(huge, (byte) 0x0B);
        System.arraycopy(deep, 0, huge, 0, typeAt);
        assertRejected(huge, typeAt + 256, "type nesting deeper than 256 levels");
    }

    @Test
    void aDuplicateItemIsRefusedWhereTheSecondOneStarts() {
        Item s = new Item.Struct(Path.of("a", "S"), Visibility.PUBLIC, Repr.DEFAULT, false, false, Shape.UNIT, List.of());
        Item t = new Item.Struct(Path.of("a", "T"), Visibility.PUBLIC, Repr.DEFAULT, false, false, Shape.UNIT, List.of());
        byte[] b = StegCodec.encode(new Crate("a", Version.of(1, 0, 0), List.of(s, t)));
        int second = b.length - 12; // 01 | 02 00 03 | 00 | 00 00 00 00 | 00 02 00
        assertThat(b[second + 3]).isEqualTo((byte) 3);
        b[second + 3] = 2; // a::T becomes a second a::S

        assertRejected(b, second, "duplicate item 'a::S' (first declared at offset 0x17)");
    }

    @Test
    void anItemOfAnotherCrateIsRefused() {
        byte[] b = tiny();
        b[23] = 2; // path a::S becomes S::S
        assertRejected(b, 21, "expected an item of crate 'a', found 'S::S'");
    }

    @Test
    void aRedundantDiscriminantByteIsRefused() {
        Crate c = new Crate("a", Version.of(1, 0, 0), List.of(new Item.Enum(Path.of("a", "E"), Visibility.PUBLIC, Repr.DEFAULT,
                false, false, List.of(new dev.race.steg.model.Variant("V", Shape.UNIT, List.of(), java.math.BigInteger.ONE)))));
        byte[] b = StegCodec.encode(c);
        // the blob ends with: discriminant length 01, byte 01; widen it to 02 00 01
        byte[] wide = Arrays.copyOf(b, b.length + 1);
        wide[b.length - 2] = 2;
        wide[b.length - 1] = 0;
        wide[b.length] = 1;
        assertRejected(wide, b.length - 2, "expected a minimal two's complement discriminant, found a redundant leading byte in 00 01");
    }
}
