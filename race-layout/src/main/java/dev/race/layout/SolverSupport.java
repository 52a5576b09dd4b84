package dev.race.layout;

import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the built-in strategies and the solver. */
final class SolverSupport {
    private SolverSupport() {
    }

    static List<FieldPlacer.In> inputs(List<FieldLayout> fields, List<Niche> niches) {
        List<FieldPlacer.In> in = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldLayout f = fields.get(i);
            in.add(new FieldPlacer.In(f.size(), f.align(), niches == null ? null : niches.get(i)));
        }
        return in;
    }
}
