package dev.race.vtable;

import dev.race.steg.model.Path;

import java.util.List;
import java.util.Objects;

/**
 * The vtable of {@code type} as {@code dyn trait}: a header of three pointer-sized words (drop glue, size, align)
 * followed by one pointer per method slot ({@code methods}, in slot order). {@code dropSymbol} is null when the
 * type has no drop glue (the word is then 0).
 */
public record VtablePlan(Path trait, Path type, long size, long align, String dropSymbol, List<VtableEntry> methods) {
    public VtablePlan {
        Objects.requireNonNull(trait, "trait");
        Objects.requireNonNull(type, "type");
        methods = List.copyOf(methods);
    }
}
