package dev.race.layout;

import dev.race.steg.model.Repr;

import java.util.List;

/**
 * How the fields of a struct are placed. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.race.layout.LayoutStrategy}; see {@link LayoutStrategies}) and chosen by
 * {@link #name()}: the solver maps {@code #[repr(C)]} to "c", {@code #[repr(transparent)]} to "transparent", no
 * repr to "race", and {@code #[repr(strategy = "name")]} (or the crate default {@code #![repr(strategy = "name")]})
 * to "name". A strategy of its own is a jar with the implementation and its services entry, put on the class path
 * (docs/layout.md, "Writing a layout strategy"); {@link Placements} has the placement helpers the built-in
 * strategies use. Implementations must be stateless (or immutable): one instance serves every struct of a link.
 */
public interface LayoutStrategy {
    /** The name the solver looks the strategy up by: letters, digits, {@code _}, {@code -} or {@code .}. */
    String name();

    /**
     * The version of the placement rules, from 1. It is recorded in the STEG of every crate laid out with the
     * strategy, and a crate whose importer saw another version is refused at link time (a layout change), so a
     * strategy must raise it whenever some struct could be placed differently.
     */
    default int version() {
        return 1;
    }

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
