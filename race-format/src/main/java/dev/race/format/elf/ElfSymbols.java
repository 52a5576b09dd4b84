package dev.race.format.elf;

import java.nio.ByteBuffer;

/**
 * The symbol table (.symtab) as parallel primitive arrays, one slot per symbol (index 0 is the null symbol).
 * Names stay in the string table and are decoded on request. Every section index has been checked: it is
 * {@link Elf#SHN_UNDEF}, {@link Elf#SHN_ABS}, {@link Elf#SHN_COMMON} or a real section (an SHN_XINDEX escape
 * is already resolved through SHT_SYMTAB_SHNDX).
 */
public final class ElfSymbols {
    /** st_info's upper nibble (gABI "Symbol Binding"). */
    public enum Binding { LOCAL, GLOBAL, WEAK, UNIQUE }

    /** st_info's lower nibble (gABI "Symbol Types"; IFUNC and the GNU UNIQUE binding are GNU extensions). */
    public enum Type { NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, IFUNC }

    /** st_other's low two bits (gABI "Symbol Visibility"). */
    public enum Visibility { DEFAULT, INTERNAL, HIDDEN, PROTECTED }

    static final ElfSymbols EMPTY = new ElfSymbols(-1, ByteBuffer.allocate(1), new int[0], new long[0], new long[0],
            new byte[0], new byte[0], new byte[0], new int[0], 0);

    private static final Binding[] BINDINGS = Binding.values();
    private static final Type[] TYPES = Type.values();
    private static final Visibility[] VISIBILITIES = Visibility.values();

    private final int sectionIndex;
    private final ByteBuffer strtab;
    private final int[] nameOffset;
    private final long[] value;
    private final long[] size;
    private final byte[] binding;
    private final byte[] type;
    private final byte[] visibility;
    private final int[] shndx;
    private final int firstGlobal;

    ElfSymbols(int sectionIndex, ByteBuffer strtab, int[] nameOffset, long[] value, long[] size, byte[] binding,
               byte[] type, byte[] visibility, int[] shndx, int firstGlobal) {
        this.sectionIndex = sectionIndex;
        this.strtab = strtab;
        this.nameOffset = nameOffset;
        this.value = value;
        this.size = size;
        this.binding = binding;
        this.type = type;
        this.visibility = visibility;
        this.shndx = shndx;
        this.firstGlobal = firstGlobal;
    }

    /** Index of the SHT_SYMTAB section, or -1 when the object has none. */
    public int sectionIndex() {
        return sectionIndex;
    }

    public int count() {
        return value.length;
    }

    /** sh_info of .symtab: one past the last local symbol. */
    public int firstGlobal() {
        return firstGlobal;
    }

    public String name(int i) {
        return ElfObject.string(strtab, nameOffset[i]);
    }

    public int nameOffset(int i) {
        return nameOffset[i];
    }

    public long value(int i) {
        return value[i];
    }

    public long size(int i) {
        return size[i];
    }

    public Binding binding(int i) {
        return BINDINGS[binding[i]];
    }

    public Type type(int i) {
        return TYPES[type[i]];
    }

    public Visibility visibility(int i) {
        return VISIBILITIES[visibility[i]];
    }

    /** The section index: a real section, or SHN_UNDEF, SHN_ABS, SHN_COMMON. */
    public int shndx(int i) {
        return shndx[i];
    }

    public boolean isUndefined(int i) {
        return shndx[i] == Elf.SHN_UNDEF;
    }

    /** Defined in this object: in a section, absolute, or common (a tentative definition). */
    public boolean isDefined(int i) {
        return shndx[i] != Elf.SHN_UNDEF;
    }
}
