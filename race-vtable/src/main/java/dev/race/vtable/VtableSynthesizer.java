package dev.race.vtable;

import dev.race.codegen.ArgShape;
import dev.race.layout.LayoutException;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TypeLayout;
import dev.race.layout.VariantLayout;
import dev.race.steg.model.Crate;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.TypeText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers vtable questions for one link: the byte offset of a method's slot in any vtable of a trait, and the
 * plan of the vtable of a type as a trait object. Trait methods are identified by (trait path, method name), so
 * slots do not depend on the order in which an importer happened to see them.
 *
 * <p>Layout (docs/vtables.md): three pointer-sized header words (drop glue, size, align); then one pointer per
 * method of each (transitive) supertrait, the supertraits taken depth first in declaration order, each once, a
 * supertrait's own supertraits before it; then one per method of the trait itself in declaration order; then one
 * word per supertrait, in the same order, holding the address of the same type's vtable as that supertrait (what an
 * upcast loads). Every method has a slot, whatever its receiver, so the slot of a method depends only on the
 * declarations of the trait and its supertraits.
 *
 * <p>Drop glue: word 0 is the type's {@code #[drop = "sym"]} symbol, or 0 when it declares none.
 */
public final class VtableSynthesizer {
    /** Header words before the first method slot: drop, size, align. */
    public static final int HEADER_WORDS = 3;

    private final LayoutSolver solver;
    private final List<Crate> crates;
    /** Every impl of the link by (trait, implementing type), with the crates that declare it. */
    private final Map<List<Object>, List<Crate>> implCrates = new HashMap<>();
    private final Map<List<Object>, Item.Impl> impls = new HashMap<>();

    /** {@code crates}: every exporting crate of the link; {@code solver}: their layouts (for size and align). */
    public VtableSynthesizer(LayoutSolver solver, List<Crate> crates) {
        this.solver = solver;
        this.crates = List.copyOf(crates);
        for (Crate c : this.crates) {
            for (Item it : c.items()) {
                if (it instanceof Item.Impl im) {
                    List<Object> key = List.of(im.trait(), im.forType());
                    impls.putIfAbsent(key, im);
                    implCrates.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
                }
            }
        }
    }

