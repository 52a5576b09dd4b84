package dev.race.format.pack;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RcrateFile;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that each layout query names something the crate was compiled against: an item of the crate's own
 * STEG or of an import view, and within it the member path (through nested struct fields and named types,
 * aliases seen through, tuple fields by index, an enum's variant and then its field), the variant, or the
 * trait method. A query that does not resolve is one error naming the marker, what is missing and every site.
 */
final class QueryChecker {
    private final Map<String, Crate> crates = new LinkedHashMap<>();
    private final String known;

    QueryChecker(Crate crate, List<Crate> imports) {
        crates.put(crate.name(), crate);
        for (Crate c : imports) {
            crates.putIfAbsent(c.name(), c);
        }
        known = String.join(", ", crates.keySet());
    }

    List<PackError> check(RcrateFile file) {
        List<PackError> errors = new ArrayList<>();
        RRelocations r = file.relocations();
        Sites.Functions fns = new Sites.Functions(file.symbols());
        List<Set<String>> sites = new ArrayList<>();
        for (int q = 0; q < file.queries().size(); q++) {
            sites.add(new LinkedHashSet<>());
        }
        List<String> firstOrigin = new ArrayList<>(java.util.Collections.nCopies(file.queries().size(), ""));
        for (int i = 0; i < r.count(); i++) {
            if (r.isSemantic(i)) {
                if (sites.get(r.query(i)).isEmpty()) {
                    firstOrigin.set(r.query(i), file.sections().get(r.section(i)).origin());
                }
                sites.get(r.query(i)).add(Sites.site(file.sections(), fns, r.section(i), r.offset(i)));
            }
        }
        for (int q = 0; q < file.queries().size(); q++) {
            Marker m = file.queries().get(q);
            String problem = problem(m);
            if (problem != null) {
                errors.add(new PackError(firstOrigin.get(q), "marker " + Markers.mangle(m) + " ("
                        + Sites.describe(m) + "): " + problem + "; used at " + String.join(", ", sites.get(q))));
            }
        }
        return errors;
    }

    /** What the query names that does not exist, or null when it resolves. */
    String problem(Marker m) {
        try {
            if (m instanceof Marker.Offset o) {
                walk(o.type(), o.member());
            } else if (m instanceof Marker.Has h) {
                // the code was compiled against a version that has it: the view must declare it
                if (h.member().isEmpty()) dataType(h.type());
                else walk(h.type(), h.member());
            } else if (m instanceof Marker.Size s) {
                dataType(s.type());
            } else if (m instanceof Marker.Align a) {
                dataType(a.type());
            } else if (m instanceof Marker.Init i) {
                Item it = dataType(i.type());
                if (!(it instanceof Item.Struct)) {
                    throw new Missing(i.type() + " is " + kind(it) + ", not a struct (only a struct has an init image)");
                }
            } else if (m instanceof Marker.Slot s) {
                method(trait(s.trait()), s.method());
            } else if (m instanceof Marker.Upcast u) {
                Item.Trait sub = trait(u.sub());
                trait(u.sup());
                if (!supertraits(sub).contains(u.sup())) {
                    throw new Missing(u.sup() + " is not a supertrait of " + u.sub() + " "
                            + list("supertraits", supertraits(sub).stream().map(Path::toString).toList()));
                }
            } else if (m instanceof Marker.Vtable v) {
                trait(v.trait());
                dataType(v.type());
            } else if (m instanceof Marker.Tag t) {
                Item it = dataType(t.enumType());
                if (!(it instanceof Item.Enum e)) {
                    throw new Missing(t.enumType() + " is " + kind(it) + ", not an enum");
                }
                variant(e, t.variant());
            }
            return null;
        } catch (Missing e) {
            return e.getMessage();
        }
    }

    private static final class Missing extends Exception {
        Missing(String message) {
            super(message, null, false, false);
        }
    }

    private Item item(Path p) throws Missing {
        Crate c = crates.get(p.crate());
        if (c == null) {
            throw new Missing("no crate `" + p.crate() + "` among the crate and its imports (" + known + ")");
        }
        return c.item(p).orElseThrow(() -> new Missing(c.name() + " " + c.version() + " declares no item " + p));
    }

    /** A struct, an enum, or what an alias chain ends in (as the alias item when it is not named). */
    private Item dataType(Path p) throws Missing {
        Item it = item(p);
        Set<Path> seen = new LinkedHashSet<>();
        while (it instanceof Item.TypeAlias a && a.target() instanceof Type.Named n && seen.add(a.path())) {
            it = item(n.path());
        }
        if (it instanceof Item.Struct || it instanceof Item.Enum || it instanceof Item.TypeAlias) {
            return it;
        }
        throw new Missing(p + " is " + kind(it) + ", not a struct, enum or type alias");
    }

    private Item.Trait trait(Path p) throws Missing {
        Item it = item(p);
        if (it instanceof Item.Trait t) {
            return t;
        }
        throw new Missing(p + " is " + kind(it) + ", not a trait");
    }

    /** A method of the trait or, inherited, of one of its supertraits (which the trait's vtables also hold). */
    private void method(Item.Trait t, String name) throws Missing {
        List<String> names = new ArrayList<>();
        List<Item.Trait> all = new ArrayList<>();
        for (Path p : supertraits(t)) {
            all.add(trait(p));
        }
        all.add(t);
        for (Item.Trait owner : all) {
            for (TraitMethod m : owner.methods()) {
                if (m.name().equals(name)) {
                    return;
                }
                names.add(m.name());
            }
        }
        throw new Missing(t.path() + " has no method `" + name + "` " + list("methods", names));
    }

    /** The transitive supertraits of {@code t} (depth first, declaration order, each once) that the crates declare. */
    private List<Path> supertraits(Item.Trait t) throws Missing {
        List<Path> out = new ArrayList<>();
        collect(t, out, new java.util.HashSet<>());
        return out;
    }

    private void collect(Item.Trait t, List<Path> out, Set<Path> onPath) throws Missing {
        onPath.add(t.path());
        for (Path s : t.supertraits()) {
            if (out.contains(s) || onPath.contains(s)) {
                continue;
            }
            collect(trait(s), out, onPath);
            out.add(s);
        }
        onPath.remove(t.path());
    }

    private static Variant variant(Item.Enum e, String name) throws Missing {
        List<String> names = new ArrayList<>();
        for (Variant v : e.variants()) {
            if (v.name().equals(name)) {
                return v;
            }
            names.add(v.name());
        }
        throw new Missing(e.path() + " has no variant `" + name + "` " + list("variants", names));
    }

    private static Field field(String owner, List<Field> fields, String name) throws Missing {
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
            names.add(f.name());
        }
        throw new Missing(owner + " has no field `" + name + "` " + list("fields", names));
    }

    private static String list(String what, List<String> names) {
        return names.isEmpty() ? "(it has no " + what + ")" : "(" + what + ": " + String.join(", ", names) + ")";
    }

    /** Follows {@code member} from {@code type}: each step needs a struct, enum, tuple, Option, or alias of one. */
    private void walk(Path type, List<String> member) throws Missing {
        Type cur = new Type.Named(type);
        String curText = type.toString();
        for (int i = 0; i < member.size(); i++) {
            String m = member.get(i);
            Set<Path> seen = new LinkedHashSet<>();
            while (cur instanceof Type.Named n) {
                Item it = item(n.path());
                if (it instanceof Item.TypeAlias a && seen.add(a.path())) {
                    cur = a.target();
                    curText = StegPrinter.canonicalTypeText(cur);
                    continue;
                }
                break;
            }
            if (cur instanceof Type.Named n) {
                Item it = item(n.path());
                if (it instanceof Item.Struct s) {
                    cur = field(s.path().toString(), s.fields(), m).type();
                } else if (it instanceof Item.Enum e) {
                    Variant v = variant(e, m);
                    if (i + 1 == member.size()) {
                        return;
                    }
                    cur = field(e.path() + "::" + v.name(), v.fields(), member.get(++i)).type();
                } else {
                    throw new Missing(n.path() + " is " + kind(it) + ", which has no field `" + m + "`");
                }
            } else if (cur instanceof Type.Tuple t) {
                int idx;
                try {
                    idx = Integer.parseInt(m);
                } catch (NumberFormatException e) {
                    idx = -1;
                }
                if (idx < 0 || idx >= t.elements().size()) {
                    throw new Missing("the tuple " + curText + " has no field `" + m + "` (fields: 0.."
                            + (t.elements().size() - 1) + ")");
                }
                cur = t.elements().get(idx);
            } else if (cur instanceof Type.OptionOf o) {
                // as the layout solver reads it: Option<T> is enum { None, Some(T) }
                if (!m.equals("None") && !m.equals("Some")) {
                    throw new Missing(curText + " has no variant `" + m + "` (variants: None, Some)");
                }
                if (i + 1 == member.size()) {
                    return;
                }
                String f = member.get(++i);
                if (m.equals("None")) {
                    throw new Missing(curText + "::None has no field `" + f + "` (it has no fields)");
                }
                if (!f.equals("0")) {
                    throw new Missing(curText + "::Some has no field `" + f + "` (fields: 0)");
                }
                cur = o.inner();
            } else {
                throw new Missing(curText + " is not a struct, enum or tuple, so it has no field `" + m + "`");
            }
            curText = StegPrinter.canonicalTypeText(cur);
        }
    }

    private static String kind(Item it) {
        if (it instanceof Item.Struct) return "a struct";
        if (it instanceof Item.Enum) return "an enum";
        if (it instanceof Item.Trait) return "a trait";
        if (it instanceof Item.Impl) return "an impl";
        if (it instanceof Item.Function) return "a function";
        return "a type alias";
    }
}
