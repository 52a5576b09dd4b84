package dev.race.codegen.elf;

/**
 * One relocation kept for the next linker: an {@code Elf64_Rela} entry (gABI "Relocation") of the section that
 * holds it in {@link RelSection#relocs()}.
 *
 * @param offset byte offset inside the section being patched (r_offset)
 * @param type   the machine's relocation type, e.g. R_X86_64_PC32 = 2 or R_AARCH64_CALL26 = 283
 * @param symbol index into {@link RelImage#symbols()}, or {@link #NO_SYMBOL} (symbol 0 in the file, used by the
 *               R_*_NONE and a few absolute types)
 * @param addend r_addend
 */
public record RelReloc(long offset, int type, int symbol, long addend) {
    /** The relocation names no symbol: r_info's symbol index is 0. */
    public static final int NO_SYMBOL = -1;

    public RelReloc {
        if (offset < 0) {
            throw new ElfOutputException(String.format("relocation at offset %d: offsets are unsigned", offset));
        }
        if (type < 0) {
            throw new ElfOutputException("relocation at offset 0x" + Long.toHexString(offset) + ": type " + type
                    + " is negative");
        }
        if (symbol < NO_SYMBOL) {
            throw new ElfOutputException("relocation at offset 0x" + Long.toHexString(offset) + ": symbol index "
                    + symbol + " is negative");
        }
    }
}
