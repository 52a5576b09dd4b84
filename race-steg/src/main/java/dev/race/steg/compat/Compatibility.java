package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.TypeText;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Visibility;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.StringJoiner;

/**
 * The contract rules between an import view (a dependency's STEG as the importer was compiled against it, trimmed
 * to what it uses) and the crate that exports it at link time (DESIGN.md, "Contracts checked at link time"). Pure
 * model comparison: layouts of frozen types are compared by the linker, which has the solver.
 *
 * <p>Types are compared structurally; a named type is compared by path, and the item it names is checked on its
 * own where the view has it (the trimmed view keeps every item its used items mention). Type aliases of the crate
 * are seen through on both sides, so replacing a type by an alias of it is not a change. A resilient struct may gain
 * or reorder fields and an enum may reorder variants: the linker solves their layouts and patches every offset, size
 * and tag. The rules, with what each kind means, are listed in {@code docs/contracts.md}.
 */
public final class Compatibility {
    private final Crate view;
    private final Crate export;
    private final List<Mismatch> out = new ArrayList<>();

    private Compatibility(Crate view, Crate export) {
        this.view = view;
        this.export = export;
    }

    /**
     * Every way {@code export} breaks {@code view}: in the view's item order, and within an item in the order of its
     * fields, variants, methods or parameters. Empty when the export honours every contract of the view. The two
     * crates are compared whatever their names and versions; semver is the linker's business.
     */
    public static List<Mismatch> compare(Crate view, Crate export) {
        Compatibility c = new Compatibility(view, export);
        for (Item it : view.items()) {
            c.item(it);
        }
        return List.copyOf(c.out);
    }

    private void add(Kind kind, Path item, String member, String expected, String found) {
        out.add(new Mismatch(kind, item, member, expected, found));
    }

    private void item(Item v) {
        Item e = export.item(v.path()).orElse(null);
        if (e == null) {
            add(Kind.MISSING_ITEM, v.path(), "", describe(v), "nothing");
            return;
        }
        if (!kindWord(v).equals(kindWord(e))) {
            add(Kind.KIND_CHANGED, v.path(), "", kindWord(v), kindWord(e) + " (" + describe(e) + ")");
            return;
        }
        Visibility vv = visibility(v);
        Visibility ev = visibility(e);
        if (vv != null && ev != null && narrower(vv, ev)) {
            add(Kind.VISIBILITY_REDUCED, v.path(), "", word(vv), word(ev));
        }
        if (v instanceof Item.Struct vs) {
            struct(vs, (Item.Struct) e);
        } else if (v instanceof Item.Enum ve) {
            enumeration(ve, (Item.Enum) e);
        } else if (v instanceof Item.Trait vt) {
            trait(vt, (Item.Trait) e);
        } else if (v instanceof Item.Function vf) {
            function(vf, (Item.Function) e);
        } else if (v instanceof Item.TypeAlias va) {
            Item.TypeAlias ea = (Item.TypeAlias) e;
            if (!sameType(va.target(), ea.target())) {
                add(Kind.ALIAS_CHANGED, v.path(), "", text(va.target()), text(ea.target()));
            }
        }
        // an impl is checked by existence: the importer reaches its methods through vtable slots the link solves
    }

    private void promises(Path path, Repr vr, boolean vFrozen, Repr er, boolean eFrozen) {
        // a resilient (default repr) view let the linker decide; a repr the view promised must stay
        if (vr.kind() == Repr.Kind.STRATEGY && !vr.strategy().equals(er.strategy())) {
            // the importer saw the type placed by a strategy; another one (or a built-in repr) places it otherwise
            add(Kind.STRATEGY_CHANGED, path, "", strategyText(vr), strategyText(er));
        } else if (vr.kind() == Repr.Kind.STRATEGY && vr.strategyVersion() != er.strategyVersion()
                && vr.strategyVersion() != 0 && er.strategyVersion() != 0) {
            add(Kind.STRATEGY_VERSION_CHANGED, path, "", strategyText(vr), strategyText(er));
        } else if (!vr.isDefault() && !vr.withStrategyVersion(0).equals(er.withStrategyVersion(0))) {
            add(Kind.REPR_CHANGED, path, "", reprText(vr), reprText(er));
        }
        if (vFrozen && !eFrozen) {
            add(Kind.FROZEN_CHANGED, path, "", "#[frozen]", "not frozen");
        }
    }

