package dev.race.vtable;

import dev.race.layout.LayoutSolver;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;

import java.util.List;

/**
 * Answers vtable questions for one link: the byte offset of a method's slot in any vtable of a trait, and the
 * plan of the vtable of a type as a trait object. Trait methods are identified by (trait path, method name), so
 * slots do not depend on the order in which an importer happened to see them.
 */
public final class VtableSynthesizer {
    private final LayoutSolver solver;
    private final List<Crate> crates;

    /** {@code crates}: every exporting crate of the link; {@code solver}: their layouts (for size and align). */
    public VtableSynthesizer(LayoutSolver solver, List<Crate> crates) {
        this.solver = solver;
        this.crates = List.copyOf(crates);
    }

    /** Byte offset of {@code method}'s slot in any vtable of {@code trait}. */
    public long slotOffset(Path trait, String method) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The vtable of {@code type} as {@code dyn trait}. */
    public VtablePlan plan(Path trait, Path type) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
