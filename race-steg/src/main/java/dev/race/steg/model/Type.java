package dev.race.steg.model;

import java.util.List;
import java.util.Objects;

/**
 * A type as it appears in a declaration. Named types carry the fully resolved path of the item they
 * name (aliases are kept as named references to the alias item; the layout solver sees through them).
 */
public sealed interface Type {

    /** {@code u8}, {@code i128}, {@code bool}, {@code char}, {@code ()}, {@code !}, ... */
    record Prim(PrimKind kind) implements Type {
        public Prim { Objects.requireNonNull(kind); }
    }

    /** {@code [T; N]}. */
    record Array(Type element, long length) implements Type {
        public Array {
            Objects.requireNonNull(element);
            if (length < 0) throw new IllegalArgumentException("negative array length");
        }
    }

    /** {@code (A, B, ...)} with at least one element; {@code ()} is {@link PrimKind#UNIT}. */
    record Tuple(List<Type> elements) implements Type {
        public Tuple {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) throw new IllegalArgumentException("the empty tuple is Prim(UNIT)");
        }
    }

    /** {@code &T} or {@code &mut T}: a borrow. */
    record Ref(boolean mutable, Type target) implements Type {
        public Ref { Objects.requireNonNull(target); }
    }

    /** {@code *const T} or {@code *mut T}. */
    record RawPtr(boolean mutable, Type target) implements Type {
        public RawPtr { Objects.requireNonNull(target); }
    }

    /** {@code Box<T>}: an owned heap value. */
    record BoxOf(Type target) implements Type {
        public BoxOf { Objects.requireNonNull(target); }
    }

    /** {@code [T]}: unsized, only behind a pointer. */
    record Slice(Type element) implements Type {
        public Slice { Objects.requireNonNull(element); }
    }

    /** {@code str}: unsized, only behind a pointer. */
    record Str() implements Type {
    }

    /** {@code Option<T>}. */
    record OptionOf(Type inner) implements Type {
        public OptionOf { Objects.requireNonNull(inner); }
    }

    /** {@code fn(A, B) -> R} or {@code extern "C" fn(..) -> R}; {@code abi} is "Rust" or "C". */
    record FnPtr(String abi, List<Type> params, Type ret) implements Type {
        public FnPtr {
            Objects.requireNonNull(abi);
            params = List.copyOf(params);
            Objects.requireNonNull(ret);
        }
    }

    /** {@code dyn Trait}: unsized, only behind a pointer. */
    record Dyn(Path trait) implements Type {
        public Dyn { Objects.requireNonNull(trait); }
    }

    /** A named struct, enum or type alias, by its resolved path. */
    record Named(Path path) implements Type {
        public Named { Objects.requireNonNull(path); }
    }

    /** {@code Self} inside a trait or impl. */
    record SelfType() implements Type {
    }

    Prim UNIT = new Prim(PrimKind.UNIT);
    Str STR = new Str();
    SelfType SELF = new SelfType();

    static Prim prim(PrimKind k) {
        return new Prim(k);
    }
}