    private void struct(Item.Struct v, Item.Struct e) {
        promises(v.path(), v.repr(), v.frozen(), e.repr(), e.frozen());
        for (Field vf : v.fields()) {
            Field ef = field(e.fields(), vf.name());
            if (ef == null) {
                add(Kind.MISSING_FIELD, v.path(), vf.name(), vf.name() + ": " + text(vf.type()), "no such field");
                continue;
            }
            if (!sameType(vf.type(), ef.type())) {
                add(Kind.FIELD_TYPE_CHANGED, v.path(), vf.name(), text(vf.type()), text(ef.type()));
            }
            if (narrower(vf.visibility(), ef.visibility())) {
                add(Kind.VISIBILITY_REDUCED, v.path(), vf.name(), word(vf.visibility()), word(ef.visibility()));
            }
        }
    }

    private void enumeration(Item.Enum v, Item.Enum e) {
        promises(v.path(), v.repr(), v.frozen(), e.repr(), e.frozen());
        boolean numbered = v.frozen() || v.repr().kind() == Repr.Kind.C || v.repr().intType() != null;
        Set<String> seen = new HashSet<>();
        for (Variant vv : v.variants()) {
            seen.add(vv.name());
            Variant ev = variant(e.variants(), vv.name());
            if (ev == null) {
                add(Kind.MISSING_VARIANT, v.path(), vv.name(), variantText(vv, numbered), "no such variant");
            } else if (vv.shape() != ev.shape() || !sameFields(vv.fields(), ev.fields())
                    || numbered && !java.util.Objects.equals(vv.discriminant(), ev.discriminant())) {
                add(Kind.VARIANT_CHANGED, v.path(), vv.name(), variantText(vv, numbered), variantText(ev, numbered));
            }
        }
        if (!v.nonExhaustive()) {
            for (Variant ev : e.variants()) {
                if (!seen.contains(ev.name())) {
                    add(Kind.NEW_VARIANT_EXHAUSTIVE, v.path(), ev.name(), "no variant " + ev.name()
                            + " (the view's enum is not #[non_exhaustive])", variantText(ev, numbered));
                }
            }
        }
    }

    private void trait(Item.Trait v, Item.Trait e) {
        if (v.frozen()) {
            frozenTrait(v, e);
        }
        java.util.List<Path> kept = exportSupertraits(e);
        for (Path s : v.supertraits()) {
            if (!kept.contains(s)) {
                add(Kind.SUPERTRAIT_REMOVED, v.path(), s.toString(), traitHead(v), traitHead(e));
            }
        }
        for (TraitMethod vm : v.methods()) {
            TraitMethod em = null;
            for (TraitMethod m : e.methods()) {
                if (m.name().equals(vm.name())) em = m;
            }
            if (em == null) {
                add(Kind.TRAIT_METHOD_MISSING, v.path(), vm.name(), methodText(vm), "no such method");
                continue;
            }
            FnSig vs = vm.sig();
            FnSig es = em.sig();
            boolean sameShape = vs.abi().equals(es.abi()) && sameParams(vs.params(), es.params())
                    && sameType(vs.ret(), es.ret());
            boolean lostDefault = vm.defaultSymbol() != null && em.defaultSymbol() == null;
            if (sameShape && !lostDefault && vs.effects().equals(es.effects())) {
                continue;
            }
            if (sameShape && !lostDefault && es.effects().containsAll(vs.effects())) {
                // only effects were added: callers in the importer were not promised them
                add(Kind.EFFECTS_WIDENED, v.path(), vm.name(), effectsText(vs.effects()), effectsText(es.effects()));
            } else {
                // identical signatures, effects included: the importer may implement the trait as well as call it
                add(Kind.TRAIT_METHOD_CHANGED, v.path(), vm.name(), methodText(vm), methodText(em));
            }
        }
    }

