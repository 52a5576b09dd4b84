package dev.race.codegen.elf;

import java.nio.ByteBuffer;

/** Byte-level pieces both ELF writers emit the same way. */
final class ElfBytes {
    private ElfBytes() {
    }

    /** One Elf64_Shdr (gABI "Sections", Figure 4-8), 64 bytes, at the buffer's position. */
    static void sectionHeader(ByteBuffer out, int name, int type, long flags, long addr, long offset, long size,
                              int link, int info, long align, long entsize) {
        out.putInt(name);
        out.putInt(type);
        out.putLong(flags);
        out.putLong(addr);
        out.putLong(offset);
        out.putLong(size);
        out.putInt(link);
        out.putInt(info);
        out.putLong(align);
        out.putLong(entsize);
    }

    /** {@code v} rounded up to a multiple of {@code a}, a power of two. */
    static long align(long v, long a) {
        return (v + a - 1) & -a;
    }
}
