package dev.race.steg.compat;

import dev.race.steg.model.Path;

import java.util.Objects;

/**
 * One way an export breaks the contract an import view recorded. {@code item} is the view's declaration the
 * mismatch is about; {@code member} narrows it to a part of it ({@code "scale"} for a field, {@code "Rect"} for a
 * variant, {@code "build"} for a trait method, {@code "parameter t"} or {@code "return type"} for a function), or is
 * empty for the item as a whole. {@code expected} is what the view says, {@code found} what the export has, both as
 * .steg text with absolute paths ({@code "nothing"} when the export has no such thing).
 */
public record Mismatch(Kind kind, Path item, String member, String expected, String found) {

    /** What changed. Every kind breaks code built against the view unless the linker decides otherwise. */
    public enum Kind {
        /** The export has no item at the view's path. */
        MISSING_ITEM,
        /** The path names another kind of item (a struct became an enum, a function a type alias ...). */
        KIND_CHANGED,
        /** A public item or field is no longer public. */
        VISIBILITY_REDUCED,
        /** A field of the view's struct is gone. */
        MISSING_FIELD,
        /** A field has another type. */
        FIELD_TYPE_CHANGED,
        /** A variant of the view's enum is gone. */
        MISSING_VARIANT,
        /** A variant was added to an enum the importer saw without {@code #[non_exhaustive]}. */
        NEW_VARIANT_EXHAUSTIVE,
        /** A variant's fields, shape or (for a frozen or C enum) explicit discriminant changed. */
        VARIANT_CHANGED,
        /** The parameter count of a function changed ({@code member} empty), or one parameter's type did. */
        PARAMS_CHANGED,
        /** The return type changed. */
        RETURN_CHANGED,
        /** A parameter or the return type moved between {@code T}, {@code &T}, {@code &mut T}, {@code Box<T>}, raw pointers. */
        OWNERSHIP_CHANGED,
        /** The calling convention ("Rust" / "C") changed. */
        ABI_CHANGED,
        /** The export declares effects the importer was not promised. */
        EFFECTS_WIDENED,
        /** The object-file symbol of a function changed: the importer's calls name the old one. */
        SYMBOL_CHANGED,
        /** A trait method the view has is gone. */
        TRAIT_METHOD_MISSING,
        /** A trait method's signature (or its default body, which an impl may rely on) changed. */
        TRAIT_METHOD_CHANGED,
        /**
         * A supertrait the view's trait has ({@code trait Sub: Super}) is no longer one, directly or through the
         * export's other supertraits of the trait: code compiled against the view calls Super's methods through a
         * {@code dyn Sub} and upcasts it to {@code dyn Super}, which the export's vtables no longer support.
         */
        SUPERTRAIT_REMOVED,
        /**
         * A trait the importer implements gained a method with no default body, which the importer's impl (compiled
         * before the method existed) cannot provide; found by the link, which knows the importer's impls.
         */
        IMPL_METHOD_MISSING,
        /** A non-default {@code #[repr]} the view promised changed. */
        REPR_CHANGED,
        /**
         * A struct the view saw laid out by a named layout strategy ({@code #[repr(strategy = "name")]}) is laid out by
         * another one, or by a built-in repr: every offset and size may differ, so it is a layout change.
         */
        STRATEGY_CHANGED,
        /**
         * The strategy of a struct is the one the view saw but in another version (both versions recorded): the
         * strategy's author declared that its layouts changed.
         */
        STRATEGY_VERSION_CHANGED,
        /** A type the view saw {@code #[frozen]} is no longer frozen. */
        FROZEN_CHANGED,
        /** A frozen type's solved layout (size, alignment, an offset) changed; found by the link, not by {@link Compatibility}. */
        FROZEN_LAYOUT_CHANGED,
        /** A type alias names another type. */
        ALIAS_CHANGED,
        /**
         * Where or how an enum keeps its tag changed (offset, width, tagged or niche encoding), so code compiled
         * against the view would read or write it wrongly; found by the link, not by {@link Compatibility}.
         */
        TAG_CHANGED,
        /**
         * A function, trait method or {@code fn(..)} pointer type takes or returns a resilient type (not
         * {@code #[frozen]}) by value; found in one crate's declarations by {@link Boundaries}, refused by
         * {@code race pack} and re-checked by the link.
         */
        RESILIENT_BY_VALUE,
        /** A {@code #[frozen]} type holds a resilient type by value; found by {@link Boundaries}. */
        FROZEN_HOLDS_RESILIENT,
        /**
         * A type the importer allocates (uses its size marker, or that of a type holding it by value) or embeds (a
         * type of its own holds it by value) is more aligned than the importer saw; found by the link.
         */
        TYPE_ALIGN_RAISED,
        /**
         * A field some offset-of query of the importer goes through is less aligned than the importer saw (a
         * {@code #[repr(packed)]} added), so aligned loads and stores compiled against the view may fault or tear;
         * found by the link.
         */
        FIELD_ALIGN_LOWERED,
        /**
         * A struct the importer <em>constructs</em> (its code uses the type's init-image marker) has a field the view
         * lacks and that has no default: the importer's init leaves it zero, which the exporter never promised is a
         * valid value; found by the link.
         */
        FIELD_ADDED_WITHOUT_DEFAULT,
        /**
         * A trait the view saw {@code #[frozen]} puts a method the view has at another position ({@code member}: the
         * method), or has other supertraits ({@code member} empty), so a vtable slot that callers compiled as a
         * constant moved. A frozen trait may only gain methods at its end.
         */
        FROZEN_SLOT_MOVED
    }

    public Mismatch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
    }

    /** A mismatch about the item as a whole. */
    public Mismatch(Kind kind, Path item, String expected, String found) {
        this(kind, item, "", expected, found);
    }

    /**
     * The thing that changed, in words: {@code field engine::Transform.scale}, {@code variant engine::Shape::Rect},
     * {@code method engine::Plugin::build}, {@code parameter t of engine::spawn}, or the item's path.
     */
    public String subject() {
        if (member.isEmpty()) {
            return item.toString();
        }
        switch (kind) {
            case MISSING_FIELD:
            case FIELD_TYPE_CHANGED:
            case FROZEN_HOLDS_RESILIENT:
            case FIELD_ALIGN_LOWERED:
            case FIELD_ADDED_WITHOUT_DEFAULT:
                return "field " + item + "." + member;
            case MISSING_VARIANT:
            case NEW_VARIANT_EXHAUSTIVE:
            case VARIANT_CHANGED:
                return "variant " + item + "::" + member;
            case TRAIT_METHOD_MISSING:
            case TRAIT_METHOD_CHANGED:
            case IMPL_METHOD_MISSING:
                return "method " + item + "::" + member;
            case SUPERTRAIT_REMOVED:
                return "supertrait " + member + " of trait " + item;
            case VISIBILITY_REDUCED:
                return "field " + item + "." + member;
            case EFFECTS_WIDENED:
            case FROZEN_SLOT_MOVED:
                return "method " + item + "::" + member;
            default:
                return member + " of " + item;
        }
    }
}
