package dev.race.layout;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A niche: a scalar of {@code size} bytes at {@code offset} whose valid values are the wrapping range
 * {@code validStart..=validEnd} (as rustc's WrappingRange: when start > end the range wraps past the maximum).
 * The values outside that range are free to encode the other variants of an enclosing enum or Option.
 */
public record Niche(long offset, int size, BigInteger validStart, BigInteger validEnd) {
    public Niche {
        Objects.requireNonNull(validStart);
        Objects.requireNonNull(validEnd);
        if (size <= 0 || size > 16) throw new IllegalArgumentException("niche size " + size);
    }

    /** 2^(8*size) - 1: the largest unsigned value of the niche's scalar. */
    public BigInteger maxValue() {
        return BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE);
    }

    /** How many values are invalid, hence available: (start - end - 1) mod 2^bits. */
    public BigInteger available() {
        return validStart.subtract(validEnd).subtract(BigInteger.ONE).and(maxValue());
    }

    /** The same niche seen from an enclosing type where this scalar sits {@code delta} bytes further. */
    public Niche shifted(long delta) {
        return new Niche(offset + delta, size, validStart, validEnd);
    }

    /**
     * Reserves {@code count} invalid values for the other variants of an enclosing enum, following rustc's
     * choice of bound (move towards zero, so that a lone None lands on 0 where it can). Returns the first
     * reserved value and the niche with the widened valid range, or null when there is not enough room.
     */
    Reservation reserve(BigInteger count) {
        if (count.signum() <= 0) throw new IllegalArgumentException("count " + count);
        if (count.compareTo(available()) > 0) return null;
        BigInteger max = maxValue();
        BigInteger distanceEndZero = max.subtract(validEnd);
        boolean moveStart;
        if (validStart.compareTo(validEnd) > 0) {
            moveStart = false; // wraps: zero is already valid
        } else if (validStart.compareTo(distanceEndZero) <= 0) {
            moveStart = count.compareTo(validStart) <= 0;
        } else {
            BigInteger end = validEnd.add(count).and(max);
            boolean overshotZero = end.signum() > 0 && end.compareTo(validEnd) <= 0;
            moveStart = overshotZero;
        }
        if (moveStart) {
            BigInteger start = validStart.subtract(count).and(max);
            return new Reservation(start, new Niche(offset, size, start, validEnd));
        }
        BigInteger start = validEnd.add(BigInteger.ONE).and(max);
        BigInteger end = validEnd.add(count).and(max);
        return new Reservation(start, new Niche(offset, size, validStart, end));
    }

    record Reservation(BigInteger first, Niche niche) {
    }
}
