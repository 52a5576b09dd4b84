package dev.race.steg.model;

import java.util.Objects;

/**
 * The {@code #[repr(..)]} of a struct or enum. {@code kind} is the layout strategy named by the
 * attribute: RUST (no repr: the RACE default, resilient), C, or TRANSPARENT. {@code packed} is the
 * N of {@code packed(N)} ({@code packed} alone is 1, 0 means not packed); {@code align} is the N of
 * {@code align(N)} (0 means none); {@code intType} is the discriminant type of an enum
 * ({@code repr(u8)} ...), or null.
 */
public record Repr(Kind kind, int packed, int align, PrimKind intType) {
    public enum Kind { RUST, C, TRANSPARENT }

    public static final Repr DEFAULT = new Repr(Kind.RUST, 0, 0, null);

    public Repr {
        Objects.requireNonNull(kind);
        if (packed < 0 || align < 0) throw new IllegalArgumentException("negative packed/align");
        if (intType != null && !intType.isInteger()) throw new IllegalArgumentException("repr int type must be an integer");
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
