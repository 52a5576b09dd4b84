package dev.race.layout;

import java.util.List;

/** The layouts of every struct and enum of a link (crate order, then declaration order) and the errors met. */
public record LayoutResult(List<TypeLayout> layouts, List<LayoutException> errors) {
    public LayoutResult {
        layouts = List.copyOf(layouts);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
