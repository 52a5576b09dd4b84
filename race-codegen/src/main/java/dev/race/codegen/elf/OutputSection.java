package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One laid-out output section: its final virtual address is already chosen by the caller. PROGBITS-like sections
 * (PROGBITS, INIT_ARRAY, FINI_ARRAY, NOTE) carry their bytes; a NOBITS section carries only its size and occupies
 * memory but no file space.
 *
 * @param name      section name, e.g. {@code .text}
 * @param type      one of SHT_PROGBITS, SHT_NOBITS, SHT_INIT_ARRAY, SHT_FINI_ARRAY, SHT_NOTE
 * @param flags     sh_flags; SHF_ALLOC is required, SHF_WRITE and SHF_EXECINSTR choose the segment
 * @param address   virtual address, a multiple of {@code alignment}
 * @param alignment sh_addralign, a power of two (1 for none)
 * @param bytes     contents (empty for NOBITS); copied in and out, so the record stays immutable
 * @param size      memory size; equal to {@code bytes.length} unless NOBITS or {@link #reserved reserved}
 */
public record OutputSection(String name, int type, long flags, long address, long alignment, byte[] bytes,
                            long size) {
    public OutputSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes == RESERVED ? RESERVED : bytes.clone();
        if (type != Elf.SHT_PROGBITS && type != Elf.SHT_NOBITS && type != Elf.SHT_INIT_ARRAY
                && type != Elf.SHT_FINI_ARRAY && type != Elf.SHT_NOTE) {
            throw new ElfOutputException("section " + name + ": type " + Elf.sectionTypeName(0, type)
                    + " cannot be placed in an executable");
        }
        if (bytes == RESERVED ? type == Elf.SHT_NOBITS : type == Elf.SHT_NOBITS ? bytes.length != 0
                : bytes.length != size) {
            throw new ElfOutputException("section " + name + ": size " + size + " does not match its "
                    + bytes.length + " content bytes");
        }
        if (size < 0) {
            throw new ElfOutputException("section " + name + ": negative size " + size);
        }
    }

    /** A section with contents: PROGBITS, INIT_ARRAY, FINI_ARRAY or NOTE. */
    public static OutputSection withBytes(String name, int type, long flags, long address, long alignment,
                                          byte[] bytes) {
        return new OutputSection(name, type, flags, address, alignment, bytes, bytes.length);
    }

    /** A zero-initialised section ({@code .bss}) of {@code size} bytes. */
    public static OutputSection nobits(String name, long flags, long address, long alignment, long size) {
        return new OutputSection(name, Elf.SHT_NOBITS, flags, address, alignment, new byte[0], size);
    }

    /** Marks a section whose contents the caller writes into the file itself (see {@link #reserved}). */
    private static final byte[] RESERVED = new byte[0];

    /**
     * A section with contents of {@code size} bytes that this record does not carry: for
     * {@link ElfExecutableWriter#plan}, whose caller writes them straight into the file at the offset the plan
     * gives, so they are never copied.
     */
    public static OutputSection reserved(String name, int type, long flags, long address, long alignment,
                                         long size) {
        return new OutputSection(name, type, flags, address, alignment, RESERVED, size);
    }

    /** Whether the contents are written by the caller into the planned file ({@link #reserved}). */
    public boolean isReserved() {
        return bytes == RESERVED;
    }

    @Override
    public byte[] bytes() {
        if (bytes == RESERVED) {
            throw new IllegalStateException("section " + name + " carries no contents: its caller writes them");
        }
        return bytes.clone();
    }

    /** Puts the contents into {@code out} at {@code offset} without an intermediate copy. */
    void copyTo(java.nio.ByteBuffer out, int offset) {
        if (bytes != RESERVED) {
            out.put(offset, bytes);
        }
    }

    /** First address after the section. */
    public long end() {
        return address + size;
    }

    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    public boolean writable() {
        return (flags & Elf.SHF_WRITE) != 0;
    }

    public boolean executable() {
        return (flags & Elf.SHF_EXECINSTR) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputSection s && s.name.equals(name) && s.type == type && s.flags == flags
                && s.address == address && s.alignment == alignment && s.size == size
                && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, flags, address, alignment, size, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return String.format("%s %s [0x%x, 0x%x) align %d", name, Elf.sectionTypeName(0, type), address, end(),
                alignment);
    }
}
