package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.util.List;

/** Hand-built crates: the engine of the design document, extended so every model variant appears. */
final class SampleCrates {
    private SampleCrates() {
    }

    static final Path VEC3 = Path.of("engine", "math", "Vec3");
    static final Path TRANSFORM = Path.of("engine", "Transform");
    static final Path SHAPE = Path.of("engine", "Shape");
    static final Path PLUGIN = Path.of("engine", "Plugin");
    static final Path WORLD = Path.of("engine", "World");

    /** The smallest interesting crate: one unit struct. Its bytes are pinned by the golden test. */
    static Crate tiny() {
        return new Crate("a", Version.of(1, 0, 0), List.of(
                new Item.Struct(Path.of("a", "S"), Visibility.PUBLIC, Repr.DEFAULT, false, false, Shape.UNIT, List.of())));
    }

    static java.util.SortedSet<String> effects(String... names) {
        return new java.util.TreeSet<>(List.of(names));
    }

    /** Structs placed by named layout strategies (STEG version 4): recorded versions, unrecorded, with packed and align. */
    static Crate strategies() {
        return new Crate("lay", Version.of(2, 0, 0), List.of(
                new Item.Struct(Path.of("lay", "Sorted"), Visibility.PUBLIC, Repr.strategy("c-sorted", 1, 0, 0), false,
                        false, Shape.NAMED, List.of(new Field("a", Visibility.PUBLIC, Type.prim(PrimKind.U8)),
                        new Field("b", Visibility.PUBLIC, Type.prim(PrimKind.U64)))),
                new Item.Struct(Path.of("lay", "Swift"), Visibility.PUBLIC, Repr.strategy("swift", 0, 2, 0), true,
                        false, Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC, Type.prim(PrimKind.U16)))),
                new Item.Struct(Path.of("lay", "Wide"), Visibility.CRATE, Repr.strategy("c-sorted", 70000, 0, 64), false,
                        false, Shape.UNIT, List.of())));
    }

    static Crate full() {
        Type f32 = Type.prim(PrimKind.F32);
        Item vec3 = new Item.Struct(VEC3, Visibility.PUBLIC, new Repr(Repr.Kind.C, 0, 16, null), true, false, Shape.NAMED,
                List.of(new Field("x", Visibility.PUBLIC, f32), new Field("y", Visibility.PUBLIC, f32),
                        new Field("z", Visibility.PUBLIC, f32)));
        Item transform = new Item.Struct(TRANSFORM, Visibility.PUBLIC, Repr.DEFAULT, false, true, Shape.NAMED, List.of(
                new Field("pos", Visibility.PUBLIC, new Type.Named(VEC3)),
                new Field("scale", Visibility.CRATE, f32),
                new Field("layer", Visibility.PRIVATE, Type.prim(PrimKind.U8)),
                new Field("grid", Visibility.PRIVATE, new Type.Array(new Type.Array(Type.prim(PrimKind.I16), 3), 1L << 40)),
                new Field("pair", Visibility.PRIVATE, new Type.Tuple(List.of(Type.prim(PrimKind.BOOL), Type.prim(PrimKind.CHAR)))),
                new Field("parent", Visibility.PRIVATE, new Type.OptionOf(new Type.BoxOf(new Type.Named(TRANSFORM)))),
                new Field("raw", Visibility.PRIVATE, new Type.RawPtr(true, new Type.RawPtr(false, Type.prim(PrimKind.USIZE)))),
                new Field("name", Visibility.PRIVATE, new Type.Ref(false, Type.STR)),
                new Field("kids", Visibility.PRIVATE, new Type.Ref(true, new Type.Slice(new Type.Named(TRANSFORM)))),
                new Field("hook", Visibility.PRIVATE, new Type.FnPtr("C", List.of(Type.prim(PrimKind.I128), Type.prim(PrimKind.U128)),
                        Type.prim(PrimKind.NEVER))),
                new Field("plugin", Visibility.PRIVATE, new Type.BoxOf(new Type.Dyn(PLUGIN))),
                new Field("wide", Visibility.PRIVATE, new Type.Tuple(List.of(Type.prim(PrimKind.U16), Type.prim(PrimKind.U32),
                        Type.prim(PrimKind.U64), Type.prim(PrimKind.I8), Type.prim(PrimKind.I32), Type.prim(PrimKind.I64),
                        Type.prim(PrimKind.ISIZE), Type.prim(PrimKind.F64), Type.UNIT)))));
        Item pixel = new Item.Struct(Path.of("engine", "gfx", "Pixel"), Visibility.CRATE, new Repr(Repr.Kind.TRANSPARENT, 0, 0, null),
                false, false, Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC, Type.prim(PrimKind.U32))));
        Item packed = new Item.Struct(Path.of("engine", "Packed"), Visibility.PRIVATE, new Repr(Repr.Kind.C, 1, 0, null),
                false, false, Shape.TUPLE, List.of(new Field("0", Visibility.PRIVATE, Type.prim(PrimKind.U8)),
                        new Field("1", Visibility.PRIVATE, Type.prim(PrimKind.U64))));
        Item shape = new Item.Enum(SHAPE, Visibility.PUBLIC, Repr.DEFAULT, false, true, List.of(
                new Variant("Circle", Shape.NAMED, List.of(new Field("r", Visibility.PUBLIC, f32)), null),
                new Variant("Rect", Shape.NAMED, List.of(new Field("w", Visibility.PUBLIC, f32), new Field("h", Visibility.PUBLIC, f32)), null),
                new Variant("Tri", Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC, new Type.Array(new Type.Named(VEC3), 3))), null),
                new Variant("Empty", Shape.UNIT, List.of(), null)));
        Item code = new Item.Enum(Path.of("engine", "Code"), Visibility.PUBLIC, new Repr(Repr.Kind.C, 0, 0, PrimKind.I128), true, false,
                List.of(new Variant("Zero", Shape.UNIT, List.of(), BigInteger.ZERO),
                        new Variant("MinusOne", Shape.UNIT, List.of(), BigInteger.ONE.negate()),
                        new Variant("Byte", Shape.UNIT, List.of(), BigInteger.valueOf(128)),
                        new Variant("NegByte", Shape.UNIT, List.of(), BigInteger.valueOf(-129)),
                        new Variant("Huge", Shape.UNIT, List.of(), BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(7))),
                        new Variant("Min", Shape.UNIT, List.of(), BigInteger.ONE.shiftLeft(127).negate()),
                        new Variant("Implicit", Shape.UNIT, List.of(), null)));
        Item small = new Item.Enum(Path.of("engine", "Small"), Visibility.PRIVATE, new Repr(Repr.Kind.RUST, 0, 0, PrimKind.U8), false, false,
                List.of(new Variant("A", Shape.UNIT, List.of(), BigInteger.valueOf(255))));
        Item plugin = new Item.Trait(PLUGIN, Visibility.PUBLIC, List.of(
                new TraitMethod("name", new FnSig("Rust", List.of(new Param("self", new Type.Ref(false, Type.SELF))),
                        new Type.Ref(false, Type.STR), effects()), null),
                new TraitMethod("build", new FnSig("Rust", List.of(new Param("self", new Type.Ref(true, Type.SELF)),
                        new Param("app", new Type.Ref(true, new Type.Named(WORLD)))), Type.UNIT, effects("alloc")), null),
                new TraitMethod("priority", new FnSig("Rust", List.of(new Param("self", new Type.Ref(false, Type.SELF))),
                        Type.prim(PrimKind.I32), effects()), "engine_plugin_priority"),
                new TraitMethod("boxed", new FnSig("Rust", List.of(new Param("self", new Type.BoxOf(Type.SELF))),
                        Type.SELF, effects("alloc", "panic", "io", "block")), null)));
        Item world = new Item.Struct(WORLD, Visibility.PUBLIC, Repr.DEFAULT, false, false, Shape.UNIT, List.of());
        Item impl = new Item.Impl(Item.Impl.pathFor(Path.of("engine"), PLUGIN, "engine::World"), PLUGIN, new Type.Named(WORLD),
                List.of(new ImplMethod("name", "world_name"), new ImplMethod("build", "world_build"),
                        new ImplMethod("boxed", "world_boxed")));
        Item spawn = new Item.Function(Path.of("engine", "spawn"), Visibility.PUBLIC, "engine_spawn", false,
                new FnSig("Rust", List.of(new Param("world", new Type.Ref(true, new Type.Named(WORLD))),
                        new Param("t", new Type.Ref(false, new Type.Named(TRANSFORM)))), Type.prim(PrimKind.U64),
                        effects("panic", "alloc")));
        Item malloc = new Item.Function(Path.of("engine", "malloc"), Visibility.PRIVATE, "malloc", true,
                new FnSig("C", List.of(new Param("size", Type.prim(PrimKind.USIZE))),
                        new Type.RawPtr(true, Type.prim(PrimKind.U8)), effects("alloc")));
        Item alias = new Item.TypeAlias(Path.of("engine", "Entity"), Visibility.PUBLIC, Type.prim(PrimKind.U64));
        Item unicode = new Item.Struct(Path.of("engine", "モジュール", "Größe\uD835\uDD18"), Visibility.PUBLIC, Repr.DEFAULT,
                false, false, Shape.NAMED, List.of(new Field("naïve", Visibility.PUBLIC, Type.prim(PrimKind.F64)),
                        new Field("κόσμος", Visibility.PUBLIC, new Type.Named(Path.of("other", "数据")))));
        return new Crate("engine", new Version(2, 0, 0, "rc.1", "build.5"), List.of(vec3, transform, pixel, packed, shape,
                code, small, plugin, world, impl, spawn, malloc, alias, unicode));
    }
}
