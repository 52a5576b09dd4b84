package dev.race.layout;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * An enum variant: its declared discriminant (explicit, or previous + 1 from 0), the value its tag marker answers
 * ({@code tagValue}: the bit pattern the tag or niche holds for this variant, unsigned at the tag's width — the
 * discriminant when tagged, the niche value when niche-encoded, see {@link LayoutSolver#tagMarkerValue}; null for
 * the dataful variant of a niche-encoded enum and for a variant that cannot exist)
 * and its fields, whose offsets are from the start of the enum.
 */
public record VariantLayout(String name, BigInteger discriminant, BigInteger tagValue, List<FieldLayout> fields) {
    public VariantLayout {
        Objects.requireNonNull(name);
        Objects.requireNonNull(discriminant);
        fields = List.copyOf(fields);
    }
}
