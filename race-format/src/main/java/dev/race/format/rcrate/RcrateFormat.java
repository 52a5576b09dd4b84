package dev.race.format.rcrate;

import dev.race.format.elf.Elf;

import java.nio.charset.StandardCharsets;

/** Byte-level constants of the .rcrate container (docs/rcrate-format.md), shared by writer and reader. */
final class RcrateFormat {
    /** "RCRATE" followed by two NUL bytes. */
    static final byte[] MAGIC = "RCRATE\0\0".getBytes(StandardCharsets.US_ASCII);
    static final int MAJOR = 1;
    static final int MINOR = 0;

    /** The fixed part of the header; the crate name, pre-release and build strings follow it. */
    static final int HEADER_SIZE = 0x40;
    static final int SECTION_ENTRY_SIZE = 32;
    /** Every section starts at a file offset that is a multiple of this. */
    static final int SECTION_ALIGN = 16;
    /** Every code section's bytes start at a file offset that is a multiple of this (mmap slicing, SIMD loads). */
    static final int CODE_ALIGN = 16;

    /** Header flags no 1.x reader may ignore: none are defined yet. */
    static final int KNOWN_REQUIRED_FLAGS = 0;
    /** Section table entry flag: a reader that does not know the kind must refuse the file. */
    static final int SECTION_REQUIRED = 1;
    /** RGroup flag: GRP_COMDAT. */
    static final int GROUP_COMDAT = 1;

    static final int STRINGS = 1;
    static final int STEG = 2;
    static final int IMPORTS = 3;
    static final int OBJECTS = 4;
    static final int SECTIONS = 5;
    static final int CODE = 6;
    static final int GROUPS = 7;
    static final int SYMBOLS = 8;
    static final int RELOCATIONS = 9;
    static final int QUERIES = 10;
    static final int KIND_COUNT = 10;

    static final int SECTION_META_SIZE = 56;
    static final int SYMBOL_SIZE = 32;
    static final int RELOCATION_SIZE = 32;

    private static final String[] NAMES = {null, "STRINGS", "STEG", "IMPORTS", "OBJECTS", "SECTIONS", "CODE",
            "GROUPS", "SYMBOLS", "RELOCATIONS", "QUERIES"};

    private RcrateFormat() {
    }

    static boolean known(long kind) {
        return kind >= 1 && kind <= KIND_COUNT;
    }

    static String kindName(long kind) {
        return known(kind) ? NAMES[(int) kind] : "kind " + kind;
    }

    static long align(long value, int alignment) {
        return (value + alignment - 1) & -(long) alignment;
    }

    /**
     * How many bytes at the relocation offset the patch writes, for the bounds check "offset + width within the
     * section": 8 for 64-bit data, 2 and 1 for the narrow data forms, 0 for R_*_NONE, 4 for everything else
     * (32-bit data, PC-relative fields, and every AArch64 instruction field). Unknown types count as 1, so the
     * offset must at least be inside the section.
     */
    static int patchWidth(int machine, int type) {
        if (machine == Elf.EM_X86_64) {
            return switch (type) {
                case 0 -> 0;                                        // R_X86_64_NONE
                case 1, 16, 17, 18, 24, 25, 27, 28, 29, 30, 31, 33 -> 8; // 64, DTPMOD64.., PC64, GOTOFF64, GOT64.., SIZE64
                case 12, 13 -> 2;                                   // 16, PC16
                case 14, 15 -> 1;                                   // 8, PC8
                case 2, 3, 4, 9, 10, 11, 19, 20, 21, 22, 23, 26, 32, 41, 42 -> 4;
                default -> 1;
            };
        }
        if (machine == Elf.EM_AARCH64) {
            return switch (type) {
                case 0, 256 -> 0;                                   // R_AARCH64_NONE (both numbers in use)
                case 257, 260 -> 8;                                 // ABS64, PREL64
                case 259, 262 -> 2;                                 // ABS16, PREL16
                default -> type >= 258 && type < 1024 ? 4 : 1;      // ABS32, PREL32, instruction fields
            };
        }
        return 1;
    }
}
