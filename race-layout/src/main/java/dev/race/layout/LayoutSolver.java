package dev.race.layout;

import dev.race.steg.model.TypeText;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Solves the layout of every type of a link. All crates are solved together: a type of one crate may embed
 * another crate's type by value. Each type is solved once and memoized; errors are {@link LayoutException}s.
 *
 * <p>Structs use the {@link LayoutStrategy} their repr names (C → "c", TRANSPARENT → "transparent",
 * none → "race", {@code strategy = "name"} → "name"), from the {@link LayoutStrategies} the solver is built with
 * ({@link LayoutStrategies#current()} unless given). Enums (and
 * {@code Option<T>}, which is exactly {@code enum { None, Some(T) }}) follow rustc's algorithm: see
 * {@code docs/layout.md}.
 *
 * <p>Not thread-safe: the memo tables are plain maps. Use one solver per thread, or solve everything with
 * {@link #solveAll()} first and share only the returned immutable {@link LayoutResult}.
 */
public final class LayoutSolver {
    private final TargetSpec target;
    private final List<Crate> crates;
    private final Map<Path, Item> items = new LinkedHashMap<>();
    private final LayoutStrategies strategies;
    private final Map<Path, TypeLayout> byPath = new HashMap<>();
    private final Map<Type, TypeLayout> byType = new HashMap<>();
    /**
     * For each solved enum (by identity: layouts are memoized), the value each variant's tag or niche holds;
     * null for the dataful variant of a niche-encoded enum.
     */
    private final Map<TypeLayout, BigInteger[]> tagValues = new IdentityHashMap<>();
    private final Set<Path> inProgress = new LinkedHashSet<>();
    private final Map<Type, Boolean> uninhabitedMemo = new HashMap<>();

    /** A solver using {@link LayoutStrategies#current()}: the strategies of the caller's class path. */
    public LayoutSolver(TargetSpec target, List<Crate> crates) {
        this(target, crates, LayoutStrategies.current());
    }

    /** A solver using the given strategies (for a strategy jar loaded by a class loader of the caller's own). */
    public LayoutSolver(TargetSpec target, List<Crate> crates, LayoutStrategies strategies) {
        this.target = Objects.requireNonNull(target);
        this.crates = List.copyOf(crates);
        for (Crate c : this.crates) {
            for (Item it : c.items()) {
                if (items.putIfAbsent(it.path(), it) != null) {
                    throw new IllegalArgumentException("item " + it.path() + " is declared by two crates");
                }
            }
        }
        this.strategies = Objects.requireNonNull(strategies);
    }

    public TargetSpec target() {
        return target;
    }

    /** The names of the strategies found on the class path, sorted. */
    public List<String> strategyNames() {
        return strategies.names();
    }

    /** Every struct and enum of every crate, crate order then declaration order; errors are collected. */
    public LayoutResult solveAll() {
        return solveAll(() -> { });
    }

    /**
     * {@link #solveAll()} that calls {@code checkpoint} before each struct and enum: a caller that wants to stop a
     * long solve (a cancelled link) throws from it, and the exception leaves this method. The layouts solved so far
     * stay memoized in this solver.
     */
    public LayoutResult solveAll(Runnable checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        List<TypeLayout> layouts = new ArrayList<>();
        List<LayoutException> errors = new ArrayList<>();
        for (Crate c : crates) {
            for (Item it : c.items()) {
                if (it instanceof Item.Struct || it instanceof Item.Enum) {
                    checkpoint.run();
                    try {
                        layouts.add(layout(it.path()));
                    } catch (LayoutException e) {
                        errors.add(e);
                    }
                }
            }
        }
        return new LayoutResult(layouts, errors);
    }

    /** The layout of a struct, an enum, or an alias (the layout of its target). */
    public TypeLayout layout(Path item) {
        TypeLayout done = byPath.get(item);
        if (done != null) return done;
        Item it = items.get(item);
        if (it == null) throw new LayoutException(item, "unknown type " + item);
        if (!inProgress.add(item)) {
            List<String> chain = new ArrayList<>();
            boolean on = false;
            for (Path p : inProgress) {
                if (p.equals(item)) on = true;
                if (on) chain.add(p.toString());
            }
            chain.add(item.toString());
            throw new LayoutException(item, "by-value cycle: " + String.join(" -> ", chain)
                    + " (a type cannot contain itself; put a pointer or Box in the cycle)");
        }
        try {
            TypeLayout l;
            if (it instanceof Item.Struct s) l = layoutStruct(s);
            else if (it instanceof Item.Enum e) l = layoutEnum(e);
            else if (it instanceof Item.TypeAlias a) l = layout(a.target(), item);
            else throw new LayoutException(item, item + " is a " + kind(it) + ", not a type with a layout");
            byPath.put(item, l);
            return l;
        } catch (ArithmeticException e) {
            throw new LayoutException(item, "size overflows a signed 64-bit integer");
        } finally {
            inProgress.remove(item);
        }
    }

    /** The layout of any sized type. */
    public TypeLayout layout(Type type) {
        try {
            return layout(type, null);
        } catch (ArithmeticException e) {
            throw new LayoutException(null, TypeText.of(type) + ": size overflows a signed 64-bit integer");
        }
    }

    /**
     * The init image of struct {@code type} for the linked versions: {@code size} bytes, zero except that each
     * field with a default holds it (little-endian two's complement at the field's size; both RACE targets are
     * little-endian), and each field whose type is a struct, or an array of structs, holds that struct's own
     * image (recursively). Deterministic: the same crates give the same bytes. A type that is not a struct (after
     * aliases) is a LayoutException.
     */
    public byte[] initImage(Path type) {
        Item.Struct s = struct(type);
        if (s == null) {
            throw new LayoutException(type, type + " is not a struct: only a struct has an init image");
        }
        TypeLayout l = layout(type);
        if (l.size() > Integer.MAX_VALUE - 8) {
            throw new LayoutException(type, "the init image of " + type + " (" + l.size() + " bytes) is too large");
        }
        byte[] out = new byte[(int) l.size()];
        fillImage(s, l, out, 0);
        return out;
    }

    /** The struct an item path names, through aliases; null when it is something else or unknown. */
    private Item.Struct struct(Path p) {
        Set<Path> seen = new HashSet<>();
        Item it = items.get(p);
        while (it instanceof Item.TypeAlias a && a.target() instanceof Type.Named n && seen.add(a.path())) {
            it = items.get(n.path());
        }
        return it instanceof Item.Struct s ? s : null;
    }

    private void fillImage(Item.Struct s, TypeLayout l, byte[] out, long base) {
        for (Field f : s.fields()) {
            FieldLayout fl = l.field(f.name());
            if (fl == null) continue;
            if (f.hasDefault()) {
                byte[] be = f.defaultValue().toByteArray();
                for (long i = 0; i < fl.size(); i++) {
                    int fromEnd = (int) i;
                    byte b = fromEnd < be.length ? be[be.length - 1 - fromEnd]
                            : (byte) (f.defaultValue().signum() < 0 ? 0xff : 0);
                    out[(int) (base + fl.offset() + i)] = b;
                }
                continue;
            }
            Type t = f.type();
            long count = 1;
            while (t instanceof Type.Array a) {
                count = Math.multiplyExact(count, a.length());
                t = a.element();
            }
            if (t instanceof Type.Named n) {
                Item.Struct inner = struct(n.path());
                if (inner != null && count > 0) {
                    TypeLayout il = layout(n.path());
                    for (long k = 0; k < count; k++) {
                        fillImage(inner, il, out, base + fl.offset() + k * il.size());
                    }
                }
            }
        }
    }

    public long sizeOf(Path type) {
        return layout(type).size();
    }

    public long alignOf(Path type) {
        return layout(type).align();
    }

    /**
     * The offset of a member from the start of {@code type}. The member path goes through named struct fields
     * and tuple fields ("0", "1" ...); when the current type is an enum (or an Option) the next segment names a
     * variant and the one after it a field of that variant.
     */
    public long offsetOf(Path type, List<String> memberPath) {
        if (memberPath.isEmpty()) throw new LayoutException(type, "empty member path");
        TypeLayout cur = layout(type);
        long off = 0;
        StringBuilder where = new StringBuilder(type.toString());
        for (int i = 0; i < memberPath.size(); i++) {
            String m = memberPath.get(i);
            List<FieldLayout> candidates;
            if (cur.encoding() != TypeLayout.Encoding.NONE) {
                VariantLayout v = cur.variant(m);
                if (v == null) {
                    throw new LayoutException(type, "no variant `" + m + "` in " + where + " (enum "
                            + cur.display() + "); its variants are: " + names(cur.variants().stream()
                            .map(VariantLayout::name).toList()));
                }
                where.append("::").append(m);
                if (++i == memberPath.size()) return off;
                m = memberPath.get(i);
                candidates = v.fields();
            } else {
                candidates = cur.fields();
            }
            FieldLayout f = null;
            for (FieldLayout c : candidates) if (c.name().equals(m)) f = c;
            if (f == null) {
                throw new LayoutException(type, "no field `" + m + "` in " + where + " (type " + cur.display()
                        + "); its fields are: " + names(candidates.stream().map(FieldLayout::name).toList()));
            }
            off += f.offset();
            where.append('.').append(m);
            if (i + 1 < memberPath.size()) cur = layout(f.type(), type);
        }
        return off;
    }

    /**
     * What the {@code __race_tag_} marker of {@code variant} answers: the bit pattern the tag (or niche) holds, as an
     * unsigned number of the tag's width ({@code -2} in an {@code i16} tag is {@code 0xFFFE}), so that code which
     * loads the tag at its width compares equal, and so that the constant fits the zero-extended 32-bit immediates
     * compilers use for symbol addresses (a 4-byte tag always does). An enum with no stored tag answers
     * {@link #tagOf}.
     */
    public BigInteger tagMarkerValue(Path enumType, String variant) {
        return markerValue(layout(enumType).tag(), tagOf(enumType, variant));
    }

    private static BigInteger markerValue(TagLayout tag, BigInteger value) {
        if (tag == null || value == null) return value;
        return value.and(BigInteger.ONE.shiftLeft(8 * (int) tag.size()).subtract(BigInteger.ONE));
    }

    /**
     * The value the enum's tag (or niche) holds when it is {@code variant}: the discriminant for a tagged (or
     * single-variant) enum, the niche value for the other variants of a niche-encoded one.
     */
    public BigInteger tagOf(Path enumType, String variant) {
        TypeLayout l = layout(enumType);
        if (l.encoding() == TypeLayout.Encoding.NONE) {
            throw new LayoutException(enumType, enumType + " is not an enum");
        }
        int idx = -1;
        for (int i = 0; i < l.variants().size(); i++) if (l.variants().get(i).name().equals(variant)) idx = i;
        if (idx < 0) {
            throw new LayoutException(enumType, "no variant `" + variant + "` in enum " + enumType
                    + "; its variants are: " + names(l.variants().stream().map(VariantLayout::name).toList()));
        }
        BigInteger v = tagValues.get(l)[idx];
        if (l.encoding() == TypeLayout.Encoding.EMPTY) {
            throw new LayoutException(enumType, "enum " + enumType + " is uninhabited: no variant, `" + variant
                    + "` included, can hold a value, so none has a tag");
        }
        if (v == null) {
            throw new LayoutException(enumType, "variant `" + variant + "` is the dataful variant of niche-encoded "
                    + "enum " + enumType + ": no tag value denotes it (it is every value outside the other "
                    + "variants' niche values)");
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------------
    // types

    private TypeLayout layout(Type type, Path ctx) {
        if (type instanceof Type.Named n) {
            if (ctx != null && !items.containsKey(n.path())) {
                throw new LayoutException(ctx, "unknown type " + n.path() + " (no crate of the link declares it)");
            }
            return layout(n.path());
        }
        TypeLayout done = byType.get(type);
        if (done != null) return done;
        TypeLayout l = compute(type, ctx);
        byType.put(type, l);
        return l;
    }

    private TypeLayout compute(Type type, Path ctx) {
        String display = TypeText.of(type);
        if (type instanceof Type.Prim p) {
            PrimKind k = p.kind();
            Niche niche = switch (k) {
                case BOOL -> new Niche(0, 1, BigInteger.ZERO, BigInteger.ONE);
                // a Unicode scalar value; the surrogate gap is not a niche in rustc either
                case CHAR -> new Niche(0, target.sizeOf(k), BigInteger.ZERO, BigInteger.valueOf(0x10FFFF));
                default -> null;
            };
            return anon(display, target.sizeOf(k), target.alignOf(k), "prim", List.of(), niche);
        }
        if (type instanceof Type.Array a) {
            TypeLayout e = layout(a.element(), ctx);
            long size = Math.multiplyExact(e.size(), a.length());
            return anon(display, size, e.align(), "array", List.of(), a.length() > 0 ? e.niche() : null);
        }
        if (type instanceof Type.Tuple t) {
            List<FieldLayout> fs = new ArrayList<>();
            List<Niche> niches = new ArrayList<>();
            for (int i = 0; i < t.elements().size(); i++) {
                TypeLayout e = layout(t.elements().get(i), ctx);
                fs.add(new FieldLayout(Integer.toString(i), t.elements().get(i), 0, e.size(), e.align()));
                niches.add(e.niche());
            }
            // tuples are laid out as a repr(Rust) struct whose last element stays last
            FieldPlacer.Placed p = FieldPlacer.tuple(SolverSupport.inputs(fs, niches));
            return anon(display, p.size(), p.align(), "tuple", placeFields(fs, p.offsets()), p.niche());
        }
        if (type instanceof Type.Ref r) return pointer(display, r.target(), true);
        if (type instanceof Type.BoxOf b) return pointer(display, b.target(), true);
        if (type instanceof Type.RawPtr r) return pointer(display, r.target(), false);
        if (type instanceof Type.FnPtr) return pointer(display, Type.UNIT, true);
        if (type instanceof Type.OptionOf o) {
            List<Variant> vs = List.of(
                    new Variant("None", Shape.UNIT, List.of(), null),
                    new Variant("Some", Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC,
                            o.inner())), null));
            return solveEnum(null, display, Repr.DEFAULT, false, resilientByValue(o.inner()), vs, ctx);
        }
        if (type instanceof Type.Str || type instanceof Type.Slice || type instanceof Type.Dyn) {
            throw new LayoutException(ctx, "unsized type `" + display + "` cannot be used by value (only behind "
                    + "&, &mut, *const, *mut or Box)");
        }
        if (type instanceof Type.SelfType) {
            throw new LayoutException(ctx, "`Self` has no layout here (it is only meaningful behind a pointer in "
                    + "a trait or impl)");
        }
        throw new LayoutException(ctx, "no layout for " + display);
    }

    /**
     * A pointer is one word when its target is sized, two (data, metadata) when it is str, [T] (length) or
     * dyn Trait (vtable). References, Box and fn pointers are never null: valid range 1..=max on the data word.
     * A vtable pointer is never null either, even in a raw {@code *const dyn Trait}: that is its niche then.
     */
    private TypeLayout pointer(String display, Type pointee, boolean nonNull) {
        boolean fat = pointee instanceof Type.Str || pointee instanceof Type.Slice || pointee instanceof Type.Dyn;
        int w = target.pointerSize();
        BigInteger max = BigInteger.ONE.shiftLeft(8 * w).subtract(BigInteger.ONE);
        Niche niche = null;
        if (nonNull) niche = new Niche(0, w, BigInteger.ONE, max);
        else if (pointee instanceof Type.Dyn) niche = new Niche(w, w, BigInteger.ONE, max);
        return anon(display, fat ? 2L * w : w, target.pointerAlign(), "pointer", List.of(), niche);
    }

    private static TypeLayout anon(String display, long size, long align, String strategy, List<FieldLayout> fields,
                                   Niche niche) {
        return new TypeLayout(null, display, size, align, strategy, false, fields, List.of(),
                TypeLayout.Encoding.NONE, null, niche);
    }

    // ---------------------------------------------------------------------------------------------------
    // structs

    private TypeLayout layoutStruct(Item.Struct s) {
        String name = switch (s.repr().kind()) {
            case C -> "c";
            case TRANSPARENT -> "transparent";
            case RUST -> "race";
            case STRATEGY -> s.repr().strategy();
        };
        if (s.repr().packed() != 0 && s.repr().align() != 0) {
            throw new LayoutException(s.path(), "a struct cannot be both packed and align(N)");
        }
        checkPow2(s.path(), "packed", s.repr().packed());
        checkPow2(s.path(), "align", s.repr().align());
        LayoutStrategy strategy = strategy(s, name);
        List<FieldLayout> fs = new ArrayList<>();
        List<Niche> niches = new ArrayList<>();
        for (Field f : s.fields()) {
            TypeLayout fl = layout(f.type(), s.path());
            fs.add(new FieldLayout(f.name(), f.type(), 0, fl.size(), fl.align()));
            niches.add(fl.niche());
        }
        StructPlacement p;
        try {
            p = strategy.place(List.copyOf(fs), Collections.unmodifiableList(niches), s.repr(), target);
        } catch (LayoutException e) {
            throw e.item() == null ? new LayoutException(s.path(), e.getMessage()) : e;
        }
        long[] offsets = p.offsets();
        if (offsets.length != fs.size()) {
            throw new IllegalStateException("strategy " + name + " placed " + offsets.length + " of " + fs.size()
                    + " fields of " + s.path());
        }
        Niche niche = FieldPlacer.nicheOf(SolverSupport.inputs(fs, niches), offsets, p.size());
        return new TypeLayout(s.path(), s.path().toString(), p.size(), p.align(), name, s.frozen(),
                placeFields(fs, offsets), List.of(), TypeLayout.Encoding.NONE, null, niche);
    }

    /**
     * The strategy that places {@code s}: a name nobody provides, or a provider of another version than the one the
     * crate recorded, is a LayoutException naming the strategy, the crate and where a strategy comes from.
     */
    private LayoutStrategy strategy(Item.Struct s, String name) {
        LayoutStrategy strategy;
        try {
            strategy = strategies.get(name);
        } catch (LayoutException e) {
            throw new LayoutException(s.path(), e.getMessage());
        }
        String crate = s.path().crate();
        if (strategy == null) {
            throw new LayoutException(s.path(), "crate " + crate + " lays out struct " + s.path() + " with layout "
                    + "strategy `" + name + "`, which nothing on the class path provides (provided: "
                    + String.join(", ", strategies.names()) + "): " + strategies.remedy());
        }
        int recorded = s.repr().strategyVersion();
        if (recorded != 0 && recorded != strategy.version()) {
            throw new LayoutException(s.path(), "crate " + crate + " was built with version " + recorded
                    + " of layout strategy `" + name + "`, but the class path provides version " + strategy.version()
                    + " (" + strategy.getClass().getName() + "): the two may place " + s.path() + " differently; "
                    + "put the jar of version " + recorded + " on the class path, or rebuild crate " + crate
                    + " with version " + strategy.version());
        }
        return strategy;
    }

    private static void checkPow2(Path item, String what, int n) {
        if (n != 0 && Integer.bitCount(n) != 1) {
            throw new LayoutException(item, what + "(" + n + ") is not a power of two");
        }
    }

    private static List<FieldLayout> placeFields(List<FieldLayout> fs, long[] offsets) {
        List<FieldLayout> out = new ArrayList<>(fs.size());
        for (int i = 0; i < fs.size(); i++) {
            FieldLayout f = fs.get(i);
            out.add(new FieldLayout(f.name(), f.type(), offsets[i], f.size(), f.align()));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------
    // enums

    private TypeLayout layoutEnum(Item.Enum e) {
        return solveEnum(e.path(), e.path().toString(), e.repr(), e.frozen(), hasStableTag(e), e.variants(),
                e.path());
    }

    /**
     * Whether the enum gets the stable encoding (a {@value #STABLE_TAG_SIZE}-byte tag at offset 0, see
     * {@link #stableTagged}): it is resilient, neither {@code #[frozen]} nor {@code #[repr(C)]} nor {@code #[repr(int)]}.
     */
    public static boolean hasStableTag(Item.Enum e) {
        return !e.frozen() && e.repr().kind() == Repr.Kind.RUST && e.repr().intType() == null;
    }

    /**
     * Whether {@code t} holds, by value, a type whose layout may change between versions: a struct or enum that
     * is not {@code #[frozen]} (directly, or inside an array, tuple or Option). Pointers do not count: their
     * layout never depends on the pointee's.
     */
    private boolean resilientByValue(Type t) {
        if (t instanceof Type.Array a) return resilientByValue(a.element());
        if (t instanceof Type.Tuple tu) return tu.elements().stream().anyMatch(this::resilientByValue);
        if (t instanceof Type.OptionOf o) return resilientByValue(o.inner());
        if (t instanceof Type.Named n) {
            Item it = items.get(n.path());
            if (it instanceof Item.Struct s) return !s.frozen();
            if (it instanceof Item.Enum e) return !e.frozen();
            if (it instanceof Item.TypeAlias a) return resilientByValue(a.target());
        }
        return false;
    }

    /** One variant's fields with their own layouts. */
    private record Member(Field field, TypeLayout layout) {
        FieldPlacer.In in() {
            return new FieldPlacer.In(layout.size(), layout.align(), layout.niche());
        }
    }

    /** A candidate enum layout before it becomes a TypeLayout. */
    private record Candidate(long size, long align, TypeLayout.Encoding encoding, TagLayout tag, Niche niche,
                             List<long[]> offsets, BigInteger[] values) {
        BigInteger nicheAvail() {
            return niche == null ? BigInteger.ZERO : niche.available();
        }
    }

    /** An integer type for a tag: its size in bytes and signedness. */
    private record Int(int size, boolean signed) {
        BigInteger mask() {
            return BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE);
        }
    }

    /**
     * {@code stable}: the enum's layout may change between versions (a resilient enum, or an Option of a resilient
     * type), so it gets the one encoding that every accepted change keeps readable by old code: see
     * {@link #stableTagged}.
     */
    private TypeLayout solveEnum(Path path, String display, Repr repr, boolean frozen, boolean stable,
                                 List<Variant> variants, Path ctx) {
        if (repr.kind() == Repr.Kind.STRATEGY) {
            throw new LayoutException(ctx, "an enum cannot name a layout strategy (`" + repr.strategy() + "`): "
                    + "a strategy places the fields of a struct; enums are laid out by RACE's enum rules");
        }
        if (repr.kind() != Repr.Kind.RUST && repr.kind() != Repr.Kind.C && variants.size() != 1) {
            throw new LayoutException(ctx, "repr(transparent) on an enum needs exactly one variant");
        }
        checkPow2(ctx, "align", repr.align());
        if (repr.packed() != 0) throw new LayoutException(ctx, "an enum cannot be packed");
        List<List<Member>> members = new ArrayList<>();
        for (Variant v : variants) {
            List<Member> ms = new ArrayList<>();
            for (Field f : v.fields()) ms.add(new Member(f, layout(f.type(), ctx)));
            members.add(ms);
        }
        BigInteger[] discr = discriminants(variants);
        boolean reprC = repr.kind() == Repr.Kind.C;
        // repr(C) and repr(int) fix the representation: no single-variant shortcut, no niche, no reordering
        boolean inhibit = reprC || repr.intType() != null;

        // A variant is absent when it cannot exist (a field is uninhabited, e.g. `!`) and takes no room (all
        // its fields are zero-sized with alignment 1): rustc leaves it out of the layout entirely.
        int n = variants.size();
        boolean[] uninhabited = new boolean[n];
        boolean[] absent = new boolean[n];
        int present = 0;
        int firstPresent = -1;
        for (int i = 0; i < n; i++) {
            uninhabited[i] = members.get(i).stream().anyMatch(m -> uninhabited(m.field().type()));
            absent[i] = uninhabited[i] && members.get(i).stream()
                    .allMatch(m -> m.layout().size() == 0 && m.layout().align() == 1);
            if (!absent[i]) {
                present++;
                if (firstPresent < 0) firstPresent = i;
            }
        }

        Candidate best;
        if (stable) {
            best = stableTagged(ctx, repr, members, discr);
        } else if (present == 0) {
            // uninhabited (no variant can exist): rustc gives it the never type's layout
            best = new Candidate(0, Math.max(1, repr.align()), TypeLayout.Encoding.EMPTY, null, null,
                    zeroOffsets(members), new BigInteger[n]);
        } else if (present == 1 && !inhibit) {
            // a lone (present) variant is a plain repr(Rust) struct; its discriminant is not stored
            FieldPlacer.Placed p = FieldPlacer.univariant(ins(members.get(firstPresent)), 0, repr.align(), 0, 1,
                    false, true);
            List<long[]> offsets = zeroOffsets(members);
            offsets.set(firstPresent, p.offsets());
            best = new Candidate(p.size(), p.align(), TypeLayout.Encoding.SINGLE, null, p.niche(), offsets, discr);
        } else {
            best = tagged(ctx, repr, members, discr, inhibit, reprC, uninhabited);
            if (!inhibit) {
                Candidate niche = nicheFilling(repr, members, absent);
                if (niche != null) {
                    int bySize = Long.compare(best.size(), niche.size());
                    if (bySize > 0 || bySize == 0 && best.nicheAvail().compareTo(niche.nicheAvail()) < 0) {
                        best = niche;
                    }
                }
            }
        }
        List<VariantLayout> vls = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            List<FieldLayout> fs = new ArrayList<>();
            long[] off = best.offsets().get(i);
            for (int j = 0; j < members.get(i).size(); j++) {
                Member m = members.get(i).get(j);
                fs.add(new FieldLayout(m.field().name(), m.field().type(), off[j], m.layout().size(),
                        m.layout().align()));
            }
            vls.add(new VariantLayout(variants.get(i).name(), discr[i], markerValue(best.tag(), best.values()[i]), fs));
        }
        TypeLayout l = new TypeLayout(path, display, best.size(), best.align(), "enum", frozen, List.of(), vls,
                best.encoding(), best.tag(), best.niche());
        tagValues.put(l, best.values());
        return l;
    }

    /** The width of a resilient enum's tag, in bytes: fixed, so that no accepted change can resize it. */
    public static final int STABLE_TAG_SIZE = 4;

    /**
     * The layout of an enum whose variants or payloads may change under code compiled against an older version
     * (docs/layout.md, "Resilient enums"): always a 4-byte tag at offset 0 holding the discriminant (signed when one
     * is negative), every variant present and tagged (even a lone or uninhabited one), each variant's fields after
     * the tag, and no niche offered to an enclosing type. Old code then reads and writes the tag at the same place
     * and width whatever variants a later version adds, and finds the values through tag markers.
     */
    private Candidate stableTagged(Path ctx, Repr repr, List<List<Member>> members, BigInteger[] discr) {
        boolean signed = false;
        for (BigInteger d : discr) signed |= d.signum() < 0;
        Int ity = new Int(STABLE_TAG_SIZE, signed);
        for (BigInteger d : discr) {
            if (!fits(d, ity)) {
                throw new LayoutException(ctx, "discriminant " + d + " does not fit the 32-bit tag of a resilient "
                        + "enum (its tag is always 4 bytes, so that a new variant can never move or resize it); "
                        + "mark the enum #[frozen] or give it a #[repr(i64)]");
            }
        }
        long prefixAlign = intAlign(ity.size());
        long size = ity.size();
        long align = prefixAlign;
        List<long[]> offsets = new ArrayList<>();
        for (List<Member> ms : members) {
            FieldPlacer.Placed p = FieldPlacer.univariant(ins(ms), 0, repr.align(), ity.size(), prefixAlign, true,
                    true);
            size = Math.max(size, p.size());
            align = Math.max(align, p.align());
            offsets.add(p.offsets());
        }
        if (repr.align() > 0) align = Math.max(align, repr.align());
        size = FieldPlacer.roundUp(size, align);
        return new Candidate(size, align, TypeLayout.Encoding.TAGGED, new TagLayout(0, ity.size(), ity.signed()),
                null, offsets, discr.clone());
    }

    private static List<long[]> zeroOffsets(List<List<Member>> members) {
        List<long[]> out = new ArrayList<>();
        for (List<Member> ms : members) out.add(new long[ms.size()]);
        return out;
    }

    /**
     * Whether no value of {@code t} can exist: {@code !}, an enum whose every variant holds such a type (an
     * empty enum included), a struct or tuple holding one, a non-empty array of one. Only called on types
     * already laid out, so there is no cycle to guard against.
     */
    private boolean uninhabited(Type t) {
        Boolean known = uninhabitedMemo.get(t);
        if (known != null) return known;
        boolean r = false;
        if (t instanceof Type.Prim p) r = p.kind() == PrimKind.NEVER;
        else if (t instanceof Type.Array a) r = a.length() > 0 && uninhabited(a.element());
        else if (t instanceof Type.Tuple tu) r = tu.elements().stream().anyMatch(this::uninhabited);
        else if (t instanceof Type.Named n) {
            Item it = items.get(n.path());
            if (it instanceof Item.Struct s) r = s.fields().stream().anyMatch(f -> uninhabited(f.type()));
            else if (it instanceof Item.Enum e) {
                r = e.variants().stream().allMatch(v -> v.fields().stream().anyMatch(f -> uninhabited(f.type())));
            } else if (it instanceof Item.TypeAlias a) r = uninhabited(a.target());
        }
        uninhabitedMemo.put(t, r);
        return r;
    }

    private static List<FieldPlacer.In> ins(List<Member> ms) {
        return ms.stream().map(Member::in).collect(Collectors.toList());
    }

    /** Explicit discriminants, and implicit ones counting up from the previous (from 0). */
    private static BigInteger[] discriminants(List<Variant> variants) {
        BigInteger[] d = new BigInteger[variants.size()];
        BigInteger next = BigInteger.ZERO;
        for (int i = 0; i < d.length; i++) {
            BigInteger explicit = variants.get(i).discriminant();
            d[i] = explicit != null ? explicit : next;
            next = d[i].add(BigInteger.ONE);
        }
        return d;
    }

    /**
     * The tagged layout: the tag at offset 0, each variant's fields after it (a prefixed struct). The tag is
     * the smallest integer holding the discriminant range (signed if any is negative), at least a C int for
     * repr(C), exactly the given type for repr(int). For repr(Rust) the tag then grows into the padding
     * before the variants' first fields (up to the smallest first-field alignment), as rustc does: the size
     * is unchanged but the tag has more invalid values for an enclosing Option to use.
     */
    private Candidate tagged(Path ctx, Repr repr, List<List<Member>> members, BigInteger[] discr, boolean inhibit,
                             boolean reprC, boolean[] uninhabited) {
        // the discriminant range; variants that cannot exist need no tag value (except under repr(C))
        BigInteger min = null;
        BigInteger max = null;
        for (int i = 0; i < discr.length; i++) {
            if (!reprC && uninhabited[i]) continue;
            min = min == null ? discr[i] : min.min(discr[i]);
            max = max == null ? discr[i] : max.max(discr[i]);
        }
        if (min == null) {
            min = BigInteger.ZERO;
            max = BigInteger.ZERO;
        }
        Int minIty;
        if (repr.intType() != null) {
            PrimKind k = repr.intType();
            minIty = new Int(target.sizeOf(k), k.isSigned());
            if (!fits(min, minIty) || !fits(max, minIty)) {
                throw new LayoutException(ctx, "discriminant " + (fits(min, minIty) ? max : min)
                        + " does not fit in the repr type " + k.rustName());
            }
        } else {
            int atLeast = reprC ? target.sizeOf(PrimKind.I32) : 1;
            boolean signed = min.signum() < 0;
            int size = atLeast;
            while (size <= 16 && !(fits(min, new Int(size, signed)) && fits(max, new Int(size, signed)))) size *= 2;
            if (size > 16) throw new LayoutException(ctx, "discriminants do not fit in 128 bits");
            minIty = new Int(size, signed);
        }
        long prefixAlign = intAlign(minIty.size());
        if (reprC) {
            for (List<Member> ms : members) for (Member m : ms) prefixAlign = Math.max(prefixAlign, m.layout().align());
        }
        long size = 0;
        long align = 1;
        long startAlign = 256;
        List<long[]> offsets = new ArrayList<>();
        for (List<Member> ms : members) {
            FieldPlacer.Placed p = FieldPlacer.univariant(ins(ms), 0, repr.align(), minIty.size(), prefixAlign,
                    true, !inhibit);
            long[] off = p.offsets();
            Integer[] order = new Integer[off.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, Comparator.comparingLong(i -> off[i]));
            for (int i : order) {
                TypeLayout fl = ms.get(i).layout();
                if (!(fl.size() == 0 && fl.align() == 1)) {
                    startAlign = Math.min(startAlign, fl.align());
                    break;
                }
            }
            size = Math.max(size, p.size());
            align = Math.max(align, p.align());
            offsets.add(off);
        }
        if (repr.align() > 0) align = Math.max(align, repr.align());
        size = FieldPlacer.roundUp(size, align);
        Int ity = minIty;
        if (!inhibit && startAlign <= 16 && startAlign > minIty.size() && intAlign((int) startAlign) == startAlign) {
            ity = new Int((int) startAlign, minIty.signed());
        }
        BigInteger mask = ity.mask();
        Niche tagNiche = new Niche(0, ity.size(), min.and(mask), max.and(mask));
        if (tagNiche.available().signum() == 0) tagNiche = null;
        return new Candidate(size, align, TypeLayout.Encoding.TAGGED, new TagLayout(0, ity.size(), ity.signed()),
                tagNiche, offsets, discr.clone());
    }

    /**
     * The niche-filling layout: the largest variant (the last of the largest, as rustc picks) keeps its fields
     * and the largest niche inside it encodes the other variants, which must each fit entirely before the
     * niche or after it. The niche must have one invalid value per variant index in the range from the first
     * to the last other variant.
     */
    private Candidate nicheFilling(Repr repr, List<List<Member>> members, boolean[] absent) {
        int n = members.size();
        List<FieldPlacer.Placed> ps = new ArrayList<>();
        long align = 1;
        int largest = 0;
        for (int i = 0; i < n; i++) {
            FieldPlacer.Placed p = FieldPlacer.univariant(ins(members.get(i)), 0, repr.align(), 0, 1, false, true);
            ps.add(p);
            align = Math.max(align, p.align());
            if (p.size() >= ps.get(largest).size()) largest = i;
        }
        if (repr.align() > 0) align = Math.max(align, repr.align());
        // the variants that need a niche value: all but the largest and the absent ones
        int first = -1;
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (i == largest || absent[i]) continue;
            if (first < 0) first = i;
            last = i;
        }
        if (first < 0) return null;
        BigInteger count = BigInteger.valueOf(last - first + 1L);
        Niche niche = ps.get(largest).niche();
        if (niche == null) return null;
        Niche.Reservation r = niche.reserve(count);
        if (r == null) return null;
        long size = FieldPlacer.roundUp(ps.get(largest).size(), align);
        List<long[]> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FieldPlacer.Placed p = ps.get(i);
            long[] off = p.offsets();
            if (i != largest && p.size() > niche.offset()) {
                long start = FieldPlacer.roundUp(niche.offset() + niche.size(), p.align());
                if (start + p.size() > size) return null;
                for (int j = 0; j < off.length; j++) off[j] += start;
            }
            offsets.add(off);
        }
        BigInteger[] values = new BigInteger[n];
        BigInteger mask = niche.maxValue();
        for (int i = first; i <= last; i++) {
            if (i != largest && !absent[i]) values[i] = r.first().add(BigInteger.valueOf(i - first)).and(mask);
        }
        Niche remaining = r.niche().available().signum() > 0 ? r.niche() : null;
        return new Candidate(size, align, TypeLayout.Encoding.NICHE, new TagLayout(niche.offset(), niche.size(),
                false), remaining, offsets, values);
    }

    private long intAlign(int size) {
        PrimKind k = switch (size) {
            case 1 -> PrimKind.U8;
            case 2 -> PrimKind.U16;
            case 4 -> PrimKind.U32;
            case 8 -> PrimKind.U64;
            case 16 -> PrimKind.U128;
            default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
        };
        return target.alignOf(k);
    }

    private static boolean fits(BigInteger v, Int t) {
        int bits = 8 * t.size();
        if (t.signed()) {
            return v.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) >= 0
                    && v.compareTo(BigInteger.ONE.shiftLeft(bits - 1)) < 0;
        }
        return v.signum() >= 0 && v.compareTo(BigInteger.ONE.shiftLeft(bits)) < 0;
    }

    private static String kind(Item it) {
        if (it instanceof Item.Trait) return "trait";
        if (it instanceof Item.Function) return "function";
        if (it instanceof Item.Impl) return "impl";
        return "item";
    }

    private static String names(List<String> ns) {
        return ns.isEmpty() ? "(none)" : String.join(", ", ns);
    }
}
