package dev.race.steg.codec;

import dev.race.steg.model.Crate;

import java.util.Arrays;

/**
 * Fuzz target for the STEG binary codec (docs/fuzzing.md): {@link StegCodec#decode} may only throw
 * {@link StegFormatException}; a crate it decodes must encode again, and those bytes decode to an equal crate
 * and are the codec's canonical form (encoding that crate once more gives the same bytes).
 *
 * <p>Called by {@link StegCodecFuzzTest} (regression mode in {@code mvn verify}) and by the standalone Jazzer
 * driver in {@code bench/fuzz.sh}.
 */
public final class StegCodecFuzzTarget {
    private StegCodecFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Crate c;
        try {
            c = StegCodec.decode(data);
        } catch (StegFormatException e) {
            if (e.offset() < 0 || e.offset() > data.length) {
                throw new AssertionError("offset " + e.offset() + " outside the " + data.length + " input bytes", e);
            }
            return;
        }
        byte[] again = StegCodec.encode(c);
        Crate back = StegCodec.decode(again);
        if (!back.equals(c)) {
            throw new AssertionError("a decoded crate, encoded again, decodes to a different crate");
        }
        if (!Arrays.equals(StegCodec.encode(back), again)) {
            throw new AssertionError("encoding is not deterministic for a decoded crate");
        }
    }
}
