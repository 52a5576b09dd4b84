package dev.race.link.pipeline;

import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The link map ({@code --map}): every output section with its address, size and alignment, the input sections
 * and merged-constant blocks placed in it, then every global symbol with its address and where it was defined,
 * then every marker with the constant (or address) it received and each place it was used.
 * For a relocatable output, addresses are offsets in their section.
 */
final class LinkMap {
    private LinkMap() {
    }

    static String render(LinkContext cx) {
        StringBuilder sb = new StringBuilder();
        sb.append("# race link map: ").append(cx.options.output() == null ? "(no output file)" : cx.options.output())
                .append(", target ").append(cx.rcrateTarget.cliName()).append(", ")
                .append(cx.options.kind().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        if (cx.options.kind() == dev.race.link.api.OutputKind.EXECUTABLE) {
            sb.append(String.format("# entry %s at 0x%x%n", cx.options.entry(), cx.entryAddress));
        }
        sb.append('\n').append(String.format("%-18s %-12s %-6s %s%n", "address", "size", "align", "section / input"));
        List<Integer> order = new ArrayList<>();
        for (int o = 0; o < cx.outputs.size(); o++) {
            order.add(o);
        }
        order.sort(Comparator.comparingLong((Integer o) -> cx.outputs.get(o).address).thenComparing(o -> o));
        for (int o : order) {
            OutputPlan p = cx.outputs.get(o);
            sb.append(String.format("0x%016x 0x%-10x %-6d %s%n", p.address, p.size, p.align, p.name));
            for (SectionMerger.Block b : p.blocks) {
                sb.append(String.format("  0x%016x 0x%-10x %-6d <merged constants, entry size %d>%n",
                        p.address + b.offset, b.size(), b.align, b.entsize));
            }
            for (int j = 0; j < p.members.size(); j++) {
                int g = p.members.get(j);
                int i = cx.inputOf(g);
                int s = g - cx.sectionBase[i];
                RSection sec = cx.file(i).sections().get(s);
                sb.append(String.format("  0x%016x 0x%-10x %-6d %s:%s%n", p.address + cx.offsetIn[g], sec.size(),
                        sec.align(), cx.origin(i, s), sec.name()));
            }
        }
        sb.append('\n').append(String.format("%-18s %-10s %s%n", "address", "size", "symbol (defined in)"));
        List<Map.Entry<Long, String>> defs = new ArrayList<>(OutputPasses.definitionsInOrder(cx).entrySet());
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<Long, String> e : defs) {
            int i = (int) (e.getKey() >>> 32);
            int k = (int) (long) e.getKey();
            RSymbols sy = cx.file(i).symbols();
            if (sy.section(k) >= 0 && cx.outputOf[cx.section(i, sy.section(k))] < 0) {
                continue;
            }
            rows.add(new String[] {String.format("0x%016x", cx.symbolAddress[i][k]),
                    String.format("0x%-8x", sy.size(k)), e.getValue(), placeOf(cx, i, k)});
        }
        rows.sort(Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[2]));
        for (String[] r : rows) {
            sb.append(r[0]).append(' ').append(r[1]).append(' ').append(r[2]).append(" (").append(r[3]).append(")\n");
        }
        List<MarkerTable.Row> markers = MarkerTable.rows(cx);
        sb.append('\n').append("markers (").append(markers.size())
                .append("): the constant or address each one received, and where it was used\n");
        sb.append(markers.isEmpty() ? "(none)\n" : MarkerTable.text(markers));
        return sb.toString();
    }

    /** Where a symbol was defined, without looking for the enclosing function (a map lists them all). */
    private static String placeOf(LinkContext cx, int i, int k) {
        RSymbols sy = cx.file(i).symbols();
        int sec = sy.section(k);
        if (sec < 0) {
            return cx.inputs.get(i).name() + (sec == RSymbols.ABS ? ", absolute" : ", common");
        }
        return cx.origin(i, sec) + ":" + cx.file(i).sections().get(sec).name() + "+0x" + Long.toHexString(sy.value(k));
    }
}