    /**
     * A trait the view saw {@code #[frozen]}: callers may have compiled its slots as constants (docs/vtables.md,
     * "Frozen traits"), so it must stay frozen, keep its supertraits and keep every method the view has at the
     * view's position; methods may only be added at the end.
     */
    private void frozenTrait(Item.Trait v, Item.Trait e) {
        if (!e.frozen()) {
            add(Kind.FROZEN_CHANGED, v.path(), "", "#[frozen]", "not frozen");
        }
        if (!v.supertraits().equals(e.supertraits())) {
            add(Kind.FROZEN_SLOT_MOVED, v.path(), "", supertraitsText(v), supertraitsText(e));
            return; // every slot moves; the methods would each be reported again
        }
        // a slot is the method's position in the vtable: the supertraits' methods (depth first) come first, so a
        // method appended to a supertrait moves the trait's own methods too
        List<String[]> vs = slots(v, view);
        List<String[]> es = slots(e, export);
        boolean inherits = !v.supertraits().isEmpty();
        for (int i = 0; i < vs.size(); i++) {
            String[] at = vs.get(i);
            if (!at[0].equals(v.path().toString())) {
                continue; // an inherited method is checked on its own (frozen) trait, and moves ours if it moves
            }
            for (int j = 0; j < es.size(); j++) {
                if (es.get(j)[0].equals(at[0]) && es.get(j)[1].equals(at[1]) && j != i) {
                    add(Kind.FROZEN_SLOT_MOVED, v.path(), at[1], "method " + (i + 1) + " of frozen " + v.path()
                            + (inherits ? " (its supertraits' methods counted first)" : ""), "method " + (j + 1));
                }
            }
        }
    }

    /** (declaring trait, method) per vtable slot of {@code t}, as the vtable synthesizer orders them. */
    private static List<String[]> slots(Item.Trait t, Crate in) {
        List<String[]> out = new ArrayList<>();
        addSlots(t, in, out, new HashSet<>());
        return out;
    }

    private static void addSlots(Item.Trait t, Crate in, List<String[]> out, Set<Path> done) {
        for (Path s : t.supertraits()) {
            if (done.add(s) && in.item(s).orElse(null) instanceof Item.Trait st) {
                addSlots(st, in, out, done);
            }
        }
        for (TraitMethod m : t.methods()) {
            out.add(new String[] {t.path().toString(), m.name()});
        }
    }

    private static String supertraitsText(Item.Trait t) {
        if (t.supertraits().isEmpty()) {
            return "no supertraits";
        }
        StringJoiner j = new StringJoiner(" + ", "supertraits ", "");
        t.supertraits().forEach(p -> j.add(p.toString()));
        return j.toString();
    }

