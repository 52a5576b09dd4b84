package dev.race.codegen;

import java.util.List;
import java.util.Objects;

/**
 * One argument as a calling convention looks at it, with nothing target-specific in it: its size, its alignment
 * and its scalar pieces (where each integer or floating-point scalar of its memory image lies). A scalar (an
 * integer, pointer or float) is one piece covering the whole value; an aggregate (a fat pointer, a tagged
 * {@code Option}, ...) has one piece per scalar field. Each target classifies shapes by its own rules (its
 * {@code defaultMethodTrampoline}); {@code what} names the argument in messages, e.g. {@code "parameter `x: u128`"}.
 */
public record ArgShape(String what, long size, long align, List<Piece> pieces) {
    /** The class of a scalar piece: integers and pointers, or IEEE floating point. */
    public enum Kind { INTEGER, FLOAT }

    /** A scalar of {@code size} bytes at {@code offset} in the argument's memory image. */
    public record Piece(long offset, long size, Kind kind) {
        public Piece {
            Objects.requireNonNull(kind, "kind");
        }
    }

    public ArgShape {
        Objects.requireNonNull(what, "what");
        pieces = List.copyOf(pieces);
        if (size <= 0 || align <= 0 || Long.bitCount(align) != 1 || size % align != 0) {
            throw new IllegalArgumentException(what + ": a passed value needs a positive size that is a multiple "
                    + "of its power-of-two alignment (size " + size + ", align " + align + ")");
        }
        for (Piece p : pieces) {
            if (p.offset() < 0 || p.size() <= 0 || p.offset() + p.size() > size) {
                throw new IllegalArgumentException(what + ": piece " + p + " is outside the value's " + size
                        + " bytes");
            }
        }
    }

    /** An integer or pointer of {@code size} bytes (1, 2, 4, 8 or 16), aligned to its size. */
    public static ArgShape integer(String what, long size) {
        return new ArgShape(what, size, size, List.of(new Piece(0, size, Kind.INTEGER)));
    }

    /** An {@code f32} (4) or {@code f64} (8). */
    public static ArgShape floating(String what, long size) {
        return new ArgShape(what, size, size, List.of(new Piece(0, size, Kind.FLOAT)));
    }

    /** Whether this is a single scalar covering the whole value (not an aggregate). */
    public boolean scalar() {
        return pieces.size() == 1 && pieces.get(0).offset() == 0 && pieces.get(0).size() == size;
    }

    @Override
    public String toString() {
        return what;
    }
}
