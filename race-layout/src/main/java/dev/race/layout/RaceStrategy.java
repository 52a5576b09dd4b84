package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.List;

/**
 * The RACE default for resilient types (no repr): fields are reordered the way rustc orders a repr(Rust)
 * struct (see {@link FieldPlacer}): by descending effective alignment, which leaves padding only at the tail,
 * so the size is the minimum possible and never larger than the repr(C) layout of the same fields; within an
 * alignment group the field with the largest niche comes first so enclosing enums and Options can use it.
 * The order is deterministic (a stable sort keyed only on sizes, alignments and niches). {@code packed(N)} and
 * {@code align(N)} are honored as for repr(C).
 */
public final class RaceStrategy implements LayoutStrategy {
    @Override
    public String name() {
        return "race";
    }

    @Override
    public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
        return place(fields, null, repr, target);
    }

    @Override
    public StructPlacement place(List<FieldLayout> fields, List<Niche> niches, Repr repr, TargetSpec target) {
        FieldPlacer.Placed p = FieldPlacer.univariant(SolverSupport.inputs(fields, niches), repr.packed(),
                repr.align(), 0, 1, false, true);
        return new StructPlacement(p.offsets(), p.size(), p.align());
    }
}