    private void function(Item.Function v, Item.Function e) {
        FnSig vs = v.sig();
        FnSig es = e.sig();
        if (!vs.abi().equals(es.abi())) {
            add(Kind.ABI_CHANGED, v.path(), "", "extern \"" + vs.abi() + "\"", "extern \"" + es.abi() + "\"");
        }
        if (!v.symbol().equals(e.symbol())) {
            add(Kind.SYMBOL_CHANGED, v.path(), "", v.symbol(), e.symbol());
        }
        if (vs.params().size() != es.params().size()) {
            add(Kind.PARAMS_CHANGED, v.path(), "", paramsText(vs.params()), paramsText(es.params()));
        } else {
            for (int i = 0; i < vs.params().size(); i++) {
                Param vp = vs.params().get(i);
                Type et = es.params().get(i).type();
                if (!sameType(vp.type(), et)) {
                    String member = "parameter " + (vp.name().equals("_") ? "#" + (i + 1) : vp.name());
                    add(ownershipOnly(vp.type(), et) ? Kind.OWNERSHIP_CHANGED : Kind.PARAMS_CHANGED, v.path(), member,
                            text(vp.type()), text(et));
                }
            }
        }
        if (!sameType(vs.ret(), es.ret())) {
            add(ownershipOnly(vs.ret(), es.ret()) ? Kind.OWNERSHIP_CHANGED : Kind.RETURN_CHANGED, v.path(),
                    "return type", text(vs.ret()), text(es.ret()));
        }
        if (!vs.effects().containsAll(es.effects())) {
            add(Kind.EFFECTS_WIDENED, v.path(), "", effectsText(vs.effects()), effectsText(es.effects()));
        }
    }

    // ---- types

    /** Structural equality with the crate's aliases seen through on each side. */
    private boolean sameType(Type v, Type e) {
        return resolve(v, view, 0).equals(resolve(e, export, 0));
    }

    private boolean sameParams(List<Param> v, List<Param> e) {
        if (v.size() != e.size()) return false;
        for (int i = 0; i < v.size(); i++) {
            if (!sameType(v.get(i).type(), e.get(i).type())) return false;
        }
        return true;
    }

