package dev.race.format.rcrate;

import java.util.Arrays;
import java.util.Objects;

/**
 * The crate's symbol table, struct-of-arrays. {@code section[i]} is an index into the crate's
 * sections, or {@link #UNDEF}, {@link #ABS}, {@link #COMMON} (for COMMON, {@code value} is the
 * alignment, as in ELF). Bindings, types and visibilities use the ELF {@code STB_*}, {@code STT_*},
 * {@code STV_*} numbers. {@code object[i]} is the index of the object the symbol came from in
 * {@link RcrateFile#objects()}: local symbols are only visible inside their object.
 */
public final class RSymbols {
    public static final int UNDEF = -1;
    public static final int ABS = -2;
    public static final int COMMON = -3;

    private final String[] name;
    private final long[] value;
    private final long[] size;
    private final int[] section;
    private final byte[] binding;
    private final byte[] type;
    private final byte[] visibility;
    private final int[] object;

    public RSymbols(String[] name, long[] value, long[] size, int[] section, byte[] binding, byte[] type,
                    byte[] visibility, int[] object) {
        int n = name.length;
        if (value.length != n || size.length != n || section.length != n || binding.length != n
                || type.length != n || visibility.length != n || object.length != n) {
            throw new IllegalArgumentException("symbol arrays differ in length");
        }
        for (String s : name) Objects.requireNonNull(s, "symbol name");
        this.name = name.clone();
        this.value = value.clone();
        this.size = size.clone();
        this.section = section.clone();
        this.binding = binding.clone();
        this.type = type.clone();
        this.visibility = visibility.clone();
        this.object = object.clone();
    }

    /**
     * An editable copy of the table, {@code extra} empty rows longer, for tools that rewrite a crate (and tests that
     * make bad ones): change the columns in place, then {@link Columns#build()} a new table.
     */
    public Columns columns(int extra) {
        return new Columns(this, extra);
    }

    /** The columns of a symbol table as plain arrays; see {@link #columns}. */
    public static final class Columns {
        public final String[] name;
        public final long[] value;
        public final long[] size;
        public final int[] section;
        public final byte[] binding;
        public final byte[] type;
        public final byte[] visibility;
        public final int[] object;

        private Columns(RSymbols y, int extra) {
            int n = y.count();
            name = Arrays.copyOf(y.name, n + extra);
            Arrays.fill(name, n, n + extra, "");
            value = Arrays.copyOf(y.value, n + extra);
            size = Arrays.copyOf(y.size, n + extra);
            section = Arrays.copyOf(y.section, n + extra);
            binding = Arrays.copyOf(y.binding, n + extra);
            type = Arrays.copyOf(y.type, n + extra);
            visibility = Arrays.copyOf(y.visibility, n + extra);
            object = Arrays.copyOf(y.object, n + extra);
        }

        public RSymbols build() {
            return new RSymbols(name, value, size, section, binding, type, visibility, object);
        }
    }

    public int count() { return name.length; }
    public String name(int i) { return name[i]; }
    public long value(int i) { return value[i]; }
    public long size(int i) { return size[i]; }
    public int section(int i) { return section[i]; }
    public int binding(int i) { return binding[i]; }
    public int type(int i) { return type[i]; }
    public int visibility(int i) { return visibility[i]; }
    public int object(int i) { return object[i]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof RSymbols s && Arrays.equals(name, s.name) && Arrays.equals(value, s.value)
                && Arrays.equals(size, s.size) && Arrays.equals(section, s.section)
                && Arrays.equals(binding, s.binding) && Arrays.equals(type, s.type)
                && Arrays.equals(visibility, s.visibility) && Arrays.equals(object, s.object);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name) * 31 + Arrays.hashCode(value);
    }
}
