package dev.race.layout;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * An enum variant: its declared discriminant (explicit, or previous + 1 from 0) and its fields, whose
 * offsets are from the start of the enum.
 */
public record VariantLayout(String name, BigInteger discriminant, List<FieldLayout> fields) {
    public VariantLayout {
        Objects.requireNonNull(name);
        Objects.requireNonNull(discriminant);
        fields = List.copyOf(fields);
    }
}
