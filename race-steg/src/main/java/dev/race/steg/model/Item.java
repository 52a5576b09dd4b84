package dev.race.steg.model;

import java.util.List;
import java.util.Objects;

/** A declaration of a crate. Every item's identity is its {@link #path()}. */
public sealed interface Item {
    Path path();

    /**
     * A struct. {@code frozen} promises the layout; {@code nonExhaustive} tells importers that fields may be added.
     * {@code dropSymbol} is the object-file symbol of the type's drop glue ({@code #[drop = "sym"]}): a function
     * {@code void sym(T *self)} that drops the value in place without freeing its memory; null when the type
     * declares none (dropping it does nothing beyond freeing).
     */
    record Struct(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                  Shape shape, List<Field> fields, String dropSymbol) implements Item {
        public Struct {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(repr);
            Objects.requireNonNull(shape);
            fields = List.copyOf(fields);
            checkSymbol(dropSymbol);
        }

        /** A struct without drop glue. */
        public Struct(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                      Shape shape, List<Field> fields) {
            this(path, visibility, repr, frozen, nonExhaustive, shape, fields, null);
        }
    }

    /** An enum. Variants keep declaration order. {@code dropSymbol} as for {@link Struct}. */
    record Enum(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                List<Variant> variants, String dropSymbol) implements Item {
        public Enum {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            Objects.requireNonNull(repr);
            variants = List.copyOf(variants);
            checkSymbol(dropSymbol);
        }

        /** An enum without drop glue. */
        public Enum(Path path, Visibility visibility, Repr repr, boolean frozen, boolean nonExhaustive,
                    List<Variant> variants) {
            this(path, visibility, repr, frozen, nonExhaustive, variants, null);
        }
    }

    /**
     * A trait: its methods in declaration order. {@code supertraits} are the absolute paths of the traits named after
     * the colon ({@code trait Sub: A + B}), in the order written, each once; {@code frozen} is {@code #[frozen]}.
     */
    record Trait(Path path, Visibility visibility, boolean frozen, List<Path> supertraits,
                 List<TraitMethod> methods) implements Item {
        public Trait {
            Objects.requireNonNull(path);
            Objects.requireNonNull(visibility);
            supertraits = List.copyOf(supertraits);
            if (new java.util.HashSet<>(supertraits).size() != supertraits.size()) {
                throw new IllegalArgumentException("trait " + path + " names a supertrait twice: " + supertraits);
            }
            if (supertraits.contains(path)) {
                throw new IllegalArgumentException("trait " + path + " is its own supertrait");
            }
            methods = List.copyOf(methods);
        }

        /** A trait that is not frozen and has no supertraits. */
        public Trait(Path path, Visibility visibility, List<TraitMethod> methods) {
            this(path, visibility, false, List.of(), methods);
        }
    }

    /** A drop-glue symbol is absent (null) or a non-empty name. */
    private static void checkSymbol(String dropSymbol) {
        if (dropSymbol != null && dropSymbol.isEmpty()) {
            throw new IllegalArgumentException("a drop glue symbol must not be empty");
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
