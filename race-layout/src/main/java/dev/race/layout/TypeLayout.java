package dev.race.layout;

import dev.race.steg.model.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The solved layout of one type.
 *
 * @param path     the item's path, null for anonymous types (tuples, arrays, Option, pointers ...)
 * @param display  the type as Rust text
 * @param strategy "c", "race", "transparent" or the name of the strategy a jar provides
 *                 ({@code #[repr(strategy = "name")]}) for structs, "enum" / "c-enum" for enums, "prim", "array",
 *                 "tuple", "pointer", "option" for anonymous types
 * @param frozen   the item is {@code #[frozen]} (its layout is a promise; the strategy is the same)
 * @param fields   struct (and tuple) fields in declaration order; empty for enums
 * @param variants enum variants in declaration order, else empty
 * @param encoding how an enum tells its variants apart; NONE for non-enums
 * @param tag      where the tag (or niche) lives, null when there is none
 * @param niche    the largest niche an enclosing enum or Option can use, null when there is none
 */
public record TypeLayout(Path path, String display, long size, long align, String strategy, boolean frozen,
                         List<FieldLayout> fields, List<VariantLayout> variants, Encoding encoding,
                         TagLayout tag, Niche niche) {

    /** TAGGED: a tag at {@link #tag()}; NICHE: invalid values of a field of the dataful variant; SINGLE: one
     * variant laid out as a struct; EMPTY: no variant (uninhabited, size 0). */
    public enum Encoding { NONE, TAGGED, NICHE, SINGLE, EMPTY }

    public TypeLayout {
        Objects.requireNonNull(display);
        Objects.requireNonNull(strategy);
        fields = List.copyOf(fields);
        variants = List.copyOf(variants);
        Objects.requireNonNull(encoding);
    }

    /** The padding gaps between fields of a struct, sorted by offset, including tail padding. */
    public List<Hole> holes() {
        List<FieldLayout> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparingLong(FieldLayout::offset).thenComparingLong(FieldLayout::size));
        List<Hole> holes = new ArrayList<>();
        long covered = 0;
        for (FieldLayout f : sorted) {
            if (f.offset() > covered) holes.add(new Hole(covered, f.offset() - covered));
            covered = Math.max(covered, f.offset() + f.size());
        }
        if (size > covered) holes.add(new Hole(covered, size - covered));
        return List.copyOf(holes);
    }

    /** The field named {@code name}, or null. */
    public FieldLayout field(String name) {
        for (FieldLayout f : fields) if (f.name().equals(name)) return f;
        return null;
    }

    /** The variant named {@code name}, or null. */
    public VariantLayout variant(String name) {
        for (VariantLayout v : variants) if (v.name().equals(name)) return v;
        return null;
    }
}
