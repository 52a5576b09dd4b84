package dev.race.format.pack;

import dev.race.format.marker.Marker;
import dev.race.format.rcrate.RSymbols;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trims each import view to what the crate uses, so the link checks exactly the contract the code relies on.
 * Used are: the items the crate's markers name; the view's functions whose symbols the objects reference as
 * undefined; the items the crate's own declarations mention (field types, signatures, impl traits and targets,
 * alias targets); then, transitively, every item a used item mentions by value or through any pointer, and an
 * impl of the view whose trait and implementing type are both used. A view with no used item is dropped; the
 * others keep their used items in declaration order.
 */
final class ImportTrimmer {
    private ImportTrimmer() {
    }

    static List<Crate> trim(Crate crate, List<Crate> imports, List<Marker> queries, RSymbols symbols) {
        Map<Path, Item> views = new HashMap<>();
        for (Crate c : imports) {
            if (!c.name().equals(crate.name())) {
                views.putAll(c.itemsByPath());
            }
        }
        Set<Path> used = new HashSet<>();
        Deque<Path> work = new ArrayDeque<>();
        for (Marker m : queries) {
            work.addAll(Sites.itemsOf(m));
        }
        Set<String> undefined = new HashSet<>();
        for (int i = 0; i < symbols.count(); i++) {
            if (symbols.section(i) == RSymbols.UNDEF && !symbols.name(i).isEmpty()) {
                undefined.add(symbols.name(i));
            }
        }
        for (Item it : views.values()) {
            if (it instanceof Item.Function f && undefined.contains(f.symbol())) {
                work.add(f.path());
            }
        }
        for (Item it : crate.items()) {
            mentions(it, work);
        }
        boolean grew = true;
        while (grew) {
            while (!work.isEmpty()) {
                Path p = work.pop();
                Item it = views.get(p);
                if (it != null && used.add(p)) {
                    mentions(it, work);
                }
            }
            grew = false;
            for (Item it : views.values()) {
                if (it instanceof Item.Impl impl && !used.contains(impl.path()) && used.contains(impl.trait())
                        && impl.forType() instanceof Type.Named n && used.contains(n.path())) {
                    work.add(impl.path());
                    grew = true;
                }
            }
        }
        List<Crate> out = new ArrayList<>();
        for (Crate c : imports) {
            List<Item> keep = c.items().stream().filter(it -> used.contains(it.path())).toList();
            if (!keep.isEmpty()) {
                out.add(new Crate(c.name(), c.version(), keep));
            }
        }
        return out;
    }

    static void mentions(Item it, Deque<Path> out) {
        if (it instanceof Item.Struct s) {
            for (Field f : s.fields()) {
                type(f.type(), out);
            }
        } else if (it instanceof Item.Enum e) {
            for (Variant v : e.variants()) {
                for (Field f : v.fields()) {
                    type(f.type(), out);
                }
            }
        } else if (it instanceof Item.Trait t) {
            // a trait's slots follow its supertraits' methods: the view keeps them so the link can check them
            out.addAll(t.supertraits());
            for (TraitMethod m : t.methods()) {
                sig(m.sig(), out);
            }
        } else if (it instanceof Item.Impl impl) {
            out.add(impl.trait());
            type(impl.forType(), out);
        } else if (it instanceof Item.Function f) {
            sig(f.sig(), out);
        } else if (it instanceof Item.TypeAlias a) {
            type(a.target(), out);
        }
    }

    private static void sig(FnSig sig, Deque<Path> out) {
        for (Param p : sig.params()) {
            type(p.type(), out);
        }
        type(sig.ret(), out);
    }

    private static void type(Type t, Deque<Path> out) {
        if (t instanceof Type.Named n) {
            out.add(n.path());
        } else if (t instanceof Type.Dyn d) {
            out.add(d.trait());
        } else if (t instanceof Type.Array a) {
            type(a.element(), out);
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> type(e, out));
        } else if (t instanceof Type.Ref r) {
            type(r.target(), out);
        } else if (t instanceof Type.RawPtr r) {
            type(r.target(), out);
        } else if (t instanceof Type.BoxOf b) {
            type(b.target(), out);
        } else if (t instanceof Type.Slice s) {
            type(s.element(), out);
        } else if (t instanceof Type.OptionOf o) {
            type(o.inner(), out);
        } else if (t instanceof Type.FnPtr f) {
            f.params().forEach(p -> type(p, out));
            type(f.ret(), out);
        }
    }
}
