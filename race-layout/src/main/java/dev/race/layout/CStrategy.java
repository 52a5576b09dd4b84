package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.List;

/**
 * {@code #[repr(C)]}: the System V x86-64 psABI §3.1.2 / AAPCS64 §5.9 aggregate rules, which agree for every
 * type RACE models: fields in declaration order, each at the next multiple of its alignment; the struct's
 * alignment is the largest field alignment and its size is rounded up to it. {@code packed(N)} caps every
 * field's alignment at N (as {@code #pragma pack(N)}); {@code align(N)} raises the struct's alignment to N.
 * Zero-sized fields take no space (a GNU C extension; C itself has no zero-sized objects).
 */
public final class CStrategy implements LayoutStrategy {
    @Override
    public String name() {
        return "c";
    }

    @Override
    public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
        FieldPlacer.Placed p = FieldPlacer.univariant(SolverSupport.inputs(fields, null), repr.packed(), repr.align(),
                0, 1, false, false);
        return new StructPlacement(p.offsets(), p.size(), p.align());
    }
}
