package dev.race.steg.model;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** An enum variant; {@code discriminant} is the explicit {@code = N}, or null when implicit. */
public record Variant(String name, Shape shape, List<Field> fields, BigInteger discriminant) {
    public Variant {
        Objects.requireNonNull(name);
        Objects.requireNonNull(shape);
        fields = List.copyOf(fields);
    }
}
