package dev.race.steg.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A field of a struct or of an enum variant. Tuple fields are named "0", "1", ...
 *
 * <p>{@code defaultValue} is the field's declared default ({@code pub layer: u8 = 7}), or null when it has
 * none. It is an integer for integer fields and 0 / 1 for {@code bool} fields ({@code false} / {@code true});
 * the .steg compiler checks that it fits the field's type.
 */
public record Field(String name, Visibility visibility, Type type, BigInteger defaultValue) {
    public Field {
        Objects.requireNonNull(name);
        Objects.requireNonNull(visibility);
        Objects.requireNonNull(type);
    }

    /** A field without a default. */
    public Field(String name, Visibility visibility, Type type) {
        this(name, visibility, type, null);
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }
}
