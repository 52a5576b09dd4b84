package dev.race.format.rcrate;

import java.nio.ByteBuffer;

/**
 * Fuzz target for the .rcrate reader (docs/rcrate-format.md, "Fuzzing"; docs/fuzzing.md): the input as it is,
 * and with its CRCs re-sealed (else nearly every mutation stops at the checksum and the table decoders behind it
 * are never reached). Only {@link RcrateFormatException} may escape, with an offset inside the input; a file the
 * reader accepts is one {@link RcrateWriter} writes again and the reader reads back equal.
 *
 * <p>Called by {@link RcrateFuzzTest#rcrateReader} and by the standalone Jazzer driver in {@code bench/fuzz.sh}.
 */
public final class RcrateReaderFuzzTarget {
    private RcrateReaderFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        readAndRewrite(data);
        readAndRewrite(new RawRcrate(data.clone()).seal().bytes);
    }

    private static void readAndRewrite(byte[] data) {
        RcrateFile f;
        try {
            f = RcrateReader.read("fuzz.rcrate", ByteBuffer.wrap(data)).file();
        } catch (RcrateFormatException e) {
            if (e.offset() < 0 || e.offset() > data.length) {
                throw new AssertionError("offset " + e.offset() + " outside the " + data.length + " input bytes", e);
            }
            return;
        }
        byte[] again = RcrateWriter.write(f);
        if (!RcrateReader.read("again.rcrate", ByteBuffer.wrap(again)).file().equals(f)) {
            throw new AssertionError("an accepted file, written again, reads back different");
        }
    }
}
