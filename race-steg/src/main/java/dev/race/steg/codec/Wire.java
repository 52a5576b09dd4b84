package dev.race.steg.codec;

import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Visibility;

/**
 * The byte values of STEG binary format version 1 (docs/steg-binary.md). Every code is written out here
 * rather than taken from a Java enum's ordinal, so reordering a model enum can never change the format.
 */
final class Wire {
    private Wire() {
    }

    static final byte[] MAGIC = {'S', 'T', 'E', 'G'};
    static final int HEADER_SIZE = 8;
    /** No flag bits are defined in version 1; a reader rejects any set bit. */
    static final int KNOWN_FLAGS = 0;
    /** Deepest type nesting a reader accepts; the outermost type of a field or parameter is depth 1. */
    static final int MAX_TYPE_DEPTH = 256;

    // Type tags (one byte before every type).
    static final int T_PRIM = 0x01;
    static final int T_ARRAY = 0x02;
    static final int T_TUPLE = 0x03;
    static final int T_REF = 0x04;
    static final int T_REF_MUT = 0x05;
    static final int T_PTR_CONST = 0x06;
    static final int T_PTR_MUT = 0x07;
    static final int T_BOX = 0x08;
    static final int T_SLICE = 0x09;
    static final int T_STR = 0x0A;
    static final int T_OPTION = 0x0B;
    static final int T_FN_PTR = 0x0C;
    static final int T_DYN = 0x0D;
    static final int T_NAMED = 0x0E;
    static final int T_SELF = 0x0F;

    // Item tags (one byte before every item).
    static final int I_STRUCT = 0x01;
    static final int I_ENUM = 0x02;
    static final int I_TRAIT = 0x03;
    static final int I_IMPL = 0x04;
    static final int I_FUNCTION = 0x05;
    static final int I_TYPE_ALIAS = 0x06;

    // Item flag bits.
    static final int F_FROZEN = 0x01;
    static final int F_NON_EXHAUSTIVE = 0x02;
    static final int F_EXTERNAL = 0x01;
    /** Trait flag bits (version 3). */
    static final int F_TRAIT_FROZEN = 0x01;

    /** Primitive codes start at 1 so that 0 can mean "no integer type" in a repr. */
    static int primCode(PrimKind k) {
        return switch (k) {
            case U8 -> 0x01;
            case U16 -> 0x02;
            case U32 -> 0x03;
            case U64 -> 0x04;
            case U128 -> 0x05;
            case USIZE -> 0x06;
            case I8 -> 0x07;
            case I16 -> 0x08;
            case I32 -> 0x09;
            case I64 -> 0x0A;
            case I128 -> 0x0B;
            case ISIZE -> 0x0C;
            case F32 -> 0x0D;
            case F64 -> 0x0E;
            case BOOL -> 0x0F;
            case CHAR -> 0x10;
            case UNIT -> 0x11;
            case NEVER -> 0x12;
        };
    }

    /** The primitive with this code, or null for an unknown code. */
    static PrimKind primOf(int code) {
        return switch (code) {
            case 0x01 -> PrimKind.U8;
            case 0x02 -> PrimKind.U16;
            case 0x03 -> PrimKind.U32;
            case 0x04 -> PrimKind.U64;
            case 0x05 -> PrimKind.U128;
            case 0x06 -> PrimKind.USIZE;
            case 0x07 -> PrimKind.I8;
            case 0x08 -> PrimKind.I16;
            case 0x09 -> PrimKind.I32;
            case 0x0A -> PrimKind.I64;
            case 0x0B -> PrimKind.I128;
            case 0x0C -> PrimKind.ISIZE;
            case 0x0D -> PrimKind.F32;
            case 0x0E -> PrimKind.F64;
            case 0x0F -> PrimKind.BOOL;
            case 0x10 -> PrimKind.CHAR;
            case 0x11 -> PrimKind.UNIT;
            case 0x12 -> PrimKind.NEVER;
            default -> null;
        };
    }

    static int visibilityCode(Visibility v) {
        return switch (v) {
            case PUBLIC -> 0;
            case CRATE -> 1;
            case PRIVATE -> 2;
        };
    }

    static Visibility visibilityOf(int code) {
        return switch (code) {
            case 0 -> Visibility.PUBLIC;
            case 1 -> Visibility.CRATE;
            case 2 -> Visibility.PRIVATE;
            default -> null;
        };
    }

    static int shapeCode(Shape s) {
        return switch (s) {
            case NAMED -> 0;
            case TUPLE -> 1;
            case UNIT -> 2;
        };
    }

    static Shape shapeOf(int code) {
        return switch (code) {
            case 0 -> Shape.NAMED;
            case 1 -> Shape.TUPLE;
            case 2 -> Shape.UNIT;
            default -> null;
        };
    }

    static int reprKindCode(Repr.Kind k) {
        return switch (k) {
            case RUST -> 0;
            case C -> 1;
            case TRANSPARENT -> 2;
            case STRATEGY -> 3;
        };
    }

    static Repr.Kind reprKindOf(int code) {
        return switch (code) {
            case 0 -> Repr.Kind.RUST;
            case 1 -> Repr.Kind.C;
            case 2 -> Repr.Kind.TRANSPARENT;
            case 3 -> Repr.Kind.STRATEGY;
            default -> null;
        };
    }
}
