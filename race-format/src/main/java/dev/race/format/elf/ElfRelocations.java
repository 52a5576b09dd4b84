package dev.race.format.elf;

/**
 * One SHT_RELA section as parallel primitive arrays (gABI "Relocation"): entry {@code i} asks to patch
 * {@link #target()} at {@link #offset(int)} with relocation {@link #type(int)} against symbol
 * {@link #symbol(int)} plus {@link #addend(int)}. Symbol indices and offsets have been checked against the
 * symbol table and the target section's size.
 */
public final class ElfRelocations {
    private final int sectionIndex;
    private final String name;
    private final int target;
    private final long[] offset;
    private final int[] type;
    private final int[] symbol;
    private final long[] addend;

    ElfRelocations(int sectionIndex, String name, int target, long[] offset, int[] type, int[] symbol,
                   long[] addend) {
        this.sectionIndex = sectionIndex;
        this.name = name;
        this.target = target;
        this.offset = offset;
        this.type = type;
        this.symbol = symbol;
        this.addend = addend;
    }

    /** Index of this SHT_RELA section. */
    public int sectionIndex() {
        return sectionIndex;
    }

    public String name() {
        return name;
    }

    /** Index of the section the relocations apply to (sh_info). */
    public int target() {
        return target;
    }

    public int count() {
        return offset.length;
    }

    public long offset(int i) {
        return offset[i];
    }

    /** r_info's low 32 bits: the machine's relocation type (see {@link RelocationTypes}). */
    public int type(int i) {
        return type[i];
    }

    /** r_info's high 32 bits: an index into the symbol table (0: no symbol). */
    public int symbol(int i) {
        return symbol[i];
    }

    public long addend(int i) {
        return addend[i];
    }
}
