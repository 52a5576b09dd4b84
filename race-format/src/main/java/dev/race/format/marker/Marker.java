package dev.race.format.marker;

import dev.race.steg.model.Path;

import java.util.List;
import java.util.Objects;

/**
 * A layout query named by a marker symbol ({@code __race_<kind>_...}, see {@link Markers} and docs/markers.md).
 * The value of every marker except {@link Vtable} and {@link Init} is the query's answer, a constant; a
 * {@code Vtable} marker is the address of a vtable the linker synthesizes, an {@code Init} marker the address of
 * the type's init image.
 */
public sealed interface Marker {

    /** Whether the symbol's value is a constant (a layout answer) rather than an address. */
    boolean isConstant();

    /**
     * offset-of(type, member path). The member path may go through nested fields ({@code pos.x}); for an enum the
     * first member is the variant. A tuple field is named by its decimal index ({@code "0"}, {@code "1"}).
     */
    record Offset(Path type, List<String> member) implements Marker {
        public Offset {
            Objects.requireNonNull(type, "type");
            member = List.copyOf(member);
            if (member.isEmpty()) {
                throw new IllegalArgumentException("an offset marker needs at least one member");
            }
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** size-of(type). */
    record Size(Path type) implements Marker {
        public Size {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** align-of(type). */
    record Align(Path type) implements Marker {
        public Align {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** The byte offset of {@code method}'s slot in any vtable of {@code trait}. */
    record Slot(Path trait, String method) implements Marker {
        public Slot {
            Objects.requireNonNull(trait, "trait");
            Objects.requireNonNull(method, "method");
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** The address of the vtable of {@code type} as {@code dyn trait}. */
    record Vtable(Path trait, Path type) implements Marker {
        public Vtable {
            Objects.requireNonNull(trait, "trait");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean isConstant() {
            return false;
        }
    }

    /**
     * The byte offset, in every vtable of {@code sub}, of the word that holds the address of the same type's vtable
     * as {@code dyn sup}, a (transitive) supertrait of {@code sub}: what upcasting {@code &dyn sub} to
     * {@code &dyn sup} loads (docs/vtables.md, "Supertraits and upcasting").
     */
    record Upcast(Path sub, Path sup) implements Marker {
        public Upcast {
            Objects.requireNonNull(sub, "sub");
            Objects.requireNonNull(sup, "sup");
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /**
     * The address of the read-only <em>init image</em> of {@code type}, which the link synthesizes: the type's
     * bytes as solved for the linked version, zero except where a field has a default (docs/markers.md, "Init
     * images"). Code that builds a value copies it first, so fields a later version adds hold their defaults.
     */
    record Init(Path type) implements Marker {
        public Init {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean isConstant() {
            return false;
        }
    }

    /** The tag value that {@code enumType} stores for {@code variant}. */
    record Tag(Path enumType, String variant) implements Marker {
        public Tag {
            Objects.requireNonNull(enumType, "enumType");
            Objects.requireNonNull(variant, "variant");
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /**
     * Whether the linked crates declare {@code type} ({@code member} empty: type-exists) or its member path
     * ({@code member}: field-exists, as an offset marker's path): 1 or 0. It lets code built against a newer
     * version guard an access to a field an older one lacks (docs/markers.md, "Optional features").
     */
    record Has(Path type, List<String> member) implements Marker {
        public Has {
            Objects.requireNonNull(type, "type");
            member = List.copyOf(member);
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }
}
