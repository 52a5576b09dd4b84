package dev.race.link.contract;

import dev.race.steg.compat.Boundaries;
import dev.race.steg.compat.Compatibility;
import dev.race.steg.compat.Mismatch;
import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.Type;
import dev.race.steg.model.TypeText;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Visibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code race check --stable-surface}: the exported ({@code pub}) items of a crate whose types have no stable ABI
 * under RACE (docs/diff.md), so that a client compiled against this version could be passed or lay out values
 * wrongly under the next one even though the link checks it:
 *
 * <ul>
 *   <li>a resilient type (not {@code #[frozen]}) taken or returned by value by a function, a trait method or a
 *       {@code fn(..)} pointer type (in a field, a parameter or a type alias): the link's own rule,
 *       {@link Boundaries} ({@code RESILIENT_BY_VALUE});</li>
 *   <li>a {@code #[frozen]} type holding a resilient one by value ({@code FROZEN_HOLDS_RESILIENT}, {@link Boundaries}
 *       too; the .steg compiler refuses it as well);</li>
 *   <li>a {@code fn(..)} pointer with the Rust ABI held by value in a {@code #[frozen]} type, or named by a
 *       {@code pub} type alias: the frozen promise is a fixed layout any compiler can use, and the Rust calling
 *       convention is not one ({@code RUST_ABI_FN_POINTER}).</li>
 * </ul>
 */
public final class StableSurface {
    /** One finding: {@code item} and {@code member} locate it, {@code message} says it, {@code hint} what to do. */
    public record Finding(String kind, Path item, String member, String message, String hint) {
    }

    private StableSurface() {
    }

    /** The findings for {@code crate}'s pub items, in item order; {@code deps} resolves the types it names. */
    public static List<Finding> check(Crate crate, List<Crate> deps) {
        Map<Path, Item> items = new HashMap<>();
        crate.items().forEach(it -> items.putIfAbsent(it.path(), it));
        deps.forEach(c -> c.items().forEach(it -> items.putIfAbsent(it.path(), it)));
        List<Mismatch> boundaries = Boundaries.check(crate, deps);
        List<Finding> out = new ArrayList<>();
        for (Item it : crate.items()) {
            if (!isPub(it)) continue;
            String owner = "pub " + kind(it) + " " + it.path();
            for (Mismatch m : boundaries) {
                if (!m.item().equals(it.path())) continue;
                if (m.kind() == Kind.RESILIENT_BY_VALUE) {
                    out.add(new Finding(m.kind().name(), m.item(), m.member(), m.member() + " of " + owner + " is "
                            + m.found() + ", which has no stable ABI under RACE: expected " + m.expected(),
                            Boundaries.hint(m)));
                } else if (m.kind() == Kind.FROZEN_HOLDS_RESILIENT) {
                    out.add(new Finding(m.kind().name(), m.item(), m.member(), "field " + m.member() + " of " + owner
                            + " holds " + m.found() + ": a frozen layout cannot rest on it; expected " + m.expected(),
                            "mark the held type #[frozen] or hold it behind a pointer"));
                }
            }
            if (it instanceof Item.Struct s && s.frozen()) {
                for (Field f : s.fields()) rustAbi(items, owner, it.path(), f.name(), f.type(), out);
            } else if (it instanceof Item.Enum e && e.frozen()) {
                for (Variant v : e.variants()) {
                    for (Field f : v.fields()) rustAbi(items, owner, it.path(), v.name() + "." + f.name(), f.type(), out);
                }
            } else if (it instanceof Item.TypeAlias a && rustFn(items, a.target(), 0) != null) {
                out.add(new Finding("RUST_ABI_FN_POINTER", a.path(), "", owner + " names "
                        + TypeText.of(a.target()) + ", a fn pointer with the Rust ABI, which has no stable ABI: "
                        + "expected an extern \"C\" fn pointer", "write extern \"C\" fn(..)"));
            }
        }
        return out;
    }

    private static void rustAbi(Map<Path, Item> items, String owner, Path item, String member, Type t, List<Finding> out) {
        Type.FnPtr f = rustFn(items, t, 0);
        if (f != null) {
            out.add(new Finding("RUST_ABI_FN_POINTER", item, member, "field " + member + " of " + owner + " holds "
                    + TypeText.of(f) + ", a fn pointer with the Rust ABI, which has no stable ABI: expected an "
                    + "extern \"C\" fn pointer", "write extern \"C\" fn(..), or do not freeze the type"));
        }
    }

    /** A Rust-ABI fn pointer {@code t} holds by value (itself, arrays, tuples, Option, aliases), or null. */
    private static Type.FnPtr rustFn(Map<Path, Item> items, Type t, int depth) {
        if (depth > 64) return null;
        if (t instanceof Type.FnPtr f) return f.abi().equals("Rust") ? f : null;
        if (t instanceof Type.Named n && items.get(n.path()) instanceof Item.TypeAlias a) return rustFn(items, a.target(), depth + 1);
        if (t instanceof Type.Array a) return rustFn(items, a.element(), depth + 1);
        if (t instanceof Type.OptionOf o) return rustFn(items, o.inner(), depth + 1);
        if (t instanceof Type.Tuple tu) {
            for (Type e : tu.elements()) {
                Type.FnPtr f = rustFn(items, e, depth + 1);
                if (f != null) return f;
            }
        }
        return null;
    }

    private static boolean isPub(Item it) {
        Visibility v = null;
        if (it instanceof Item.Struct s) v = s.visibility();
        else if (it instanceof Item.Enum e) v = e.visibility();
        else if (it instanceof Item.Trait t) v = t.visibility();
        else if (it instanceof Item.Function f) v = f.visibility();
        else if (it instanceof Item.TypeAlias a) v = a.visibility();
        return v == Visibility.PUBLIC;
    }

    private static String kind(Item it) {
        String k = Compatibility.kindWord(it);
        return (it instanceof Item.Struct s && s.frozen() || it instanceof Item.Enum e && e.frozen() ? "frozen " : "") + k;
    }
}