    /**
     * Byte offset of {@code method}'s slot in any vtable of {@code trait}. The method may be the trait's own or, when it
     * has none of that name, inherited from a supertrait; a name that two supertraits declare (and the trait does not)
     * is ambiguous and refused.
     */
    public long slotOffset(Path trait, String method) {
        Item.Trait t = trait(trait);
        List<Slot> slots = slots(t);
        long word = solver.target().pointerSize();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).owner().path().equals(trait) && slots.get(i).method().name().equals(method)) {
                return (HEADER_WORDS + i) * word;
            }
        }
        int found = -1;
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).method().name().equals(method)) {
                if (found >= 0) {
                    throw new VtableException("method `" + method + "` of trait " + trait + " is ambiguous: supertraits "
                            + slots.get(found).owner().path() + " and " + slots.get(i).owner().path()
                            + " both declare it (upcast to the one meant and use its slot)");
                }
                found = i;
            }
        }
        if (found >= 0) {
            return (HEADER_WORDS + found) * word;
        }
        throw new VtableException("trait " + trait + " has no method `" + method + "` (its methods: "
                + slots.stream().map(x -> x.method().name()).distinct().collect(Collectors.joining(", ")).transform(
                        x -> x.isEmpty() ? "none" : x) + ")");
    }

    /**
     * The byte offset, in any vtable of {@code sub}, of the word holding the address of the same type's vtable as
     * {@code dyn sup}: the target of an upcast. {@code sup} must be a (transitive) supertrait of {@code sub}.
     */
    public long upcastOffset(Path sub, Path sup) {
        Item.Trait t = trait(sub);
        List<Path> supers = supertraits(sub);
        int k = supers.indexOf(sup);
        if (k < 0) {
            throw new VtableException(sup + " is not a supertrait of " + sub + " (its supertraits: "
                    + (supers.isEmpty() ? "none" : supers.stream().map(Path::toString).collect(Collectors.joining(", ")))
                    + "), so a dyn " + sub + " cannot be upcast to dyn " + sup);
        }
        return (HEADER_WORDS + slots(t).size() + k) * (long) solver.target().pointerSize();
    }

    /**
     * The transitive supertraits of {@code trait} in vtable order: depth first, in declaration order, each once, a
     * supertrait's own supertraits before it. A supertrait no crate of the link declares is an error naming it.
     */
    public List<Path> supertraits(Path trait) {
        List<Path> out = new ArrayList<>();
        collectSupertraits(trait(trait), out, new java.util.HashSet<>());
        return out;
    }

    private void collectSupertraits(Item.Trait t, List<Path> out, java.util.Set<Path> onPath) {
        onPath.add(t.path());
        for (Path s : t.supertraits()) {
            if (out.contains(s)) {
                continue;
            }
            if (onPath.contains(s)) {
                throw new VtableException("trait " + t.path() + " is its own supertrait through " + s
                        + " in the linked crates: its vtable would contain itself");
            }
            Item.Trait st;
            try {
                st = trait(s);
            } catch (VtableException e) {
                throw new VtableException("supertrait " + s + " of " + t.path() + ": " + e.getMessage());
            }
            collectSupertraits(st, out, onPath);
            out.add(s);
        }
        onPath.remove(t.path());
    }

    /** One method slot: the trait that declares the method, and the method. */
    private record Slot(Item.Trait owner, TraitMethod method) {
    }

    /** The method slots of every vtable of {@code t}, in order: the supertraits' methods, then its own. */
    private List<Slot> slots(Item.Trait t) {
        List<Slot> out = new ArrayList<>();
        List<Item.Trait> owners = new ArrayList<>();
        for (Path s : supertraits(t.path())) {
            owners.add(trait(s));
        }
        owners.add(t);
        for (Item.Trait o : owners) {
            for (TraitMethod m : o.methods()) {
                out.add(new Slot(o, m));
            }
        }
        return out;
    }

    /**
     * The vtable of {@code type} as {@code dyn trait}. Each supertrait's slots are filled from the impl of that
     * supertrait for the type, which must exist; the drop word is the type's {@code #[drop]} glue.
     */
    public VtablePlan plan(Path trait, Path type) {
        Item.Trait t = trait(trait);
        List<Path> supers = supertraits(trait);
        List<VtableEntry> entries = new ArrayList<>();
        for (Path s : supers) {
            Item.Impl si = implOrNull(s, type);
            if (si == null) {
                throw new VtableException("impl " + trait + " for " + type + " needs impl " + s + " for " + type
                        + ", since " + s + " is a supertrait of " + trait + ", but no crate of the link declares it");
            }
            entries.addAll(fill(trait(s), type, si, true));
        }
        entries.addAll(fill(t, type, impl(trait, type), false));
        long size;
        long align;
        try {
            size = solver.sizeOf(type);
            align = solver.alignOf(type);
        } catch (LayoutException e) {
            throw new VtableException("vtable of " + type + " as dyn " + trait + ": " + e.getMessage());
        }
        return new VtablePlan(trait, type, size, align, dropGlue(type), entries, supers);
    }

    /** The slots of {@code t}'s own methods for {@code type}, from {@code impl} or the trait's defaults. */
    private List<VtableEntry> fill(Item.Trait t, Path type, Item.Impl impl, boolean inherited) {
        Path trait = t.path();
        String what = "impl " + trait + " for " + type;
        Map<String, String> implemented = new LinkedHashMap<>();
        for (ImplMethod m : impl.methods()) {
            if (t.methods().stream().noneMatch(tm -> tm.name().equals(m.name()))) {
                throw new VtableException(what + " implements `" + m.name() + "`, which trait " + trait
                        + " does not declare (its methods: " + methodList(t) + ")");
            }
            if (implemented.putIfAbsent(m.name(), m.symbol()) != null) {
                throw new VtableException(what + " implements `" + m.name() + "` twice");
            }
        }
        List<VtableEntry> entries = new ArrayList<>();
        for (TraitMethod tm : t.methods()) {
            String symbol = implemented.get(tm.name());
            boolean fromDefault = symbol == null;
            if (fromDefault) {
                if (tm.defaultSymbol() == null) {
                    throw new VtableException(what + " does not implement `" + tm.name()
                            + "` and the trait has no default");
                }
                symbol = tm.defaultSymbol();
            }
            entries.add(new VtableEntry(tm.name(), symbol, fromDefault, argsAfterSelf(what, tm, fromDefault),
                    inherited ? trait : null));
        }
        return entries;
    }

    /**
     * The type's drop glue: the {@code #[drop]} symbol of the struct or enum {@code type} names (through aliases), or
     * null when it declares none.
     */
    private String dropGlue(Path type) {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        Path p = type;
        while (seen.add(p)) {
            Item it = null;
            for (Crate c : crates) {
                it = c.item(p).orElse(null);
                if (it != null) break;
            }
            if (it instanceof Item.Struct s) return s.dropSymbol();
            if (it instanceof Item.Enum e) return e.dropSymbol();
            if (it instanceof Item.TypeAlias a && a.target() instanceof Type.Named n) {
                p = n.path();
                continue;
            }
            return null;
        }
        return null;
    }

    /**
     * The shapes of the arguments after {@code self} (see {@link #shape}), which each target's trampoline places
     * by its own calling convention. A default body is reached through a trampoline, so there an argument whose
     * passing RACE does not model, a missing receiver, or a return value that may come back through a hidden
     * pointer (on x86-64 it would occupy %rdi, ahead of self) is an error. For a slot the impl fills, no
     * trampoline is made and such a method gets null.
     */
    private List<ArgShape> argsAfterSelf(String what, TraitMethod tm, boolean fromDefault) {
        List<Param> params = tm.sig().params();
        String problem = null;
        List<ArgShape> shapes = new ArrayList<>();
        if (params.isEmpty() || !params.get(0).name().equals("self")) {
            problem = "it has no `self` receiver, so there is no data pointer to pass the vtable after";
        } else if (!returnsInRegisters(tm.sig().ret())) {
            problem = "its return type " + TypeText.of(tm.sig().ret())
                    + " may be returned through a hidden pointer ahead of self, which RACE cannot tell";
        } else {
            for (Param p : params.subList(1, params.size())) {
                String name = "parameter `" + p.name() + ": " + TypeText.of(p.type()) + "`";
                if (!shape(p.type(), name, shapes)) {
                    problem = frozenStruct(p.type())
                            ? "RACE does not place " + name + ", a #[frozen] struct by value, in a trampoline: how C "
                            + "passes it depends on the exact type the bindings declare (a padding member makes an "
                            + "x86-64 eightbyte INTEGER, and an AArch64 HFA an ordinary composite); take it by "
                            + "reference (&" + TypeText.of(p.type()) + ")"
                            : "RACE cannot tell how " + name + " is passed (only scalars, pointers, references, "
                            + "Box, Option of those, slices, str and dyn references are known)";
                    break;
                }
            }
        }
        if (problem == null) {
            return shapes;
        }
        if (fromDefault) {
            throw new VtableException(what + ": the default body of `" + tm.name() + "` (" + tm.defaultSymbol()
                    + ") needs a trampoline, but " + problem);
        }
        return null;
    }

    /**
     * Adds the shape of a value of {@code type} as an argument ({@link ArgShape}: size, alignment and scalar
     * pieces, from the layout solver), or nothing for a zero-sized {@code ()} or {@code !}, which the C calling
     * conventions of both targets do not pass; false when RACE does not model how it is passed. Integers,
     * {@code bool}, {@code char}, thin pointers, references, {@code Box} and {@code fn} pointers are one integer
     * scalar (a {@code u128}/{@code i128} one 16-byte integer, aligned to 16); {@code f32}/{@code f64} one float;
     * a fat pointer ({@code &[T]}, {@code &str}, {@code &dyn T}, {@code Box<dyn T>}) two pointer-sized integers.
     * An {@code Option} that uses its payload's niche is passed as the payload; a tagged one is an aggregate of
     * its tag and its payload's pieces, where the layout solver puts them ({@code Option<f64>}: an 8-byte tag and
     * a float at 8, which x86-64 passes in a general and a vector register and AAPCS64 in two general ones).
     * Structs, enums, tuples and arrays by value: false (how C passes them depends on the exact C type the
     * bindings declare, padding members included, which RACE does not model yet).
     */
    boolean shape(Type type, String what, List<ArgShape> out) {
        if (type instanceof Type.Prim p && (p.kind() == PrimKind.UNIT || p.kind() == PrimKind.NEVER)) {
            return true;
        }
        List<ArgShape.Piece> pieces = pieces(type);
        if (pieces == null) {
            return false;
        }
        TypeLayout l;
        try {
            l = solver.layout(type);
        } catch (LayoutException e) {
            return false;
        }
        if (l.size() == 0) {
            return true;
        }
        out.add(new ArgShape(what, l.size(), l.align(), pieces));
        return true;
    }

    /** The scalar pieces of a value of {@code type} (see {@link #shape}); null when not modelled. */
    private List<ArgShape.Piece> pieces(Type type) {
        long word = solver.target().pointerSize();
        if (type instanceof Type.Prim p) {
            PrimKind k = p.kind();
            if (k == PrimKind.UNIT || k == PrimKind.NEVER) return List.of();
            long size = solver.layout(type).size();
            ArgShape.Kind kind = k == PrimKind.F32 || k == PrimKind.F64 ? ArgShape.Kind.FLOAT : ArgShape.Kind.INTEGER;
            return List.of(new ArgShape.Piece(0, size, kind));
        }
        Type target = null;
        if (type instanceof Type.Ref r) target = r.target();
        if (type instanceof Type.RawPtr r) target = r.target();
        if (type instanceof Type.BoxOf b) target = b.target();
        if (type instanceof Type.FnPtr) target = Type.UNIT;
        if (target != null) {
            ArgShape.Piece data = new ArgShape.Piece(0, word, ArgShape.Kind.INTEGER);
            return isUnsized(target) ? List.of(data, new ArgShape.Piece(word, word, ArgShape.Kind.INTEGER))
                    : List.of(data);
        }
        if (type instanceof Type.OptionOf o) {
            List<ArgShape.Piece> inner = pieces(o.inner());
            if (inner == null) return null;
            TypeLayout l;
            try {
                l = solver.layout(type);
            } catch (LayoutException e) {
                return null;
            }
            if (l.encoding() == TypeLayout.Encoding.NICHE) {
                return inner; // None is an invalid value of the payload: passed as the payload
            }
            if (l.encoding() != TypeLayout.Encoding.TAGGED || l.tag() == null) return null;
            VariantLayout some = l.variant("Some");
            if (some == null || some.fields().size() != 1) return null;
            long at = some.fields().get(0).offset();
            List<ArgShape.Piece> out = new ArrayList<>();
            out.add(new ArgShape.Piece(l.tag().offset(), l.tag().size(), ArgShape.Kind.INTEGER));
            for (ArgShape.Piece p : inner) {
                out.add(new ArgShape.Piece(at + p.offset(), p.size(), p.kind()));
            }
            return out;
        }
        return null;
    }

    private boolean frozenStruct(Type t) {
        if (!(t instanceof Type.Named n)) return false;
        for (Crate c : crates) {
            Item it = c.item(n.path()).orElse(null);
            if (it != null) return it instanceof Item.Struct st && st.frozen();
        }
        return false;
    }

    /** Whether a value of this type comes back in registers (no hidden result pointer): at most 16 bytes. */
    private boolean returnsInRegisters(Type ret) {
        if (ret instanceof Type.Prim) return true;
        List<ArgShape> s = new ArrayList<>();
        return shape(ret, "the return value", s) && s.stream().allMatch(x -> x.size() <= 16);
    }

    private static boolean isUnsized(Type t) {
        return t instanceof Type.Slice || t instanceof Type.Str || t instanceof Type.Dyn;
    }

    private Item.Trait trait(Path trait) {
        Item found = null;
        for (Crate c : crates) {
            Item it = c.item(trait).orElse(null);
            if (it != null) {
                found = it;
                break;
            }
        }
        if (found == null) {
            throw new VtableException("unknown trait " + trait + ": no crate of the link declares it (crates: "
                    + crates.stream().map(c -> c.name() + "@" + c.version()).collect(Collectors.joining(", "))
                    + ")");
        }
        if (!(found instanceof Item.Trait t)) {
            throw new VtableException(trait + " is " + kind(found) + ", not a trait");
        }
        return t;
    }

    private Item.Impl implOrNull(Path trait, Path type) {
        return implCrates.containsKey(List.of(trait, new Type.Named(type))) ? impl(trait, type) : null;
    }

    private Item.Impl impl(Path trait, Path type) {
        List<Object> key = List.of(trait, new Type.Named(type));
        List<Crate> in = implCrates.get(key);
        if (in == null) {
            throw new VtableException("no impl " + trait + " for " + type + " in the link: no crate declares "
                    + "`impl " + trait + " for " + type + "`, so there is no vtable of " + type + " as dyn " + trait);
        }
        if (in.size() > 1) {
            throw new VtableException("impl " + trait + " for " + type + " is declared by two crates: "
                    + in.get(0).name() + "@" + in.get(0).version() + " and " + in.get(1).name() + "@"
                    + in.get(1).version());
        }
        return impls.get(key);
    }

    private static String methodList(Item.Trait t) {
        if (t.methods().isEmpty()) {
            return "none";
        }
        return t.methods().stream().map(TraitMethod::name).collect(Collectors.joining(", "));
    }

    private static String kind(Item it) {
        if (it instanceof Item.Struct) return "a struct";
        if (it instanceof Item.Enum) return "an enum";
        if (it instanceof Item.Function) return "a function";
        if (it instanceof Item.TypeAlias) return "a type alias";
        if (it instanceof Item.Impl) return "an impl";
        return "a trait";
    }
}
