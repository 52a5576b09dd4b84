package dev.race.codegen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A relocated field: the writable contents of the section being patched, the field's offset in it, and the
 * {@link Location} used in messages. The buffer is viewed little-endian (both RACE targets are little-endian);
 * writes go to the caller's buffer.
 *
 * <p>A linker patching a whole section makes one site per section with {@link #PatchSite(ByteBuffer, Locator)} and
 * moves it from field to field with {@link #at(int, int)}: the location, which names the object, section and symbol,
 * is then built by the {@link Locator} only when a message needs it. Such a site belongs to one thread.
 */
public final class PatchSite {
    /** Builds the location of the field at {@code offset} whose caller-chosen key (a symbol index, say) is {@code key}. */
    @FunctionalInterface
    public interface Locator {
        Location locate(int offset, int key);
    }

    private final ByteBuffer section;
    private final Locator locator;
    private int offset;
    private int key;
    private Location location;

    /** A site at one field with its location given. */
    public PatchSite(ByteBuffer section, int offset, Location location) {
        this.section = view(section);
        this.locator = null;
        this.offset = offset;
        this.location = Objects.requireNonNull(location, "location");
    }

    /** A site to be moved with {@link #at(int, int)}, its location built by {@code locator} when a message asks. */
    public PatchSite(ByteBuffer section, Locator locator) {
        this.section = view(section);
        this.locator = Objects.requireNonNull(locator, "locator");
    }

    private static ByteBuffer view(ByteBuffer section) {
        ByteBuffer b = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.clear();
        return b;
    }

    /** Moves a site made with a {@link Locator} to the field at {@code offset}; returns this site. */
    public PatchSite at(int offset, int key) {
        if (locator == null) {
            throw new IllegalStateException("a site with a fixed location does not move");
        }
        this.offset = offset;
        this.key = key;
        this.location = null;
        return this;
    }

    /** The section's contents, little-endian, position 0 and limit the section's size. */
    public ByteBuffer section() {
        return section;
    }

    public int offset() {
        return offset;
    }

    /** Where the field is, for messages (built on first use for a site made with a {@link Locator}). */
    public Location location() {
        if (location == null) {
            location = locator.locate(offset, key);
        }
        return location;
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
            throw new PatchException(location(), relocation, "reaches outside the section (" + section.limit()
                    + " bytes): " + width + " bytes at 0x" + Long.toHexString(at));
        }
        return (int) at;
    }

    @Override
    public String toString() {
        return "PatchSite[offset=" + offset + "]";
    }
}
