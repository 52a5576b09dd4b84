package dev.race.steg.lang;

import dev.race.steg.model.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded generator of valid crates: every named type reference resolves, no by-value or alias cycle,
 * unsized types only behind pointers, attributes valid. By-value references (and every reference inside
 * an alias) go only to items generated earlier, which is what rules the cycles out.
 */
final class RandomCrates {
    private static final String[] EFFECTS = {"alloc", "panic", "io", "block"};
    private static final List<List<String>> MODULES = List.of(List.of(), List.of(), List.of("m1"),
            List.of("m1", "inner"), List.of("m2"), List.of("dep"));

    private final Random rnd;
    private final String crate;
    private final List<Path> types = new ArrayList<>();      // structs, enums, aliases so far
    private final List<Item.Trait> traits = new ArrayList<>();
    private final Set<String> implKeys = new HashSet<>();
    private int counter;
    /** Structs and enums that are not frozen, and aliases of types holding one by value: a frozen type may not hold them. */
    private final Set<Path> resilient = new HashSet<>();

    RandomCrates(long seed, String crate, Crate dependency) {
        this.rnd = new Random(seed);
        this.crate = crate;
        if (dependency != null) {
            for (Item it : dependency.items()) {
                if (it instanceof Item.Trait t) {
                    traits.add(t);
                } else if (it instanceof Item.Struct || it instanceof Item.Enum || it instanceof Item.TypeAlias) {
                    types.add(it.path());
                    note(it);
                }
            }
        }
    }

