package dev.race.layout;

import java.util.Arrays;

/** What a {@link LayoutStrategy} decides: each field's offset (declaration order), the struct's size and alignment. */
public record StructPlacement(long[] offsets, long size, long align) {
    public StructPlacement {
        offsets = offsets.clone();
    }

    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    public long offset(int field) {
        return offsets[field];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructPlacement p && size == p.size && align == p.align && Arrays.equals(offsets, p.offsets);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(offsets) + Long.hashCode(size)) + Long.hashCode(align);
    }

    @Override
    public String toString() {
        return "StructPlacement[offsets=" + Arrays.toString(offsets) + ", size=" + size + ", align=" + align + "]";
    }
}
