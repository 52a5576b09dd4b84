package dev.race.layout;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Terse builders for hand-written model items in tests (crate "t" unless a path says otherwise). */
final class M {
    private M() {
    }

    static final Repr C = new Repr(Repr.Kind.C, 0, 0, null);
    static final Repr RUST = Repr.DEFAULT;
    static final Repr TRANSPARENT = new Repr(Repr.Kind.TRANSPARENT, 0, 0, null);

    static Repr packed(Repr.Kind k, int n) {
        return new Repr(k, n, 0, null);
    }

    static Repr aligned(Repr.Kind k, int n) {
        return new Repr(k, 0, n, null);
    }

    static Repr intRepr(Repr.Kind k, PrimKind t) {
        return new Repr(k, 0, 0, t);
    }

    static Path p(String name) {
        return name.contains("::") ? Path.parse(name) : Path.of("t", name);
    }

    static Type.Prim t(PrimKind k) {
        return Type.prim(k);
    }

    static final Type U8 = t(PrimKind.U8);
    static final Type U16 = t(PrimKind.U16);
    static final Type U32 = t(PrimKind.U32);
    static final Type U64 = t(PrimKind.U64);
    static final Type U128 = t(PrimKind.U128);
    static final Type BOOL = t(PrimKind.BOOL);
    static final Type CHAR = t(PrimKind.CHAR);

    static Type named(String name) {
        return new Type.Named(p(name));
    }

    static Type ref(Type t) {
        return new Type.Ref(false, t);
    }

    static Type opt(Type t) {
        return new Type.OptionOf(t);
    }

    static Type arr(Type t, long n) {
        return new Type.Array(t, n);
    }

    static Type tup(Type... ts) {
        return new Type.Tuple(Arrays.asList(ts));
    }

    static Field f(String name, Type type) {
        return new Field(name, Visibility.PUBLIC, type);
    }

    // Structs and enums here are #[frozen]: these tests check the rustc algorithm, which frozen types keep. A
    // resilient enum (and an Option of a resilient type) has the stable encoding instead (ResilientEnumTest).
    static Item.Struct struct(String name, Repr repr, Field... fields) {
        return new Item.Struct(p(name), Visibility.PUBLIC, repr, true, false, Shape.NAMED, Arrays.asList(fields));
    }

    /** A tuple-like variant {@code Name(T0, T1, ..)}. */
    static Variant v(String name, Type... types) {
        List<Field> fs = new ArrayList<>();
        for (int i = 0; i < types.length; i++) fs.add(f(Integer.toString(i), types[i]));
        return new Variant(name, types.length == 0 ? Shape.UNIT : Shape.TUPLE, fs, null);
    }

    /** A unit variant with an explicit discriminant. */
    static Variant unit(String name, long discriminant) {
        return new Variant(name, Shape.UNIT, List.of(), BigInteger.valueOf(discriminant));
    }

    static Item.Enum enumOf(String name, Repr repr, Variant... variants) {
        return new Item.Enum(p(name), Visibility.PUBLIC, repr, true, false, Arrays.asList(variants));
    }

    static Crate crate(Item... items) {
        return crate("t", items);
    }

    static Crate crate(String name, Item... items) {
        return new Crate(name, Version.of(1, 0, 0), Arrays.asList(items));
    }

    static LayoutSolver solver(Item... items) {
        return new LayoutSolver(TargetSpec.named("x86_64"), List.of(crate(items)));
    }
}