    Crate generate(int items) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Path module = Path.of(crate);
            for (String s : MODULES.get(rnd.nextInt(MODULES.size()))) {
                module = module.child(s);
            }
            Path path = module.child("I" + counter++);
            Item item = switch (rnd.nextInt(7)) {
                case 0, 1 -> struct(path);
                case 2 -> enumItem(path);
                case 3 -> trait(path);
                case 4 -> function(path);
                case 5 -> new Item.TypeAlias(path, vis(), sized(2, true));
                default -> impl(module);
            };
            if (item == null) {
                continue;
            }
            out.add(item);
            note(item);
            if (item instanceof Item.Trait t) {
                traits.add(t);
            } else if (!(item instanceof Item.Function) && !(item instanceof Item.Impl)) {
                types.add(path);
            }
        }
        String version = rnd.nextBoolean() ? "1.2.3" : rnd.nextInt(10) + "." + rnd.nextInt(10) + ".0-beta.1+b" + rnd.nextInt(9);
        return new Crate(crate, Version.parse(version), out);
    }

    private void note(Item it) {
        if (it instanceof Item.Struct s && !s.frozen() || it instanceof Item.Enum e && !e.frozen()
                || it instanceof Item.TypeAlias a && holdsResilient(a.target())) {
            resilient.add(it.path());
        }
    }

    private boolean holdsResilient(Type t) {
        if (t instanceof Type.Named n) return resilient.contains(n.path());
        if (t instanceof Type.Array a) return holdsResilient(a.element());
        if (t instanceof Type.Tuple tu) return tu.elements().stream().anyMatch(this::holdsResilient);
        if (t instanceof Type.OptionOf o) return holdsResilient(o.inner());
        return false;
    }

    /** A frozen type holds only frozen types by value (the compiler refuses anything else). */
    private boolean frozenAllowed(List<Field> fields) {
        return fields.stream().noneMatch(f -> holdsResilient(f.type()));
    }

    private Visibility vis() {
        return Visibility.values()[rnd.nextInt(3)];
    }

    private Item struct(Path path) {
        Shape shape = Shape.values()[rnd.nextInt(3)];
        List<Field> fields = fields(shape, true);
        Repr repr = Repr.DEFAULT;
        int pick = rnd.nextInt(6);
        if (pick == 1) {
            repr = new Repr(Repr.Kind.C, 0, 0, null);
        } else if (pick == 2) {
            repr = new Repr(rnd.nextBoolean() ? Repr.Kind.C : Repr.Kind.RUST, 1 << rnd.nextInt(17), 0, null);
        } else if (pick == 3) {
            repr = new Repr(rnd.nextBoolean() ? Repr.Kind.C : Repr.Kind.RUST, 0, 1 << rnd.nextInt(30), null);
        } else if (pick == 4 && fields.size() == 1) {
            repr = new Repr(Repr.Kind.TRANSPARENT, 0, 0, null);
        }
        Visibility vis = vis();
        boolean frozen = rnd.nextBoolean() && frozenAllowed(fields);
        return new Item.Struct(path, vis, repr, frozen, rnd.nextBoolean(), shape, fields);
    }

    private List<Field> fields(Shape shape, boolean withVisibility) {
        List<Field> fields = new ArrayList<>();
        if (shape == Shape.UNIT) {
            return fields;
        }
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = shape == Shape.TUPLE ? Integer.toString(i) : "f" + i;
            fields.add(new Field(name, withVisibility ? vis() : Visibility.PUBLIC, sized(3, true)));
        }
        return fields;
    }

    private Item enumItem(Path path) {
        List<Variant> variants = new ArrayList<>();
        int n = rnd.nextInt(5);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            Shape shape = Shape.values()[rnd.nextInt(3)];
            BigInteger disc = null;
            long value = i == 0 ? 0 : prev + 1;
            if (rnd.nextInt(3) == 0) {
                value = i == 0 ? rnd.nextInt(21) - 10 : prev + 1 + rnd.nextInt(5);
                disc = BigInteger.valueOf(value);
            }
            prev = value;
            variants.add(new Variant("V" + i, shape, fields(shape, false), disc));
        }
        PrimKind[] ints = {null, null, PrimKind.I8, PrimKind.I32, PrimKind.I64, PrimKind.ISIZE};
        Repr repr = new Repr(rnd.nextBoolean() ? Repr.Kind.C : Repr.Kind.RUST, 0,
                rnd.nextInt(4) == 0 ? 1 << rnd.nextInt(8) : 0, ints[rnd.nextInt(ints.length)]);
        Visibility vis = vis();
        boolean frozen = rnd.nextBoolean() && variants.stream().allMatch(v -> frozenAllowed(v.fields()));
        return new Item.Enum(path, vis, repr, frozen, rnd.nextBoolean(), variants);
    }

    private Item trait(Path path) {
        List<TraitMethod> methods = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            List<Param> params = new ArrayList<>();
            switch (rnd.nextInt(5)) {
                case 0 -> params.add(new Param("self", new Type.Ref(false, Type.SELF)));
                case 1 -> params.add(new Param("self", new Type.Ref(true, Type.SELF)));
                case 2 -> params.add(new Param("self", Type.SELF));
                case 3 -> params.add(new Param("self", new Type.BoxOf(Type.SELF)));
                default -> {
                }
            }
            FnSig sig = sig("Rust", params, true);
            methods.add(new TraitMethod("m" + i, sig, rnd.nextBoolean() ? "default_" + counter + "_" + i : null));
        }
        return new Item.Trait(path, vis(), methods);
    }

    private FnSig sig(String abi, List<Param> params, boolean inTrait) {
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            params.add(new Param("p" + i, inTrait && rnd.nextInt(5) == 0 ? new Type.Ref(false, Type.SELF) : sized(2, false)));
        }
        Type ret = rnd.nextInt(3) == 0 ? Type.UNIT : sized(2, false);
        TreeSet<String> effects = new TreeSet<>();
        for (String e : EFFECTS) {
            if (rnd.nextInt(3) == 0) {
                effects.add(e);
            }
        }
        return new FnSig(abi, params, ret, effects);
    }

    private Item function(Path path) {
        boolean external = rnd.nextInt(3) == 0;
        String symbol = rnd.nextBoolean() ? path.name() : "sym_" + path.name().toLowerCase() + (rnd.nextBoolean() ? ".v2" : "");
        return new Item.Function(path, vis(), symbol, external, sig(external ? "C" : "Rust", new ArrayList<>(), false));
    }

    private Item impl(Path module) {
        if (traits.isEmpty() || types.isEmpty()) {
            return null;
        }
        Item.Trait trait = traits.get(rnd.nextInt(traits.size()));
        Type forType = rnd.nextInt(4) == 0 ? new Type.Ref(false, named()) : named();
        Path path = Item.Impl.pathFor(module, trait.path(), StegPrinter.canonicalTypeText(forType));
        if (!implKeys.add(path.toString())) {
            return null;
        }
        List<ImplMethod> methods = new ArrayList<>();
        for (TraitMethod m : trait.methods()) {
            if (rnd.nextBoolean()) {
                methods.add(new ImplMethod(m.name(), "impl_" + counter + "_" + m.name()));
            }
        }
        return new Item.Impl(path, trait.path(), forType, methods);
    }

    private Type named() {
        return new Type.Named(types.get(rnd.nextInt(types.size())));
    }

    /** A sized type; {@code depth} bounds nesting. */
    private Type sized(int depth, boolean allowNever) {
        int choice = rnd.nextInt(depth <= 0 ? 3 : 12);
        return switch (choice) {
            case 0, 1 -> {
                PrimKind k = PrimKind.values()[rnd.nextInt(PrimKind.values().length)];
                yield k == PrimKind.NEVER && !allowNever ? Type.UNIT : Type.prim(k);
            }
            case 2 -> types.isEmpty() ? Type.prim(PrimKind.U32) : named();
            case 3 -> new Type.Array(sized(depth - 1, false), rnd.nextInt(3) == 0 ? rnd.nextInt(1 << 20) : rnd.nextInt(8));
            case 4 -> {
                List<Type> els = new ArrayList<>();
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    els.add(sized(depth - 1, false));
                }
                yield new Type.Tuple(els);
            }
            case 5, 6 -> new Type.Ref(rnd.nextBoolean(), pointee(depth - 1));
            case 7 -> new Type.RawPtr(rnd.nextBoolean(), pointee(depth - 1));
            case 8 -> new Type.BoxOf(pointee(depth - 1));
            case 9 -> new Type.OptionOf(sized(depth - 1, false));
            case 10 -> {
                List<Type> ps = new ArrayList<>();
                int n = rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ps.add(sized(depth - 1, false));
                }
                yield new Type.FnPtr(rnd.nextBoolean() ? "Rust" : "C", ps,
                        rnd.nextBoolean() ? Type.UNIT : sized(depth - 1, true));
            }
            default -> Type.prim(PrimKind.F64);
        };
    }

    private Type pointee(int depth) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Type.STR;
            case 1 -> new Type.Slice(sized(depth, false));
            case 2 -> traits.isEmpty() ? Type.STR : new Type.Dyn(traits.get(rnd.nextInt(traits.size())).path());
            default -> sized(depth, true);
        };
    }
}
