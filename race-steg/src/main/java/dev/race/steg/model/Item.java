package dev.race.steg.model;

import java.util.List;
import java.util.Objects;

/** A declaration of a crate. Every item's identity is its {@link #path()}. */
public sealed interface Item {
    Path path();

    /**
     * A struct. {@code frozen} promises the layout; {@code nonExhaustive} tells importers that fields may be added.
     */
    record Struct(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                  Shape shape, List<Field> fields) implements Item {
        public Struct {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(repr);
            Objects.requireNonNull(shape);
            fields = List.copyOf(fields);
        }
    }

    /** An enum. Variants keep declaration order. */
    record Enum(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                List<Variant> variants) implements Item {
        public Enum {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(repr);
            variants = List.copyOf(variants);
        }
    }

    /** A trait: its methods in declaration order. */
    record Trait(Path path, Visibility visibility, List<TraitMethod> methods) implements Item {
        public Trait {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            methods = List.copyOf(methods);
        }
    }

    /**
     * {@code impl Trait for Type { fn m = symbol; }}. Its path is synthetic and unique per (trait, type):
     * {@code <crate>::<impl Trait for Type>} is not a Rust path, so the path is the crate's path plus a
     * segment {@code "impl " + trait + " for " + type}; see {@link #pathFor}.
     */
    record Impl(Path path, Path trait, Type forType, List<ImplMethod> methods) implements Item {
        public Impl {
            Objects.requireNonNull(path);
            Objects.requireNonNull(trait);
            Objects.requireNonNull(forType);
            methods = List.copyOf(methods);
        }

        public static Path pathFor(Path module, Path trait, String forTypeText) {
            return module.child("impl " + trait + " for " + forTypeText);
        }
    }

    /**
     * A function: {@code symbol} is the object-file symbol of its body ({@code #[symbol = ".."]}, or the
     * function's name). {@code external} marks {@code extern fn}: a function outside RACE (libc, ...).
     */
    record Function(Path path, Visibility visibility, String symbol, boolean external, FnSig sig) implements Item {
        public Function {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(symbol);
            Objects.requireNonNull(sig);
        }
    }

    /** {@code type Name = T;} */
    record TypeAlias(Path path, Visibility visibility, Type target) implements Item {
        public TypeAlias {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(target);
        }
    }
}
