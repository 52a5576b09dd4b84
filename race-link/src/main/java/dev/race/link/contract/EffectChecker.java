package dev.race.link.contract;

import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Crate;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.TypeText;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Effects over the real call graph ({@code docs/contracts.md}, "Effects over the call graph"). The link builds a
 * {@link Graph} whose nodes are the function (and data) symbols of the live sections and whose edges are the
 * relocations between them; each node named by a STEG declaration ({@link #declarations}) carries that
 * declaration's effects. Two rules:
 * <ol>
 *   <li>a declared function whose effects omit {@code E} must not reach a function declared with {@code E}
 *       (undeclared functions are followed through; an external function nobody declares is opaque);</li>
 *   <li>under a policy ({@code --forbid E,...}) nothing the program's roots reach may declare a forbidden effect,
 *       and an external function with no STEG declaration counts as having every effect.</li>
 * </ol>
 * Each rule is one breadth-first search per effect, over primitive arrays.
 */
public final class EffectChecker {
    private EffectChecker() {
    }

    /** What STEG says about one object-file symbol: how messages name it, who declares it, and its effects. */
    public record Declaration(String name, String declaredBy, SortedSet<String> effects) {
    }

    /** Edge kinds: how the link knows the source reaches the target. */
    public static final int RELOCATION = 0;
    public static final int RESOLVED_BRANCH = 1;
    public static final int SAME_SECTION = 2;

    /**
     * Symbol name to its declaration, from every input's own STEG: its functions (and {@code extern fn}s), the
     * methods its impls bind (with the effects the trait declares, from the crate that exports the trait, else the
     * importer's view of it), trait default bodies; and the {@code extern fn}s of every import view. A symbol
     * declared twice gets the union of the effects, and the first declaration's name.
     */
    public static Map<String, Declaration> declarations(List<InputCrate> inputs) {
        Map<String, Crate> exporters = new HashMap<>();
        for (InputCrate in : inputs) {
            exporters.putIfAbsent(in.file().crate().name(), in.file().crate());
        }
        Map<String, Declaration> out = new LinkedHashMap<>();
        for (InputCrate in : inputs) {
            RcrateFile f = in.file();
            String by = in.crateId() + " (" + in.name() + ")";
            for (Item it : f.crate().items()) {
                if (it instanceof Item.Function fn) {
                    declare(out, fn.symbol(), fn.external() ? fn.symbol() : fn.path().toString(), by,
                            fn.sig().effects());
                } else if (it instanceof Item.Trait t) {
                    for (TraitMethod m : t.methods()) {
                        if (m.defaultSymbol() != null) {
                            declare(out, m.defaultSymbol(), t.path() + "::" + m.name() + " (default body)", by,
                                    m.sig().effects());
                        }
                    }
                } else if (it instanceof Item.Impl impl) {
                    Item.Trait trait = trait(impl.trait(), exporters, f);
                    for (ImplMethod m : impl.methods()) {
                        TraitMethod tm = trait == null ? null
                                : trait.methods().stream().filter(x -> x.name().equals(m.name())).findFirst()
                                .orElse(null);
                        if (tm != null) {
                            declare(out, m.symbol(), "<" + TypeText.of(impl.forType()) + " as " + impl.trait()
                                    + ">::" + m.name(), by, tm.sig().effects());
                        }
                    }
                }
            }
            for (Crate view : f.imports()) {
                for (Item it : view.items()) {
                    if (it instanceof Item.Function fn && fn.external()) {
                        declare(out, fn.symbol(), fn.symbol(), in.crateId() + "'s view of " + view.name() + "@"
                                + view.version(), fn.sig().effects());
                    }
                }
            }
        }
        return out;
    }

    private static Item.Trait trait(Path path, Map<String, Crate> exporters, RcrateFile importer) {
        Crate ex = exporters.get(path.crate());
        if (ex != null && ex.item(path).orElse(null) instanceof Item.Trait t) {
            return t;
        }
        for (Crate view : importer.imports()) {
            if (view.item(path).orElse(null) instanceof Item.Trait t) {
                return t;
            }
        }
        return importer.crate().item(path).orElse(null) instanceof Item.Trait t ? t : null;
    }

    private static void declare(Map<String, Declaration> out, String symbol, String name, String by,
                                SortedSet<String> effects) {
        Declaration prev = out.get(symbol);
        if (prev == null) {
            out.put(symbol, new Declaration(name, by, effects));
        } else if (!prev.effects().containsAll(effects)) {
            TreeSet<String> union = new TreeSet<>(prev.effects());
            union.addAll(effects);
            out.put(symbol, new Declaration(prev.name(), prev.declaredBy(), union));
        }
    }

    /**
     * The call graph: nodes with a name, a declaration (or none), whether they are functions (rules apply to
     * functions; data and section nodes are only followed through) and whether they are external (no input
     * defines them); edges with a kind and a site, which {@code sites} turns into text only when a message needs
     * it.
     */
    public static final class Graph {
        private final List<String> names = new ArrayList<>();
        private final List<Declaration> decls = new ArrayList<>();
        private final MutableIntList flags = new IntArrayList();
        private final MutableIntList from = new IntArrayList();
        private final MutableIntList to = new IntArrayList();
        private final MutableIntList kinds = new IntArrayList();
        private final LongArrayList sites = new LongArrayList();
        private final LongFunction<String> siteText;
        private int[] outStart;
        private int[] outEdge;
        private int[] inStart;
        private int[] inEdge;

        static final int FUNCTION = 1;
        static final int EXTERNAL = 2;

        public Graph(LongFunction<String> siteText) {
            this.siteText = siteText;
        }

        /** Adds a node; returns its number. */
        public int node(String name, Declaration decl, boolean function, boolean external) {
            names.add(name);
            decls.add(decl);
            flags.add((function ? FUNCTION : 0) | (external ? EXTERNAL : 0));
            return names.size() - 1;
        }

        public void edge(int source, int target, int kind, long site) {
            if (source == target) {
                return;
            }
            from.add(source);
            to.add(target);
            kinds.add(kind);
            sites.add(site);
        }

        public int nodes() {
            return names.size();
        }

        public int edges() {
            return from.size();
        }

        String name(int n) {
            return names.get(n);
        }

        Declaration decl(int n) {
            return decls.get(n);
        }

        boolean function(int n) {
            return (flags.get(n) & FUNCTION) != 0;
        }

        boolean external(int n) {
            return (flags.get(n) & EXTERNAL) != 0;
        }

        /** Builds the forward and reverse adjacency (CSR), in edge order. */
        void freeze() {
            int n = nodes();
            int m = edges();
            outStart = new int[n + 1];
            inStart = new int[n + 1];
            for (int e = 0; e < m; e++) {
                outStart[from.get(e) + 1]++;
                inStart[to.get(e) + 1]++;
            }
            for (int v = 0; v < n; v++) {
                outStart[v + 1] += outStart[v];
                inStart[v + 1] += inStart[v];
            }
            int[] of = Arrays.copyOf(outStart, n);
            int[] inf = Arrays.copyOf(inStart, n);
            outEdge = new int[m];
            inEdge = new int[m];
            for (int e = 0; e < m; e++) {
                outEdge[of[from.get(e)]++] = e;
                inEdge[inf[to.get(e)]++] = e;
            }
        }

        String edgeText(int e) {
            String site = siteText.apply(sites.get(e));
            return switch (kinds.get(e)) {
                case RESOLVED_BRANCH -> names.get(from.get(e)) + " -> " + names.get(to.get(e))
                        + ": a branch the assembler resolved at " + site;
                case SAME_SECTION -> names.get(from.get(e)) + " -> " + names.get(to.get(e))
                        + ": code of the same section " + site + " (a reference the link cannot place)";
                default -> names.get(from.get(e)) + " -> " + names.get(to.get(e)) + ": referenced at " + site;
            };
        }
    }

    /**
     * Both rules over {@code g}: {@code roots} are the nodes the program starts from (the policy's reach),
     * {@code forbid} the policy's effects (empty: no policy). Diagnostics in node order, per effect sorted.
     */
    public static List<Diagnostic> check(Graph g, int[] roots, Set<String> forbid) {
        g.freeze();
        int n = g.nodes();
        List<Diagnostic> out = new ArrayList<>();
        // rule (a): every effect some declaration names
        TreeSet<String> effects = new TreeSet<>();
        for (int v = 0; v < n; v++) {
            if (g.decl(v) != null) {
                effects.addAll(g.decl(v).effects());
            }
        }
        for (String e : effects) {
            boolean[] sink = new boolean[n];
            for (int v = 0; v < n; v++) {
                sink[v] = g.decl(v) != null && g.decl(v).effects().contains(e);
            }
            int[] next = towardSinks(g, sink);
            for (int v = 0; v < n; v++) {
                Declaration d = g.decl(v);
                if (d == null || sink[v] || next[v] < 0 || !g.function(v)) {
                    continue;
                }
                List<Integer> path = path(g, v, next, sink);
                List<String> details = new ArrayList<>();
                details.add("declared: " + effectsText(d.effects()) + " (by " + d.declaredBy() + ")");
                edges(g, path, details);
                details.add("declare effects(" + e + ") for " + d.name() + ", or keep its code from reaching "
                        + g.name(path.get(path.size() - 1)));
                out.add(Diagnostic.error(DiagnosticCode.EFFECT, d.name() + " is declared without effect " + e
                        + " but reaches a function declared with it: " + pathText(g, path), details));
            }
        }
        // rule (b): the policy
        if (!forbid.isEmpty()) {
            boolean[] sink = new boolean[n];
            for (int v = 0; v < n; v++) {
                Declaration d = g.decl(v);
                sink[v] = d == null ? g.external(v) : forbid.stream().anyMatch(d.effects()::contains);
            }
            int[] next = towardSinks(g, sink);
            // forward from the roots: the first root (in order) that reaches each sink, shortest path
            int[] parent = new int[n];
            Arrays.fill(parent, -2);
            MutableIntList queue = new IntArrayList();
            for (int r : roots) {
                if (parent[r] == -2) {
                    parent[r] = -1;
                    queue.add(r);
                }
            }
            for (int h = 0; h < queue.size(); h++) {
                int v = queue.get(h);
                if (sink[v]) {
                    continue; // report the nearest sink on a path; what lies beyond it is its own business
                }
                for (int j = g.outStart[v]; j < g.outStart[v + 1]; j++) {
                    int w = g.to.get(g.outEdge[j]);
                    if (parent[w] == -2) {
                        parent[w] = v;
                        queue.add(w);
                    }
                }
            }
            String policy = "--forbid " + String.join(",", new TreeSet<>(forbid));
            for (int v = 0; v < n; v++) {
                if (!sink[v] || parent[v] == -2) {
                    continue;
                }
                List<Integer> path = new ArrayList<>();
                for (int u = v; u != -1; u = parent[u]) {
                    path.add(0, u);
                }
                List<Integer> beyond = path(g, v, next, sink);
                path.addAll(beyond.subList(1, beyond.size()));
                List<String> details = new ArrayList<>();
                edges(g, path, details);
                Declaration d = g.decl(v);
                String root = g.name(path.get(0));
                if (d == null) {
                    details.add(g.name(v) + " has no STEG declaration, so it counts as having every effect; declare "
                            + "it in a platform .steg, e.g. `extern fn " + g.name(v) + "(...);` with no effects");
                    out.add(Diagnostic.error(DiagnosticCode.EFFECT, policy + ": " + root + " reaches " + g.name(v)
                            + ", which no input defines and no STEG declares: " + pathText(g, path), details));
                } else {
                    TreeSet<String> hit = new TreeSet<>(d.effects());
                    hit.retainAll(forbid);
                    details.add(0, "declared: " + effectsText(d.effects()) + " (by " + d.declaredBy() + ")");
                    String what = path.get(0) == v
                            ? d.name() + " is declared with " + effectsText(hit) + " and is a root of the program (the "
                            + "entry, an init or fini function, or a global function of a relocatable output)"
                            : root + " reaches " + d.name() + ", declared with " + effectsText(hit);
                    out.add(Diagnostic.error(DiagnosticCode.EFFECT, policy + ": " + what + ": " + pathText(g, path), details));
                }
            }
        }
        return out; // every one: the command line caps what it prints (--error-limit), the count stays true
    }


    /** Reverse BFS from the sinks: for each node the next node on a shortest path to a sink (-1: none, or a sink). */
    private static int[] towardSinks(Graph g, boolean[] sink) {
        int n = g.nodes();
        int[] next = new int[n];
        Arrays.fill(next, -2);
        MutableIntList queue = new IntArrayList();
        for (int v = 0; v < n; v++) {
            if (sink[v]) {
                next[v] = -1;
                queue.add(v);
            }
        }
        for (int h = 0; h < queue.size(); h++) {
            int v = queue.get(h);
            for (int j = g.inStart[v]; j < g.inStart[v + 1]; j++) {
                int u = g.from.get(g.inEdge[j]);
                if (next[u] == -2) {
                    next[u] = v;
                    queue.add(u);
                }
            }
        }
        for (int v = 0; v < n; v++) {
            if (next[v] == -2) {
                next[v] = -1;
            } else if (sink[v]) {
                next[v] = -1;
            }
        }
        // a node that reaches no sink has -1 like a sink; callers tell them apart with sink[]
        return next;
    }

    /**
     * From {@code v} to the nearest sink, then on from each sink to the sink it reaches in turn (a function
     * declared with the effect because it calls one), so the path ends where the effect comes from.
     */
    private static List<Integer> path(Graph g, int v, int[] next, boolean[] sink) {
        List<Integer> path = new ArrayList<>();
        boolean[] seen = new boolean[g.nodes()];
        int u = v;
        while (true) {
            path.add(u);
            seen[u] = true;
            if (!sink[u]) {
                u = next[u];
                if (u < 0) {
                    return path;
                }
                continue;
            }
            int best = -1;
            for (int j = g.outStart[u]; j < g.outStart[u + 1]; j++) {
                int w = g.to.get(g.outEdge[j]);
                if (!seen[w] && (sink[w] || next[w] >= 0) && (best < 0 || sink[w] && !sink[best])) {
                    best = w;
                }
            }
            if (best < 0) {
                return path;
            }
            u = best;
        }
    }

    private static void edges(Graph g, List<Integer> path, List<String> details) {
        for (int i = 0; i + 1 < path.size(); i++) {
            int a = path.get(i);
            int b = path.get(i + 1);
            for (int j = g.outStart[a]; j < g.outStart[a + 1]; j++) {
                if (g.to.get(g.outEdge[j]) == b) {
                    details.add(g.edgeText(g.outEdge[j]));
                    break;
                }
            }
        }
    }

    private static String pathText(Graph g, List<Integer> path) {
        StringJoiner j = new StringJoiner(" -> ");
        path.forEach(v -> j.add(g.name(v)));
        int last = path.get(path.size() - 1);
        Declaration d = g.decl(last);
        return j + (d != null ? " (" + effectsText(d.effects()) + ")" : g.external(last) ? " (undeclared)" : "");
    }

    static String effectsText(SortedSet<String> effects) {
        return effects.isEmpty() ? "no effects" : "effects(" + String.join(", ", effects) + ")";
    }
}
