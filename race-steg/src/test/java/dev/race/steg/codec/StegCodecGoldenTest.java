package dev.race.steg.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the exact bytes of a tiny crate: changing them must be a deliberate format change (and a new version). */
class StegCodecGoldenTest {
    // The worked example of docs/steg-binary.md, byte for byte.
    private static final String TINY = ""
            + "53544547" + "0100" + "0000"          // magic, format version 1, flags
            + "03" + "0161" + "00" + "0153"         // 3 strings: "a", "", "S"
            + "00" + "01" + "00" + "00" + "01" + "01" // crate "a", version 1.0.0, pre "", build ""
            + "01"                                  // 1 item
            + "01" + "02" + "00" + "02"             // struct, path a::S
            + "00" + "00" + "00" + "00" + "00"      // pub, repr(Rust) packed 0 align 0 no int type
            + "00" + "02" + "00";                   // no flags, unit shape, 0 fields

    @Test
    void theTinyCrateEncodesToThePinnedBytes() {
        assertThat(HexFormat.of().formatHex(StegCodec.encode(SampleCrates.tiny()))).isEqualTo(TINY);
    }

    @Test
    void thePinnedBytesDecodeToTheTinyCrate() {
        assertThat(StegCodec.decode(HexFormat.of().parseHex(TINY))).isEqualTo(SampleCrates.tiny());
    }
}
