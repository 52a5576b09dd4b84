package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules a single crate's declarations must keep whatever it is linked with (docs/contracts.md, "Resilient
 * types cross boundaries behind pointers" and "Frozen types hold only frozen types"):
 *
 * <ul>
 *   <li>{@link Kind#RESILIENT_BY_VALUE}: a resilient type (a struct or enum that is not {@code #[frozen]}) crosses
 *       a function boundary only behind a pointer ({@code &T}, {@code &mut T}, {@code Box<T>}, raw pointers).
 *       Its size, alignment and so the registers or stack slots a by-value argument takes may change between
 *       versions, and code compiled against one version would pass it wrongly to another. Checked on functions,
 *       trait methods and {@code fn(..)} pointer types anywhere in a crate's declarations; a tuple, array or
 *       {@code Option} holding a resilient type by value is by value too.</li>
 *   <li>{@link Kind#FROZEN_HOLDS_RESILIENT}: a {@code #[frozen]} struct or enum holds by value only primitives,
 *       pointers and frozen types: a frozen layout built on a resilient field could not stay fixed. The .steg
 *       compiler refuses this with the field's position; this check is the link's re-check of crates packed
 *       without it.</li>
 * </ul>
 *
 * <p>Named types are looked up in {@code crate} and then in {@code context} (its imports), through type aliases;
 * a type none of them declares is left alone (the .steg compiler refused it).
 */
public final class Boundaries {
    private final Map<Path, Item> items = new HashMap<>();
    private final List<Mismatch> out = new ArrayList<>();

    private Boundaries(Crate crate, List<Crate> context) {
        crate.items().forEach(it -> items.putIfAbsent(it.path(), it));
        for (Crate c : context) c.items().forEach(it -> items.putIfAbsent(it.path(), it));
    }

    /** Every violation in {@code crate}'s own items, in item order; {@code context} resolves the types it names. */
    public static List<Mismatch> check(Crate crate, List<Crate> context) {
        Boundaries b = new Boundaries(crate, context);
        for (Item it : crate.items()) b.item(it);
        return List.copyOf(b.out);
    }

    /** Only {@link Kind#RESILIENT_BY_VALUE}: the pack rule. */
    public static List<Mismatch> byValue(Crate crate, List<Crate> context) {
        return check(crate, context).stream().filter(m -> m.kind() == Kind.RESILIENT_BY_VALUE).toList();
    }

    /**
     * What the crate does, after its name: {@code passes a resilient type by value in parameter t of engine::take},
     * {@code holds a resilient type by value in field engine::Particle.t of frozen engine::Particle}.
     */
    public static String phrase(Mismatch m) {
        if (m.kind() == Kind.FROZEN_HOLDS_RESILIENT) {
            return "holds a resilient type by value in " + m.subject() + " of frozen " + m.item();
        }
        return "passes a resilient type by value in " + m.subject();
    }

    /** The detail line a mismatch of {@link #check} carries: why, and what to do. */
    public static String why(Mismatch m) {
        if (m.kind() == Kind.FROZEN_HOLDS_RESILIENT) {
            return "a frozen layout may rest only on primitives, pointers and #[frozen] types: freeze the field's type "
                    + "or hold it behind a pointer";
        }
        return hint(m);
    }

    /** The hint every {@link Kind#RESILIENT_BY_VALUE} carries. */
    public static String hint(Mismatch m) {
        String t = m.found().replaceFirst(" by value$", "");
        String resilient = m.expected().replaceFirst(".*\\(or (.*) #\\[frozen\\]\\)$", "$1");
        return "a type that is not #[frozen] may change its size and alignment between versions, and with them how it "
                + "is passed, so it crosses a function boundary only behind a pointer: take &" + t
                + " (or &mut, Box<..>, a raw pointer) or mark " + resilient + " #[frozen]";
    }

    private void item(Item it) {
        if (it instanceof Item.Function f) {
            signature(f.path(), "", f.sig());
        } else if (it instanceof Item.Trait t) {
            for (TraitMethod m : t.methods()) signature(t.path(), " of method " + m.name(), m.sig());
        } else if (it instanceof Item.Struct s) {
            for (Field f : s.fields()) field(s.path(), f.name(), f.type(), s.frozen());
        } else if (it instanceof Item.Enum e) {
            for (Variant v : e.variants()) {
                for (Field f : v.fields()) field(e.path(), v.name() + "." + f.name(), f.type(), e.frozen());
            }
        } else if (it instanceof Item.TypeAlias a) {
            fnPointers(a.path(), "the aliased type", a.target());
        }
    }

    private void field(Path owner, String name, Type t, boolean frozen) {
        if (frozen) {
            Path r = resilientByValue(t, items::get);
            if (r != null) {
                out.add(new Mismatch(Kind.FROZEN_HOLDS_RESILIENT, owner, name, "a primitive, a pointer or a #[frozen] type",
                        Compatibility.text(t) + ", and " + r + " is not #[frozen]"));
            }
        }
        fnPointers(owner, "field " + name, t);
    }

    private void signature(Path owner, String suffix, FnSig sig) {
        for (int i = 0; i < sig.params().size(); i++) {
            Param p = sig.params().get(i);
            String member = "parameter " + (p.name().equals("_") ? "#" + (i + 1) : p.name()) + suffix;
            value(owner, member, p.type());
            fnPointers(owner, member, p.type());
        }
        value(owner, "return type" + suffix, sig.ret());
        fnPointers(owner, "return type" + suffix, sig.ret());
    }

    private void value(Path owner, String member, Type t) {
        Path r = resilientByValue(t, items::get);
        if (r != null) {
            out.add(new Mismatch(Kind.RESILIENT_BY_VALUE, owner, member,
                    "&" + Compatibility.text(t) + " (or " + r + " #[frozen])", Compatibility.text(t) + " by value"));
        }
    }

    /** Every {@code fn(..)} pointer type inside {@code t} (behind pointers too) is a boundary of its own. */
    private void fnPointers(Path owner, String where, Type t) {
        if (t instanceof Type.FnPtr f) {
            for (int i = 0; i < f.params().size(); i++) {
                value(owner, "parameter #" + (i + 1) + " of the fn pointer in " + where, f.params().get(i));
                fnPointers(owner, where, f.params().get(i));
            }
            value(owner, "return type of the fn pointer in " + where, f.ret());
            fnPointers(owner, where, f.ret());
        } else if (t instanceof Type.Array a) {
            fnPointers(owner, where, a.element());
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> fnPointers(owner, where, e));
        } else if (t instanceof Type.Ref r) {
            fnPointers(owner, where, r.target());
        } else if (t instanceof Type.RawPtr p) {
            fnPointers(owner, where, p.target());
        } else if (t instanceof Type.BoxOf b) {
            fnPointers(owner, where, b.target());
        } else if (t instanceof Type.Slice s) {
            fnPointers(owner, where, s.element());
        } else if (t instanceof Type.OptionOf o) {
            fnPointers(owner, where, o.inner());
        }
    }

    /**
     * The first resilient struct or enum {@code t} holds by value (itself, arrays, tuples, Option, through type
     * aliases), or null. {@code lookup} answers the item a path names, or null for a type to leave alone (one no
     * crate declares; the .steg compiler also answers null for an alias in a cycle, which it reports on its own).
     * The one walk behind {@link Kind#RESILIENT_BY_VALUE}, {@link Kind#FROZEN_HOLDS_RESILIENT} and the compiler's
     * frozen-field error.
     */
    public static Path resilientByValue(Type t, Function<? super Path, ? extends Item> lookup) {
        return resilientByValue(t, lookup, 0);
    }

    private static Path resilientByValue(Type t, Function<? super Path, ? extends Item> lookup, int depth) {
        if (depth > 64) return null;
        if (t instanceof Type.Named n) {
            Item it = lookup.apply(n.path());
            if (it instanceof Item.TypeAlias a) return resilientByValue(a.target(), lookup, depth + 1);
            if (it instanceof Item.Struct s && !s.frozen() || it instanceof Item.Enum e && !e.frozen()) return n.path();
            return null;
        } else if (t instanceof Type.Array a) {
            return resilientByValue(a.element(), lookup, depth + 1);
        } else if (t instanceof Type.Tuple tu) {
            for (Type e : tu.elements()) {
                Path r = resilientByValue(e, lookup, depth + 1);
                if (r != null) return r;
            }
        } else if (t instanceof Type.OptionOf o) {
            return resilientByValue(o.inner(), lookup, depth + 1);
        }
        return null;
    }
}
