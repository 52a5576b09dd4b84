package dev.race.format.rcrate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * An independent reading of an .rcrate's header and section table, straight from docs/rcrate-format.md, for tests
 * that check the layout and edit files (then re-seal the CRCs so the reader gets past them).
 */
final class RawRcrate {
    final byte[] bytes;
    final ByteBuffer b;

    RawRcrate(byte[] bytes) {
        this.bytes = bytes;
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int tableOffset() {
        return b.getInt(0x18);
    }

    int tableCount() {
        return b.getInt(0x1C);
    }

    /** File offset of the table entry of {@code kind}. */
    int entry(int kind) {
        for (int i = 0; i < tableCount(); i++) {
            int e = tableOffset() + 32 * i;
            if (b.getInt(e) == kind) return e;
        }
        throw new AssertionError("no section of kind " + kind);
    }

    int offset(int kind) {
        return (int) b.getLong(entry(kind) + 8);
    }

    int length(int kind) {
        return (int) b.getLong(entry(kind) + 16);
    }

    /**
     * Recomputes the stored CRC-32C of every section in the table; tolerates any damage (entries outside the
     * file are left alone), so fuzzing and mutation tests can get past the checksums.
     */
    RawRcrate seal() {
        if (bytes.length < 0x20) return this;
        long table = Integer.toUnsignedLong(tableOffset());
        long count = Integer.toUnsignedLong(tableCount());
        for (long i = 0; i < count && table + 32 * i + 32 <= bytes.length; i++) {
            int e = (int) (table + 32 * i);
            long off = b.getLong(e + 8);
            long len = b.getLong(e + 16);
            if (off < 0 || len < 0 || off > bytes.length || len > bytes.length - off) continue;
            CRC32C c = new CRC32C();
            c.update(bytes, (int) off, (int) len);
            b.putInt(e + 24, (int) c.getValue());
        }
        return this;
    }

    /**
     * A copy with one more table entry (kind, flags) whose section is {@code payload}, appended at the end of the
     * file; all other sections move 32 bytes down to make room for the entry.
     */
    RawRcrate withExtraSection(int kind, int flags, byte[] payload) {
        int tableEnd = tableOffset() + 32 * tableCount();
        int moved = bytes.length + 32;
        int payloadAt = (moved + 15) & -16;
        byte[] out = new byte[payloadAt + payload.length];
        System.arraycopy(bytes, 0, out, 0, tableEnd);
        System.arraycopy(bytes, tableEnd, out, tableEnd + 32, bytes.length - tableEnd);
        System.arraycopy(payload, 0, out, payloadAt, payload.length);
        RawRcrate r = new RawRcrate(out);
        for (int i = 0; i < tableCount(); i++) {
            int e = tableOffset() + 32 * i;
            r.b.putLong(e + 8, r.b.getLong(e + 8) + 32);
        }
        r.b.putInt(0x1C, tableCount() + 1);
        r.b.putInt(tableEnd, kind).putInt(tableEnd + 4, flags).putLong(tableEnd + 8, payloadAt)
                .putLong(tableEnd + 16, payload.length);
        return r.seal();
    }
}
