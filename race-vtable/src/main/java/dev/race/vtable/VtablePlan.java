package dev.race.vtable;

import dev.race.steg.model.Path;

import java.util.List;
import java.util.Objects;

/**
 * The vtable of {@code type} as {@code dyn trait}: a header of three pointer-sized words (drop glue, size, align),
 * one pointer per method slot ({@code methods}, in slot order: the supertraits' methods first, see
 * {@link VtableSynthesizer}), then one word per entry of {@code upcasts}, each the address of the vtable of
 * {@code type} as that (transitive) supertrait. {@code dropSymbol} is null when the type has no drop glue (the word
 * is then 0).
 */
public record VtablePlan(Path trait, Path type, long size, long align, String dropSymbol, List<VtableEntry> methods,
                         List<Path> upcasts) {
    public VtablePlan {
        Objects.requireNonNull(trait, "trait");
        Objects.requireNonNull(type, "type");
        methods = List.copyOf(methods);
        upcasts = List.copyOf(upcasts);
    }

    /** A vtable of a trait without supertraits. */
    public VtablePlan(Path trait, Path type, long size, long align, String dropSymbol, List<VtableEntry> methods) {
        this(trait, type, size, align, dropSymbol, methods, List.of());
    }
}
