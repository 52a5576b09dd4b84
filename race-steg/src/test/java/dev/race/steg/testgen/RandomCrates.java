package dev.race.steg.testgen;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seeded generator of well-formed crates for tests across modules. "Well-formed" means: item paths,
 * symbols, field, variant, parameter and method names are unique where Rust requires it; a named type
 * refers to a struct, enum or alias declared earlier in the same crate (so by-value containment is acyclic
 * and every type has a finite size); {@code dyn} and impls name traits of the crate; unsized types
 * ({@code str}, slices, {@code dyn}) appear only behind a pointer; {@code Self} appears only in trait
 * methods; transparent structs have one field; explicit discriminants are distinct and fit the enum's
 * integer type ({@code isize} when none); impls implement every trait method without a default.
 * The same (seed, items) always gives an equal crate.
 */
public final class RandomCrates {
    private static final String[] BASES = {
        "Vec", "Transform", "Entity", "World", "naïve", "Größe", "数据", "ζeta", "\uD835\uDD18nit", "Ωmega",
        "plugin", "Shape", "κόσμος", "Ünïcode",
    };
    /** Every primitive but {@code !}: a field of type never would make its struct uninhabited. */
    private static final PrimKind[] SIZED_PRIMS = java.util.Arrays.stream(PrimKind.values())
            .filter(k -> k != PrimKind.NEVER).toArray(PrimKind[]::new);
    private static final String[] MODULES = {"math", "gfx", "ecs", "δ", "ядро"};
    private static final String[] EFFECTS = {"alloc", "panic", "io", "block", "gpu", "ünsafe"};
    private static final PrimKind[] INT_TYPES = {
        PrimKind.U8, PrimKind.U16, PrimKind.U32, PrimKind.U64, PrimKind.U128, PrimKind.USIZE,
        PrimKind.I8, PrimKind.I16, PrimKind.I32, PrimKind.I64, PrimKind.I128, PrimKind.ISIZE,
    };

    private final Random r;
    private final String crate;
    private final List<Path> valueTypes = new ArrayList<>();
    private final List<Item.Trait> traits = new ArrayList<>();
    private final Set<String> impls = new HashSet<>();
    private int serial;

    private RandomCrates(long seed) {
        this.r = new Random(seed);
        this.crate = pick(new String[] {"engine", "plugin", "kernel", "ядро", "游戏"}) + "_" + r.nextInt(100);
    }

    /** A well-formed crate with exactly {@code items} items. */
    public static Crate generate(long seed, int items) {
        return new RandomCrates(seed).crate(items);
    }

