package dev.race.format.pack;

import dev.race.format.marker.Marker;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.steg.model.Path;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which code locations depend on which item: every semantic relocation is a site of the items its query
 * names (a vtable query names both the trait and the type). A site reads
 * {@code origin:section+0xOFF (in function)}, the function being the defined FUNC symbol of that section
 * whose extent covers the offset. Derived from the relocations and queries alone, so nothing extra is stored.
 */
public final class Sites {
    private static final int STT_FUNC = 2;

    private Sites() {
    }

    /** Item path to its sites, paths sorted, sites in relocation order without repeats. */
    public static Map<Path, List<String>> of(RcrateFile file) {
        Map<Path, Set<String>> sets = new TreeMap<>();
        RRelocations r = file.relocations();
        Functions fns = new Functions(file.symbols());
        for (int i = 0; i < r.count(); i++) {
            if (!r.isSemantic(i)) {
                continue;
            }
            String site = site(file.sections(), fns, r.section(i), r.offset(i));
            for (Path p : itemsOf(file.queries().get(r.query(i)))) {
                sets.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(site);
            }
        }
        Map<Path, List<String>> out = new TreeMap<>();
        sets.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /**
     * For each query of {@code file} (by index), the sites of the semantic relocations that ask it, in relocation
     * order without repeats: where each marker is used.
     */
    public static List<List<String>> ofQueries(RcrateFile file) {
        List<Set<String>> sets = new ArrayList<>();
        for (int q = 0; q < file.queries().size(); q++) {
            sets.add(new LinkedHashSet<>());
        }
        RRelocations r = file.relocations();
        Functions fns = new Functions(file.symbols());
        for (int i = 0; i < r.count(); i++) {
            if (r.isSemantic(i) && r.query(i) < sets.size()) {
                sets.get(r.query(i)).add(site(file.sections(), fns, r.section(i), r.offset(i)));
            }
        }
        List<List<String>> out = new ArrayList<>();
        sets.forEach(s -> out.add(List.copyOf(s)));
        return out;
    }

    /**
     * Undefined symbol name to the sites of the ordinary relocations against it (calls and address references to
     * functions or data another crate defines), names sorted, sites in relocation order without repeats. The
     * contract checker lists them under an imported function that changed.
     */
    public static Map<String, List<String>> ofUndefinedSymbols(RcrateFile file) {
        Map<String, Set<String>> sets = new TreeMap<>();
        RRelocations r = file.relocations();
        RSymbols syms = file.symbols();
        Functions fns = new Functions(syms);
        for (int i = 0; i < r.count(); i++) {
            int sym = r.symbol(i);
            if (r.isSemantic(i) || sym < 0 || sym >= syms.count() || syms.section(sym) != RSymbols.UNDEF
                    || syms.name(sym).isEmpty()) {
                continue;
            }
            sets.computeIfAbsent(syms.name(sym), k -> new LinkedHashSet<>())
                    .add(site(file.sections(), fns, r.section(i), r.offset(i)));
        }
        Map<String, List<String>> out = new TreeMap<>();
        sets.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** The items a query names: the type, trait or enum, and for a vtable the trait and the type. */
    public static List<Path> itemsOf(Marker m) {
        if (m instanceof Marker.Offset o) {
            return List.of(o.type());
        } else if (m instanceof Marker.Size s) {
            return List.of(s.type());
        } else if (m instanceof Marker.Align a) {
            return List.of(a.type());
        } else if (m instanceof Marker.Init i) {
            return List.of(i.type());
        } else if (m instanceof Marker.Slot s) {
            return List.of(s.trait());
        } else if (m instanceof Marker.Vtable v) {
            return List.of(v.trait(), v.type());
        } else if (m instanceof Marker.Upcast u) {
            return List.of(u.sub(), u.sup());
        } else if (m instanceof Marker.Tag t) {
            return List.of(t.enumType());
        } else if (m instanceof Marker.Has h) {
            return List.of(h.type());
        }
        throw new IllegalArgumentException("unknown marker " + m);
    }

    /** A query in words: {@code offset-of engine::Transform.scale}, {@code vtable engine::Plugin for plugin::Physics}. */
    public static String describe(Marker m) {
        if (m instanceof Marker.Offset o) {
            return "offset-of " + o.type() + "." + String.join(".", o.member());
        } else if (m instanceof Marker.Size s) {
            return "size-of " + s.type();
        } else if (m instanceof Marker.Align a) {
            return "align-of " + a.type();
        } else if (m instanceof Marker.Init i) {
            return "init-image " + i.type();
        } else if (m instanceof Marker.Slot s) {
            return "vtable-slot " + s.trait() + "::" + s.method();
        } else if (m instanceof Marker.Vtable v) {
            return "vtable " + v.trait() + " for " + v.type();
        } else if (m instanceof Marker.Upcast u) {
            return "upcast " + u.sub() + " to " + u.sup();
        } else if (m instanceof Marker.Tag t) {
            return "tag " + t.enumType() + "::" + t.variant();
        } else if (m instanceof Marker.Has h) {
            return h.member().isEmpty() ? "type-exists " + h.type()
                    : "field-exists " + h.type() + "." + String.join(".", h.member());
        }
        throw new IllegalArgumentException("unknown marker " + m);
    }

    /**
     * The site of one offset of one section of {@code file}, as {@link #of} words it. It indexes the functions on
     * every call, so it is meant for diagnostics, not for hot loops.
     */
    public static String siteOf(RcrateFile file, int section, long offset) {
        return site(file.sections(), new Functions(file.symbols()), section, offset);
    }

    /** {@code origin:section+0xOFF (in function)}; the parenthesis is left out when no function covers it. */
    static String site(List<RSection> sections, Functions fns, int section, long offset) {
        RSection s = sections.get(section);
        String fn = fns.covering(section, offset);
        return s.origin() + ":" + s.name() + "+0x" + Long.toHexString(offset) + (fn == null ? "" : " (in " + fn + ")");
    }

    /** The defined FUNC symbols of each section, to find the one enclosing an offset. */
    static final class Functions {
        private final Map<Integer, List<Integer>> bySection = new TreeMap<>();
        private final RSymbols symbols;

        Functions(RSymbols symbols) {
            this.symbols = symbols;
            for (int i = 0; i < symbols.count(); i++) {
                if (symbols.type(i) == STT_FUNC && symbols.section(i) >= 0) {
                    bySection.computeIfAbsent(symbols.section(i), k -> new ArrayList<>()).add(i);
                }
            }
        }

        String covering(int section, long offset) {
            String best = null;
            for (int i : bySection.getOrDefault(section, List.of())) {
                long start = symbols.value(i);
                long size = symbols.size(i);
                if (offset >= start && (offset < start + size || size == 0 && offset == start)) {
                    // prefer a global name over a local alias of the same code
                    if (best == null || symbols.binding(i) != 0) {
                        best = symbols.name(i);
                    }
                }
            }
            return best;
        }
    }
}