    private boolean sameFields(List<Field> v, List<Field> e) {
        if (v.size() != e.size()) return false;
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).name().equals(e.get(i).name()) || !sameType(v.get(i).type(), e.get(i).type())) return false;
        }
        return true;
    }

    /** {@code t} with every alias declared in {@code crate} replaced by its target (depth-bounded against cycles). */
    private static Type resolve(Type t, Crate crate, int depth) {
        if (depth > 64) return t;
        if (t instanceof Type.Named n) {
            Item it = crate.item(n.path()).orElse(null);
            return it instanceof Item.TypeAlias a ? resolve(a.target(), crate, depth + 1) : t;
        } else if (t instanceof Type.Array a) {
            return new Type.Array(resolve(a.element(), crate, depth), a.length());
        } else if (t instanceof Type.Tuple tu) {
            List<Type> els = new ArrayList<>();
            tu.elements().forEach(x -> els.add(resolve(x, crate, depth)));
            return new Type.Tuple(els);
        } else if (t instanceof Type.Ref r) {
            return new Type.Ref(r.mutable(), resolve(r.target(), crate, depth));
        } else if (t instanceof Type.RawPtr p) {
            return new Type.RawPtr(p.mutable(), resolve(p.target(), crate, depth));
        } else if (t instanceof Type.BoxOf b) {
            return new Type.BoxOf(resolve(b.target(), crate, depth));
        } else if (t instanceof Type.Slice s) {
            return new Type.Slice(resolve(s.element(), crate, depth));
        } else if (t instanceof Type.OptionOf o) {
            return new Type.OptionOf(resolve(o.inner(), crate, depth));
        } else if (t instanceof Type.FnPtr f) {
            List<Type> ps = new ArrayList<>();
            f.params().forEach(x -> ps.add(resolve(x, crate, depth)));
            return new Type.FnPtr(f.abi(), ps, resolve(f.ret(), crate, depth));
        }
        return t;
    }

    /**
     * True when {@code v} and {@code e} differ only in how the value is held: {@code T}, {@code &T}, {@code &mut T},
     * {@code Box<T>}, {@code *const T}, {@code *mut T} with one {@code T}.
     */
    private boolean ownershipOnly(Type v, Type e) {
        Type rv = resolve(v, view, 0);
        Type re = resolve(e, export, 0);
        return !ownership(rv).equals(ownership(re)) && held(rv).equals(held(re));
    }

    private static String ownership(Type t) {
        if (t instanceof Type.Ref r) return r.mutable() ? "&mut" : "&";
        if (t instanceof Type.RawPtr p) return p.mutable() ? "*mut" : "*const";
        if (t instanceof Type.BoxOf) return "Box";
        return "value";
    }

    private static Type held(Type t) {
        if (t instanceof Type.Ref r) return r.target();
        if (t instanceof Type.RawPtr p) return p.target();
        if (t instanceof Type.BoxOf b) return b.target();
        return t;
    }

    // ---- text

    static String text(Type t) {
        return TypeText.of(t);
    }

    private static Field field(List<Field> fields, String name) {
        for (Field f : fields) if (f.name().equals(name)) return f;
        return null;
    }

    private static Variant variant(List<Variant> variants, String name) {
        for (Variant v : variants) if (v.name().equals(name)) return v;
        return null;
    }

    private static Visibility visibility(Item it) {
        if (it instanceof Item.Struct s) return s.visibility();
        if (it instanceof Item.Enum e) return e.visibility();
        if (it instanceof Item.Trait t) return t.visibility();
        if (it instanceof Item.Function f) return f.visibility();
        if (it instanceof Item.TypeAlias a) return a.visibility();
        return null;
    }

    /** True when {@code e} is less visible than {@code v} (pub > pub(crate) > private). */
    private static boolean narrower(Visibility v, Visibility e) {
        return e.ordinal() > v.ordinal();
    }

    private static String word(Visibility v) {
        return v == Visibility.PRIVATE ? "private" : v.keyword().trim();
    }

    /** struct, enum, trait, impl, function, type alias. */
    public static String kindWord(Item it) {
        if (it instanceof Item.Struct) return "struct";
        if (it instanceof Item.Enum) return "enum";
        if (it instanceof Item.Trait) return "trait";
        if (it instanceof Item.Impl) return "impl";
        if (it instanceof Item.Function) return "function";
        return "type alias";
    }

    /** A one-line description of an item: {@code fn spawn(..) -> engine::Entity effects(alloc)}, {@code struct engine::Vec3 { .. }}. */
    public static String describe(Item it) {
        if (it instanceof Item.Struct s) {
            StringJoiner j = new StringJoiner(", ", "struct " + s.path().name() + " { ", " }");
            s.fields().forEach(f -> j.add(f.name() + ": " + text(f.type())));
            return s.fields().isEmpty() ? "struct " + s.path().name() : j.toString();
        } else if (it instanceof Item.Enum e) {
            StringJoiner j = new StringJoiner(", ", "enum " + e.path().name() + " { ", " }");
            e.variants().forEach(v -> j.add(variantText(v, false)));
            return j.toString();
        } else if (it instanceof Item.Trait t) {
            StringJoiner j = new StringJoiner("; ", "trait " + t.path().name() + " { ", " }");
            t.methods().forEach(m -> j.add(methodText(m)));
            return j.toString();
        } else if (it instanceof Item.Impl i) {
            return i.path().name();
        } else if (it instanceof Item.Function f) {
            return fnText(f.path().name(), f.sig());
        }
        Item.TypeAlias a = (Item.TypeAlias) it;
        return "type " + a.path().name() + " = " + text(a.target());
    }

    static String variantText(Variant v, boolean withDiscriminant) {
        StringBuilder sb = new StringBuilder(v.name());
        if (v.shape() == Shape.NAMED) {
            StringJoiner j = new StringJoiner(", ", " { ", " }");
            v.fields().forEach(f -> j.add(f.name() + ": " + text(f.type())));
            sb.append(j);
        } else if (v.shape() == Shape.TUPLE) {
            StringJoiner j = new StringJoiner(", ", "(", ")");
            v.fields().forEach(f -> j.add(text(f.type())));
            sb.append(j);
        }
        if (withDiscriminant && v.discriminant() != null) {
            sb.append(" = ").append(v.discriminant());
        }
        return sb.toString();
    }

    /** {@code fn build(&mut self, app: &mut engine::App) effects(alloc) = default(sym)}. */
    /** {@code trait engine::Shape: engine::Named}: a trait's path and supertraits, as a mismatch shows them. */
    public static String traitHead(Item.Trait t) {
        StringBuilder b = new StringBuilder("trait ").append(t.path());
        for (int i = 0; i < t.supertraits().size(); i++) {
            b.append(i == 0 ? ": " : " + ").append(t.supertraits().get(i));
        }
        return b.toString();
    }

    /**
     * The export trait's supertraits, direct and, through the export crate's own traits, transitive: a view's
     * {@code Sub: Super} is kept when the export has {@code Sub: Mid} and {@code Mid: Super}.
     */
    private java.util.List<Path> exportSupertraits(Item.Trait e) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Path> work = new java.util.ArrayDeque<>(e.supertraits());
        while (!work.isEmpty()) {
            Path p = work.poll();
            if (out.contains(p) || p.equals(e.path())) continue;
            out.add(p);
            if (export.item(p).orElse(null) instanceof Item.Trait t) {
                work.addAll(t.supertraits());
            }
        }
        return out;
    }

    public static String methodText(TraitMethod m) {
        return fnText(m.name(), m.sig()) + (m.defaultSymbol() == null ? "" : " = default(" + m.defaultSymbol() + ")");
    }

    static String fnText(String name, FnSig sig) {
        StringBuilder sb = new StringBuilder();
        if (!sig.abi().equals("Rust")) sb.append("extern \"").append(sig.abi()).append("\" ");
        sb.append("fn ").append(name).append(paramsText(sig.params()));
        if (!(sig.ret() instanceof Type.Prim p && p.kind() == PrimKind.UNIT)) {
            sb.append(" -> ").append(text(sig.ret()));
        }
        if (!sig.effects().isEmpty()) sb.append(' ').append(effectsText(sig.effects()));
        return sb.toString();
    }

    static String paramsText(List<Param> params) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Param p : params) {
            j.add(p.name().equals("self") ? selfText(p.type()) : p.name() + ": " + text(p.type()));
        }
        return j.toString();
    }

    private static String selfText(Type t) {
        if (t instanceof Type.Ref r && r.target() instanceof Type.SelfType) return r.mutable() ? "&mut self" : "&self";
        if (t instanceof Type.SelfType) return "self";
        return "self: " + text(t);
    }

    public static String effectsText(SortedSet<String> effects) {
        return effects.isEmpty() ? "no effects" : "effects(" + String.join(", ", effects) + ")";
    }

    /**
     * The layout strategy of a repr in words: {@code strategy "sorted" version 1} ({@code version unrecorded} for
     * 0), or for the built-in kinds the repr itself ({@code #[repr(C)]}, {@code no repr (resilient)}).
     */
    public static String strategyText(Repr r) {
        if (r.kind() != Repr.Kind.STRATEGY) return reprText(r);
        return "strategy \"" + r.strategy() + "\" " + (r.strategyVersion() == 0 ? "(version unrecorded)"
                : "version " + r.strategyVersion());
    }

    public static String reprText(Repr r) {
        if (r.isDefault()) return "no repr (resilient)";
        List<String> parts = new ArrayList<>();
        if (r.kind() == Repr.Kind.C) parts.add("C");
        else if (r.kind() == Repr.Kind.TRANSPARENT) parts.add("transparent");
        else if (r.kind() == Repr.Kind.STRATEGY) {
            parts.add("strategy = \"" + r.strategy() + "\"");
            if (r.strategyVersion() != 0) parts.add("strategy_version = " + r.strategyVersion());
        }
        if (r.packed() == 1) parts.add("packed");
        else if (r.packed() > 1) parts.add("packed(" + r.packed() + ")");
        if (r.align() > 0) parts.add("align(" + r.align() + ")");
        if (r.intType() != null) parts.add(r.intType().rustName());
        return "#[repr(" + String.join(", ", parts) + ")]";
    }
}
