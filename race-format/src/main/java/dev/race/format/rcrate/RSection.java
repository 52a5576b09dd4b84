package dev.race.format.rcrate;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One input section of an .rcrate, taken from one object file. {@code origin} names that object
 * ({@code engine.o}, {@code libengine.a(spawn.o)}) for diagnostics; {@code type}, {@code flags},
 * {@code align} and {@code entsize} are the ELF {@code sh_*} values. {@code data} holds the bytes
 * (read-only, position 0, {@code size} bytes) except for SHT_NOBITS, where it is empty and
 * {@code size} is the size to reserve. {@code group} is the index of its COMDAT group in the crate, or -1.
 */
public record RSection(String origin, String name, int type, long flags, long align, long entsize, long size,
                       ByteBuffer data, int group) {
    public static final int SHT_NOBITS = 8;

    public RSection {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(name);
        Objects.requireNonNull(data);
        data = data.asReadOnlyBuffer();
        if (type == SHT_NOBITS ? data.remaining() != 0 : data.remaining() != size) {
            throw new IllegalArgumentException("section " + name + ": size " + size + " but " + data.remaining()
                    + " data bytes");
        }
    }

    public boolean isNobits() {
        return type == SHT_NOBITS;
    }

    /** A fresh read-only view of the bytes (position 0). */
    public ByteBuffer bytes() {
        return data.duplicate();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RSection s && origin.equals(s.origin) && name.equals(s.name) && type == s.type
                && flags == s.flags && align == s.align && entsize == s.entsize && size == s.size
                && group == s.group && data.duplicate().rewind().equals(s.data.duplicate().rewind());
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, name, type, flags, align, entsize, size, group);
    }
}
