package dev.race.link.pipeline;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.pack.Sites;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every marker the inputs of a link use, with the constant it received (or, for a vtable or init-image marker, its
 * address) and each place it was used: for {@code --map} and {@code race dump --against}.
 */
public final class MarkerTable {
    private MarkerTable() {
    }

    /**
     * One marker: its symbol name, the query in words, the answer in words, and the sites that use it
     * ({@code plugin.rcrate(plugin.o):.text+0x1c (in step)}), in input and relocation order.
     */
    public record Row(String marker, String query, String value, List<String> uses) {
    }

    /**
     * The rows, sorted by marker name, once {@code answer-queries} has run; vtable and init-image addresses are
     * known once {@code assign-addresses} has (for a relocatable output they are offsets in their section).
     */
    public static List<Row> rows(LinkContext cx) {
        return rows(cx, -1);
    }

    /** As {@link #rows(LinkContext)}, for the markers of input {@code only} alone (-1: of every input). */
    public static List<Row> rows(LinkContext cx, int only) {
        Map<String, String[]> head = new TreeMap<>();
        Map<String, Set<String>> uses = new TreeMap<>();
        if (cx.answers == null) {
            return List.of();
        }
        for (int i = 0; i < cx.inputs.size() && i < cx.answers.length; i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            InputCrate in = cx.inputs.get(i);
            List<Marker> qs = in.file().queries();
            List<List<String>> sites = Sites.ofQueries(in.file());
            for (int q = 0; q < qs.size(); q++) {
                Marker m = qs.get(q);
                String name = Markers.mangle(m);
                long answer = cx.answers[i][q];
                head.computeIfAbsent(name, k -> new String[] {Sites.describe(m), value(cx, m, answer)});
                Set<String> u = uses.computeIfAbsent(name, k -> new LinkedHashSet<>());
                for (String s : sites.get(q)) {
                    u.add(SymbolPasses.qualified(in, s));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        head.forEach((name, h) -> rows.add(new Row(name, h[0], h[1], List.copyOf(uses.get(name)))));
        return rows;
    }

    private static String value(LinkContext cx, Marker m, long answer) {
        if (m instanceof Marker.Vtable || m instanceof Marker.Init) {
            long def = cx.globals.get(Markers.mangle(m));
            if (def < 0 || cx.symbolAddress == null) {
                return "an address (assigned when the link places it)";
            }
            int i = (int) (def >>> 32);
            int k = (int) (long) def;
            long a = cx.symbolAddress[i][k];
            if (cx.options.kind() == dev.race.link.api.OutputKind.EXECUTABLE) {
                return String.format("0x%x", a);
            }
            int sec = cx.file(i).symbols().section(k);
            int o = sec >= 0 ? cx.outputOf[cx.section(i, sec)] : -1;
            return String.format("offset 0x%x in %s", a, o >= 0 ? cx.outputs.get(o).name : "its output section");
        }
        if (answer == SemanticPasses.GUARDED_POISON) {
            return "none: not in the linked crates, and guarded by a has query that answers 0";
        }
        if (m instanceof Marker.Has) {
            return answer == 1 ? "1 (present)" : "0 (absent)";
        }
        if (m instanceof Marker.Tag) {
            return String.format("0x%x", answer);
        }
        return Long.toString(answer);
    }

    /** The rows as text, for the link map and {@code race dump --against}. */
    public static String text(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        int w = 0;
        for (Row r : rows) {
            w = Math.max(w, r.marker().length());
        }
        for (Row r : rows) {
            sb.append(r.marker()).append(" ".repeat(w - r.marker().length() + 2)).append(r.query()).append(" = ")
                    .append(r.value()).append('\n');
            for (String u : r.uses()) {
                sb.append("    used at ").append(u).append('\n');
            }
        }
        return sb.toString();
    }
}
