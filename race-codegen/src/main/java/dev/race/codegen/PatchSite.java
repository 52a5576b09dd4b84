package dev.race.codegen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A relocated field: the writable contents of the section being patched, the field's offset in it, and the
 * {@link Location} used in messages. The buffer is viewed little-endian (both RACE targets are little-endian);
 * writes go to the caller's buffer.
 */
public record PatchSite(ByteBuffer section, int offset, Location location) {
    public PatchSite {
        Objects.requireNonNull(location, "location");
        section = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        section.clear();
    }

    /** Byte at {@code offset + delta}, unsigned; fails with the location if outside the section. */
    public int u8(int delta, String relocation) {
        return section.get(check(delta, 1, relocation)) & 0xff;
    }

    public int i32(int delta, String relocation) {
        return section.getInt(check(delta, 4, relocation));
    }

    public long i64(int delta, String relocation) {
        return section.getLong(check(delta, 8, relocation));
    }

    public void put8(int delta, int v, String relocation) {
        section.put(check(delta, 1, relocation), (byte) v);
    }

    public void put16(int delta, int v, String relocation) {
        section.putShort(check(delta, 2, relocation), (short) v);
    }

    public void put32(int delta, int v, String relocation) {
        section.putInt(check(delta, 4, relocation), v);
    }

    public void put64(int delta, long v, String relocation) {
        section.putLong(check(delta, 8, relocation), v);
    }

    /** Lower-case hex of the bytes [offset + from, offset + to), clipped to the section, separated by spaces. */
    public String hex(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, offset + from); i < Math.min(section.limit(), offset + to); i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", section.get(i) & 0xff));
        }
        return sb.toString();
    }

    private int check(int delta, int width, String relocation) {
        long at = (long) offset + delta;
        if (at < 0 || at + width > section.limit()) {
            throw new PatchException(location, relocation, "reaches outside the section (" + section.limit()
                    + " bytes): " + width + " bytes at 0x" + Long.toHexString(at));
        }
        return (int) at;
    }
}
