package dev.race.vtable;

import dev.race.layout.LayoutException;
import dev.race.layout.LayoutSolver;
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
 * <p>Layout (docs/vtables.md): three pointer-sized header words (drop glue, size, align), then one pointer per
 * trait method in the trait's declaration order. Every method has a slot, whatever its receiver, so the slot of a
 * method depends only on the trait's declaration.
 *
 * <p>Drop glue: the {@code .steg} language has no declaration of a type's drop glue (no built-in {@code Drop}
 * trait, no attribute), so {@link VtablePlan#dropSymbol()} is always null and the drop word is 0.
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

    /** Byte offset of {@code method}'s slot in any vtable of {@code trait}. */
    public long slotOffset(Path trait, String method) {
        Item.Trait t = trait(trait);
        List<TraitMethod> methods = t.methods();
        for (int i = 0; i < methods.size(); i++) {
            if (methods.get(i).name().equals(method)) {
                return (long) (HEADER_WORDS + i) * solver.target().pointerSize();
            }
        }
        throw new VtableException("trait " + trait + " has no method `" + method + "` (its methods: "
                + methodList(t) + ")");
    }

    /** The vtable of {@code type} as {@code dyn trait}. */
    public VtablePlan plan(Path trait, Path type) {
        Item.Trait t = trait(trait);
        Item.Impl impl = impl(trait, type);
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
            entries.add(new VtableEntry(tm.name(), symbol, fromDefault, intArgsAfterSelf(what, tm, fromDefault)));
        }
        long size;
        long align;
        try {
            size = solver.sizeOf(type);
            align = solver.alignOf(type);
        } catch (LayoutException e) {
            throw new VtableException("vtable of " + type + " as dyn " + trait + ": " + e.getMessage());
        }
        return new VtablePlan(trait, type, size, align, null, entries);
    }

    /**
     * The integer registers the arguments after {@code self} take (see {@link #intRegisters}). A default body is
     * reached through a trampoline that must know this count, so there an argument whose registers cannot be
     * determined, a missing receiver, or a return value that may come back through a hidden pointer (which would
     * occupy the first argument register, ahead of self) is an error. For a slot the impl fills, no trampoline
     * is made and such a method gets -1.
     */
    private int intArgsAfterSelf(String what, TraitMethod tm, boolean fromDefault) {
        List<Param> params = tm.sig().params();
        String problem = null;
        int count = 0;
        if (params.isEmpty() || !params.get(0).name().equals("self")) {
            problem = "it has no `self` receiver, so there is no data pointer to pass the vtable after";
        } else if (!returnsInRegisters(tm.sig().ret())) {
            problem = "its return type " + TypeText.of(tm.sig().ret())
                    + " may be returned through a hidden pointer ahead of self, which RACE cannot tell";
        } else {
            for (Param p : params.subList(1, params.size())) {
                int n = intRegisters(p.type());
                if (n < 0) {
                    problem = "RACE cannot tell how parameter `" + p.name() + ": " + TypeText.of(p.type())
                            + "` is passed (only scalars, pointers, references, Box, Option of those, slices, str "
                            + "and dyn references are known)";
                    break;
                }
                count += n;
            }
        }
        if (problem == null) {
            return count;
        }
        if (fromDefault) {
            throw new VtableException(what + ": the default body of `" + tm.name() + "` (" + tm.defaultSymbol()
                    + ") needs a trampoline, but " + problem);
        }
        return -1;
    }

    /**
     * How many integer registers a value of {@code type} takes when passed (x86-64 System V and AAPCS64 agree on
     * these): integers up to 64 bits, bool, char, thin pointers, references and Box take one; 128-bit integers
     * and fat pointers ({@code &[T]}, {@code &str}, {@code &dyn T}: data and length/vtable) take two; floats,
     * {@code ()} and {@code !} take none. {@code Option} of a non-null pointer, bool or char uses the niche and
     * takes what its payload takes; {@code Option} of an integer or raw pointer is a (tag, value) pair and takes
     * one more; of a float, the tag alone. -1 for anything else (structs, enums, tuples, arrays by value, whose
     * passing depends on rules RACE does not model).
     */
    static int intRegisters(Type type) {
        if (type instanceof Type.Prim p) {
            PrimKind k = p.kind();
            if (k == PrimKind.U128 || k == PrimKind.I128) return 2;
            if (k.isInteger() || k == PrimKind.BOOL || k == PrimKind.CHAR) return 1;
            return 0; // f32, f64 (vector registers), (), !
        }
        if (type instanceof Type.Ref r) return isUnsized(r.target()) ? 2 : 1;
        if (type instanceof Type.RawPtr r) return isUnsized(r.target()) ? 2 : 1;
        if (type instanceof Type.BoxOf b) return isUnsized(b.target()) ? 2 : 1;
        if (type instanceof Type.FnPtr) return 1;
        if (type instanceof Type.OptionOf o) {
            Type inner = o.inner();
            if (inner instanceof Type.Ref || inner instanceof Type.BoxOf || inner instanceof Type.FnPtr) {
                return intRegisters(inner);
            }
            if (inner instanceof Type.Prim p && (p.kind() == PrimKind.BOOL || p.kind() == PrimKind.CHAR)) {
                return 1;
            }
            if (inner instanceof Type.Prim p && (p.kind() == PrimKind.F32 || p.kind() == PrimKind.F64)) {
                return 1;
            }
            if (inner instanceof Type.Prim p && p.kind().isInteger() || inner instanceof Type.RawPtr) {
                return 1 + intRegisters(inner);
            }
            return -1;
        }
        return -1;
    }

    /** Whether a value of this type comes back in registers (no hidden result pointer). */
    private static boolean returnsInRegisters(Type ret) {
        if (ret instanceof Type.Prim) return true;
        int n = intRegisters(ret);
        return n >= 0 && n <= 2;
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
