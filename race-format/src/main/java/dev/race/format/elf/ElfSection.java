package dev.race.format.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One section header of a relocatable object (gABI "Sections"). {@link #contents()} is a zero-copy, read-only,
 * little-endian view of the section's bytes in the file; a NOBITS section (.bss) occupies no file bytes and has
 * empty contents although its {@link #size()} is its size in memory. Notes, init/fini arrays and mergeable
 * sections (SHF_MERGE, SHF_STRINGS, with {@link #entsize()}) are ordinary sections; their meaning is in their
 * type and flags.
 */
public record ElfSection(int index, String name, int type, long flags, long addr, long offset, long size,
                         int link, int info, long addralign, long entsize, ByteBuffer contents) {

    @Override
    public ByteBuffer contents() {
        return contents.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public boolean hasFlag(long flag) {
        return (flags & flag) != 0;
    }

    public boolean isAlloc() {
        return hasFlag(Elf.SHF_ALLOC);
    }

    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    /** SHF_MERGE: equal entries of {@link #entsize()} bytes (or equal strings with SHF_STRINGS) may be merged. */
    public boolean isMergeable() {
        return hasFlag(Elf.SHF_MERGE);
    }

    public boolean isStrings() {
        return hasFlag(Elf.SHF_STRINGS);
    }

    @Override
    public String toString() {
        return "[" + index + "] " + name;
    }
}
