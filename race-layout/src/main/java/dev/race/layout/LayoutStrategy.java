package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.List;

/**
 * How the fields of a struct are placed. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.race.layout.LayoutStrategy}) and chosen by {@link #name()}:
 * the solver maps {@code #[repr(C)]} to "c", {@code #[repr(transparent)]} to "transparent" and no repr to
 * "race". Implementations must be stateless (or immutable): one instance serves every struct of a link.
 */
public interface LayoutStrategy {
    /** The name the solver looks the strategy up by. */
    String name();

    /**
     * Places fields. Input: the fields' own layouts in declaration order (offset ignored), the repr
     * (packed/align modifiers), the target. Throws {@link LayoutException} (item null: the solver adds it)
     * when the fields cannot be placed under this strategy.
     */
    StructPlacement place(List<FieldLayout> fieldsWithSizeAlign, Repr repr, TargetSpec target);

    /**
     * As {@link #place(List, Repr, TargetSpec)}, also given each field's largest niche (null when it has
     * none), for strategies that place niches deliberately. The default ignores the niches.
     */
    default StructPlacement place(List<FieldLayout> fieldsWithSizeAlign, List<Niche> niches, Repr repr,
                                  TargetSpec target) {
        return place(fieldsWithSizeAlign, repr, target);
    }
}