    private Crate crate(int count) {
        Version version = new Version(r.nextInt(4), r.nextInt(20), r.nextInt(1000) + (r.nextInt(8) == 0 ? 1L << 40 : 0),
                r.nextInt(3) == 0 ? pick(new String[] {"alpha.1", "rc.2", "beta"}) : "",
                r.nextInt(4) == 0 ? "build." + r.nextInt(100) : "");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item());
        }
        return new Crate(crate, version, items);
    }

    private Item item() {
        switch (r.nextInt(7)) {
            case 0:
            case 1:
                return struct();
            case 2:
                return enumeration();
            case 3:
                return trait();
            case 4:
                if (!traits.isEmpty() && !valueTypes.isEmpty()) {
                    Item impl = impl();
                    if (impl != null) {
                        return impl;
                    }
                }
                return function();
            case 5:
                return function();
            default:
                return alias();
        }
    }

    private Item.Struct struct() {
        Path path = newPath();
        Shape shape = pick(Shape.values());
        int n = shape == Shape.UNIT ? 0 : r.nextInt(5);
        Repr repr = repr(null);
        if (repr.kind() == Repr.Kind.TRANSPARENT) {
            shape = r.nextBoolean() ? Shape.NAMED : Shape.TUPLE;
            n = 1;
        }
        Item.Struct s = new Item.Struct(path, visibility(), repr, repr.kind() == Repr.Kind.C && r.nextBoolean(),
                r.nextInt(4) == 0, shape, fields(shape, n), dropGlue(path));
        valueTypes.add(path);
        return s;
    }

    private Item.Enum enumeration() {
        Path path = newPath();
        PrimKind intType = r.nextInt(3) == 0 ? pick(INT_TYPES) : null;
        Repr repr = repr(intType);
        int n = 1 + r.nextInt(5);
        boolean explicit = r.nextInt(3) == 0;
        Set<BigInteger> used = new HashSet<>();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shape shape = pick(Shape.values());
            int fields = shape == Shape.UNIT ? 0 : 1 + r.nextInt(3);
            BigInteger d = null;
            if (explicit) {
                do {
                    d = discriminant(intType == null ? PrimKind.ISIZE : intType);
                } while (!used.add(d));
            }
            variants.add(new Variant(name("V", i), shape, fields(shape, fields), d));
        }
        Item.Enum e = new Item.Enum(path, visibility(), repr, repr.kind() == Repr.Kind.C && r.nextBoolean(),
                r.nextInt(3) == 0, variants, dropGlue(path));
        valueTypes.add(path);
        return e;
    }

    private Item.Trait trait() {
        Path path = newPath();
        int n = r.nextInt(4);
        List<TraitMethod> methods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = name("m", i);
            List<Param> params = new ArrayList<>();
            params.add(new Param("self", new Type.Ref(r.nextBoolean(), Type.SELF)));
            params.addAll(params(r.nextInt(3), true));
            FnSig sig = new FnSig("Rust", params, r.nextBoolean() ? Type.UNIT : sized(2, true), effects());
            methods.add(new TraitMethod(name, sig, r.nextBoolean() ? symbol("default") : null));
        }
        // frozen traits and supertraits (STEG version 3), chosen without drawing from r (as field defaults are)
        int h = Math.floorMod(path.toString().hashCode(), 101);
        List<Path> supers = new ArrayList<>();
        if (h % 3 == 0 && !traits.isEmpty()) {
            supers.add(traits.get(h % traits.size()).path());
            Path second = traits.get((h / 3) % traits.size()).path();
            if (!supers.contains(second)) {
                supers.add(second);
            }
        }
        Item.Trait t = new Item.Trait(path, visibility(), h % 7 == 0, supers, methods);
        traits.add(t);
        return t;
    }

    /** Drop glue for about one type in six (STEG version 3), chosen without drawing from r. */
    private static String dropGlue(Path path) {
        return Math.floorMod(path.toString().hashCode(), 6) == 0 ? "drop_" + path.name() : null;
    }

    private Item.Impl impl() {
        Item.Trait trait = pick(traits);
        Path forPath = pick(valueTypes);
        if (!impls.add(trait.path() + " for " + forPath)) {
            return null;
        }
        List<ImplMethod> methods = new ArrayList<>();
        for (TraitMethod m : trait.methods()) {
            if (m.defaultSymbol() == null || r.nextBoolean()) {
                methods.add(new ImplMethod(m.name(), symbol("impl")));
            }
        }
        return new Item.Impl(Item.Impl.pathFor(Path.of(crate), trait.path(), forPath.toString()), trait.path(),
                new Type.Named(forPath), methods);
    }

    private Item.Function function() {
        Path path = newPath();
        boolean external = r.nextInt(5) == 0;
        String abi = external || r.nextInt(4) == 0 ? "C" : "Rust";
        FnSig sig = new FnSig(abi, params(r.nextInt(5), false), r.nextBoolean() ? Type.UNIT : sized(3, false), effects());
        return new Item.Function(path, visibility(), external ? path.name() + "_" + serial++ : symbol("fn"), external, sig);
    }

    private Item.TypeAlias alias() {
        Path path = newPath();
        Item.TypeAlias a = new Item.TypeAlias(path, visibility(), sized(3, false));
        valueTypes.add(path);
        return a;
    }

    private Repr repr(PrimKind intType) {
        int k = r.nextInt(6);
        Repr.Kind kind = k < 3 ? Repr.Kind.RUST : k < 5 ? Repr.Kind.C : Repr.Kind.TRANSPARENT;
        if (intType != null && kind == Repr.Kind.TRANSPARENT) {
            kind = Repr.Kind.C;
        }
        int packed = 0;
        int align = 0;
        if (kind != Repr.Kind.TRANSPARENT && intType == null) {
            int m = r.nextInt(5);
            if (m == 0) {
                packed = 1 << r.nextInt(3);
            } else if (m == 1) {
                align = 1 << (3 + r.nextInt(10));
            }
        }
        return new Repr(kind, packed, align, intType);
    }

    private List<Field> fields(Shape shape, int n) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = shape == Shape.TUPLE ? Integer.toString(i) : name("f", i);
            Field f = new Field(name, visibility(), sized(3, false));
            // some fields get a default (STEG version 2), chosen without drawing from r so that the crates
            // every seed gave before stay the same otherwise
            int h = Math.floorMod((name + fields.size() + f.type()).hashCode(), 97);
            if (h % 5 == 0) {
                f = new Field(f.name(), f.visibility(), f.type(), java.math.BigInteger.valueOf(h - 48).shiftLeft(h % 70));
            }
            fields.add(f);
        }
        return fields;
    }

    private List<Param> params(int n, boolean inTrait) {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            params.add(new Param(name("p", i), sized(3, inTrait)));
        }
        return params;
    }

    private TreeSet<String> effects() {
        TreeSet<String> effects = new TreeSet<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            effects.add(pick(EFFECTS));
        }
        return effects;
    }

    /** A type with a known size. */
    private Type sized(int depth, boolean self) {
        int k = depth <= 0 ? r.nextInt(2) : r.nextInt(12);
        switch (k) {
            case 0:
                return new Type.Prim(pick(SIZED_PRIMS));
            case 1:
                return valueTypes.isEmpty() ? new Type.Prim(PrimKind.U32) : new Type.Named(pick(valueTypes));
            case 2:
                return new Type.Array(sized(depth - 1, self), r.nextInt(8) == 0 ? Long.MAX_VALUE >> r.nextInt(40) : r.nextInt(17));
            case 3: {
                List<Type> elements = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    elements.add(sized(depth - 1, self));
                }
                return new Type.Tuple(elements);
            }
            case 4:
            case 5:
                return new Type.Ref(r.nextBoolean(), pointee(depth - 1, self));
            case 6:
                return new Type.RawPtr(r.nextBoolean(), pointee(depth - 1, self));
            case 7:
                return new Type.BoxOf(pointee(depth - 1, self));
            case 8:
                return new Type.OptionOf(sized(depth - 1, self));
            case 9: {
                List<Type> params = new ArrayList<>();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    params.add(sized(depth - 1, self));
                }
                return new Type.FnPtr(r.nextBoolean() ? "Rust" : "C", params, sized(depth - 1, self));
            }
            case 10:
                return self && r.nextBoolean() ? new Type.Ref(false, Type.SELF) : new Type.Prim(PrimKind.BOOL);
            default:
                return new Type.Prim(pick(new PrimKind[] {PrimKind.U8, PrimKind.I64, PrimKind.F32, PrimKind.CHAR}));
        }
    }

    /** A type that may sit behind a pointer: sized or not. */
    private Type pointee(int depth, boolean self) {
        switch (r.nextInt(6)) {
            case 0:
                return Type.STR;
            case 1:
                return new Type.Slice(sized(depth - 1, self));
            case 2:
                return traits.isEmpty() ? Type.STR : new Type.Dyn(pick(traits).path());
            case 3:
                return self ? Type.SELF : sized(depth, false);
            default:
                return sized(depth, self);
        }
    }

    /** A discriminant in the range of {@code t}, biased towards the ends and small values. */
    private BigInteger discriminant(PrimKind t) {
        int bits = switch (t) {
            case U8, I8 -> 8;
            case U16, I16 -> 16;
            case U32, I32 -> 32;
            case U128, I128 -> 128;
            default -> 64;
        };
        BigInteger min = t.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = t.isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        switch (r.nextInt(4)) {
            case 0:
                return min.add(BigInteger.valueOf(r.nextInt(3)));
            case 1:
                return max.subtract(BigInteger.valueOf(r.nextInt(3)));
            case 2:
                return min.add(new BigInteger(bits, r)).min(max);
            default:
                return BigInteger.valueOf(r.nextInt(100)).add(min.signum() < 0 ? BigInteger.valueOf(-50) : BigInteger.ZERO);
        }
    }

    private Path newPath() {
        String name = pick(BASES) + serial++;
        return r.nextBoolean() ? Path.of(crate, name) : Path.of(crate, pick(MODULES), name);
    }

    private String symbol(String kind) {
        return crate + "_" + kind + "_" + serial++;
    }

    /** A name unique within its list by its index, sometimes with a non-ASCII stem. */
    private String name(String stem, int i) {
        return (r.nextInt(5) == 0 ? pick(BASES) : stem) + i;
    }

    private Visibility visibility() {
        return pick(Visibility.values());
    }

    private <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    private <T> T pick(List<T> a) {
        return a.get(r.nextInt(a.size()));
    }
}
