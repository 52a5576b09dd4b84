package dev.race.format.rcrate;

import java.util.Arrays;

/**
 * All relocations of the crate, struct-of-arrays. {@code section[i]}: the crate section patched;
 * {@code offset[i]}: where in it; {@code type[i]}: the target's ELF relocation type, which is also the
 * patch form of a semantic relocation; {@code symbol[i]}: index into {@link RSymbols}; {@code addend[i]}.
 * {@code query[i]} is -1 for an ordinary relocation, else the index of its layout query in
 * {@link RcrateFile#queries()} (a semantic relocation: its symbol is the marker it was compiled against).
 */
public final class RRelocations {
    private final int[] section;
    private final long[] offset;
    private final int[] type;
    private final int[] symbol;
    private final long[] addend;
    private final int[] query;

    /**
     * How many bytes at its offset a relocation of {@code type} patches on {@code machine} (an ELF e_machine), as
     * the reader and writer check "offset + width within the section" (docs/rcrate-format.md).
     */
    public static int patchWidth(int machine, int type) {
        return RcrateFormat.patchWidth(machine, type);
    }

    public RRelocations(int[] section, long[] offset, int[] type, int[] symbol, long[] addend, int[] query) {
        int n = section.length;
        if (offset.length != n || type.length != n || symbol.length != n || addend.length != n || query.length != n) {
            throw new IllegalArgumentException("relocation arrays differ in length");
        }
        this.section = section.clone();
        this.offset = offset.clone();
        this.type = type.clone();
        this.symbol = symbol.clone();
        this.addend = addend.clone();
        this.query = query.clone();
    }

    public int count() { return section.length; }
    public int section(int i) { return section[i]; }
    public long offset(int i) { return offset[i]; }
    public int type(int i) { return type[i]; }
    public int symbol(int i) { return symbol[i]; }
    public long addend(int i) { return addend[i]; }
    public int query(int i) { return query[i]; }
    public boolean isSemantic(int i) { return query[i] >= 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof RRelocations r && Arrays.equals(section, r.section) && Arrays.equals(offset, r.offset)
                && Arrays.equals(type, r.type) && Arrays.equals(symbol, r.symbol)
                && Arrays.equals(addend, r.addend) && Arrays.equals(query, r.query);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offset) * 31 + Arrays.hashCode(type);
    }
}
