package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The placement helpers a {@link LayoutStrategy} builds on, the same code the built-in strategies use. Each takes
 * the fields' own layouts in declaration order (as {@link LayoutStrategy#place} receives them) and returns a
 * {@link StructPlacement} whose offsets are in declaration order too. {@code packed(N)} of the repr caps every
 * field's alignment at N; {@code align(N)} raises the struct's alignment to N; the size is rounded up to the
 * alignment. Zero-sized fields take no space.
 */
public final class Placements {
    private Placements() {
    }

    /** Declaration order, each field at the next multiple of its alignment: {@code #[repr(C)]}. */
    public static StructPlacement sequential(List<FieldLayout> fields, Repr repr) {
        FieldPlacer.Placed p = FieldPlacer.univariant(SolverSupport.inputs(fields, null), repr.packed(), repr.align(),
                0, 1, false, false);
        return new StructPlacement(p.offsets(), p.size(), p.align());
    }

    /**
     * The fields in memory in the order {@code order} gives (a permutation of {@code 0..fields.size()-1}: the index
     * of the field placed first, second ...), each at the next multiple of its alignment, as {@link #sequential}
     * places them in declaration order. Throws {@link IllegalArgumentException} when {@code order} is not a
     * permutation.
     */
    public static StructPlacement inOrder(List<FieldLayout> fields, List<Integer> order, Repr repr) {
        Objects.requireNonNull(order, "order");
        int n = fields.size();
        if (order.size() != n) {
            throw new IllegalArgumentException("order has " + order.size() + " entries for " + n + " fields");
        }
        boolean[] seen = new boolean[n];
        List<FieldLayout> permuted = new ArrayList<>(n);
        for (Integer i : order) {
            if (i == null || i < 0 || i >= n || seen[i]) {
                throw new IllegalArgumentException("order " + order + " is not a permutation of 0.." + (n - 1));
            }
            seen[i] = true;
            permuted.add(fields.get(i));
        }
        StructPlacement p = sequential(permuted, repr);
        long[] offsets = new long[n];
        for (int k = 0; k < n; k++) {
            offsets[order.get(k)] = p.offset(k);
        }
        return new StructPlacement(offsets, p.size(), p.align());
    }

    /**
     * The RACE default (no repr): fields reordered as rustc orders a repr(Rust) struct, by descending alignment
     * with the largest niche first in its group ({@code niches}: each field's largest niche, null entries for
     * none, or a null list).
     */
    public static StructPlacement reordered(List<FieldLayout> fields, List<Niche> niches, Repr repr) {
        FieldPlacer.Placed p = FieldPlacer.univariant(SolverSupport.inputs(fields, niches), repr.packed(),
                repr.align(), 0, 1, false, true);
        return new StructPlacement(p.offsets(), p.size(), p.align());
    }

    /** A field's effective alignment under the repr: its own, capped at N by {@code packed(N)}. */
    public static long effectiveAlign(FieldLayout field, Repr repr) {
        return repr.packed() != 0 ? Math.min(field.align(), repr.packed()) : field.align();
    }

    /** {@code v} rounded up to a multiple of {@code align} (a power of two). */
    public static long roundUp(long v, long align) {
        return FieldPlacer.roundUp(v, align);
    }
}
