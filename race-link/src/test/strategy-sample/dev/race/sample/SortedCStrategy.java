package dev.race.sample;

import dev.race.layout.FieldLayout;
import dev.race.layout.LayoutStrategy;
import dev.race.layout.Placements;
import dev.race.layout.StructPlacement;
import dev.race.layout.TargetSpec;
import dev.race.steg.model.Repr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A layout strategy written only against RACE's public API, built into a jar of its own by the tests
 * (StrategyJar) and selected from .steg by {@code #[repr(strategy = "c-sorted")]}: C layout with the fields sorted
 * by decreasing alignment (ties keep declaration order), so no padding is needed between fields. It is what a C
 * programmer gets by hand-sorting a struct's members, which is what the tests compare it with (gcc's offsetof).
 */
public final class SortedCStrategy implements LayoutStrategy {
    /** The version of the placement rules; the tests build a second jar with it raised. */
    static final int VERSION = 1;

    @Override
    public String name() {
        return "c-sorted";
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            order.add(i);
        }
        // List.sort is stable: equally aligned fields keep their declaration order
        order.sort(Comparator.comparingLong((Integer i) -> Placements.effectiveAlign(fields.get(i), repr)).reversed());
        return Placements.inOrder(fields, order, repr);
    }
}
