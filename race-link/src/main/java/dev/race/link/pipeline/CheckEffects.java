package dev.race.link.pipeline;

import dev.race.format.elf.Elf;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.OutputKind;
import dev.race.link.contract.EffectChecker;
import dev.race.link.contract.EffectChecker.Declaration;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check-effects}: builds the call graph of the live sections and checks declared effects and the
 * {@code --forbid} policy over it ({@link EffectChecker}; docs/contracts.md, "Effects over the call graph").
 * <p>
 * Nodes: every defined function, object or global label of a live section, as a range {@code [value, value+size)}
 * (a size-0 symbol extends to the next symbol or the section's end; bytes past a symbol's end up to the next symbol,
 * such as an AArch64 literal pool, belong to it; aliases at one address are one node), one node
 * per live section for bytes no symbol covers, and one node per symbol no input defines. Edges:
 * <ul>
 *   <li>each relocation (but layout constants) from the range holding its offset to what its symbol resolves to;
 *       a section-symbol reference ({@code .text+0x10}) goes to the range holding {@code addend} (and, for x86-64
 *       PC-relative types, {@code addend+4}), else to the section node. So a function whose address is taken
 *       (a vtable, a callback table) is reached from whatever takes it, conservatively;</li>
 *   <li>branches the assembler resolved inside one section, which leave no relocation (a call to a static
 *       function of the same {@code .text}): read from the code, from the direct branch and PC-relative address
 *       forms of the target (x86-64 call/jmp/jcc rel8/rel32 and RIP-relative lea/mov; AArch64 b, bl, b.cond,
 *       cbz, tbz, adr) whose destination is exactly the start of another range of the section;</li>
 *   <li>a section node of code reaches every range of its section (a reference that lands on no symbol).</li>
 * </ul>
 */
final class CheckEffects implements Pass {
    @Override
    public String name() {
        return "check-effects";
    }

    @Override
    public void run(LinkContext cx) {
        Map<String, Declaration> decls = EffectChecker.declarations(cx.inputs);
        if (cx.options.forbid().isEmpty() && decls.values().stream().allMatch(d -> d.effects().isEmpty())) {
            return; // no declared effect and no policy: nothing can be refused, so no graph is built
        }
        int n = cx.inputs.size();
        EffectChecker.Graph g = new EffectChecker.Graph(site -> {
            int i = (int) (site >>> 48);
            int s = (int) (site >>> 32) & 0xffff;
            return SymbolPasses.siteOf(cx, i, s, site & 0xffffffffL);
        });
        int[][] symNode = new int[n][];
        int[] sectionNode = new int[cx.sectionCount];
        Arrays.fill(sectionNode, -1);
        // per live section: range starts (sorted), ends, nodes
        long[][] starts = new long[cx.sectionCount][];
        long[][] ends = new long[cx.sectionCount][];
        int[][] nodes = new int[cx.sectionCount][];
        Map<String, Integer> externals = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RcrateFile f = cx.file(i);
            RSymbols sy = f.symbols();
            symNode[i] = new int[sy.count()];
            Arrays.fill(symNode[i], -1);
            List<RSection> ss = f.sections();
            // symbols per section
            int[] count = new int[ss.size() + 1];
            for (int k = 0; k < sy.count(); k++) {
                if (isRange(cx, i, sy, k)) {
                    count[sy.section(k) + 1]++;
                }
            }
            for (int s = 0; s < ss.size(); s++) {
                count[s + 1] += count[s];
            }
            int[] fill = Arrays.copyOf(count, ss.size());
            int[] bySection = new int[count[ss.size()]];
            for (int k = 0; k < sy.count(); k++) {
                if (isRange(cx, i, sy, k)) {
                    bySection[fill[sy.section(k)]++] = k;
                }
            }
            for (int s = 0; s < ss.size(); s++) {
                int gs = cx.section(i, s);
                if (!cx.live[gs]) {
                    continue;
                }
                RSection sec = ss.get(s);
                sectionNode[gs] = g.node(cx.origin(i, s) + ":" + sec.name(), null, false, false);
                Integer[] ks = new Integer[count[s + 1] - count[s]];
                for (int j = 0; j < ks.length; j++) {
                    ks[j] = bySection[count[s] + j];
                }
                Arrays.sort(ks, (a, b) -> Long.compare(sy.value(a), sy.value(b)));
                MutableIntList nodeList = new IntArrayList();
                long[] st = new long[ks.length];
                long[] en = new long[ks.length];
                int m = 0;
                for (int j = 0; j < ks.length; j++) {
                    int k = ks[j];
                    long v = sy.value(k);
                    if (m > 0 && st[m - 1] == v) {
                        symNode[i][k] = nodeList.get(m - 1); // an alias of the previous symbol
                        en[m - 1] = Math.max(en[m - 1], v + sy.size(k));
                        continue;
                    }
                    Declaration d = sy.binding(k) == SymbolPasses.STB_LOCAL ? null : decls.get(sy.name(k));
                    // the declared alias names the node, if any of the aliases is declared
                    for (int a = j + 1; d == null && a < ks.length && sy.value(ks[a]) == v; a++) {
                        if (sy.binding(ks[a]) != SymbolPasses.STB_LOCAL) {
                            d = decls.get(sy.name(ks[a]));
                        }
                    }
                    boolean function = sy.type(k) == STT_FUNC || sy.type(k) == STT_GNU_IFUNC
                            || (sec.flags() & Elf.SHF_EXECINSTR) != 0 && sy.type(k) != STT_OBJECT;
                    int node = g.node(d != null ? d.name() : sy.name(k), d, function, false);
                    symNode[i][k] = node;
                    nodeList.add(node);
                    st[m] = v;
                    en[m] = v + sy.size(k);
                    m++;
                }
                for (int j = 0; j < m; j++) {
                    if (en[j] == st[j]) {
                        en[j] = j + 1 < m ? st[j + 1] : sec.size();
                    }
                }
                starts[gs] = Arrays.copyOf(st, m);
                ends[gs] = Arrays.copyOf(en, m);
                nodes[gs] = nodeList.toArray();
                if ((sec.flags() & Elf.SHF_EXECINSTR) != 0) {
                    for (int j = 0; j < m; j++) {
                        g.edge(sectionNode[gs], nodes[gs][j], EffectChecker.SAME_SECTION, site(i, s, st[j]));
                    }
                }
            }
        }
        boolean x86 = cx.rcrateTarget.elfMachine() == Elf.EM_X86_64;
        for (int i = 0; i < n; i++) {
            RcrateFile f = cx.file(i);
            RRelocations r = f.relocations();
            RSymbols sy = f.symbols();
            for (int s = 0; s < f.sections().size(); s++) {
                int gs = cx.section(i, s);
                if (!cx.live[gs]) {
                    continue;
                }
                BitSet relocated = new BitSet();
                for (int j = cx.relocStart[i][s]; j < cx.relocStart[i][s + 1]; j++) {
                    int k = cx.relocOrder[i][j];
                    long off = r.offset(k);
                    relocated.set((int) off, (int) off + 4);
                    if (cx.relocClass[i][k] == LinkContext.RELOC_CONSTANT) {
                        continue;
                    }
                    int from = nodeAt(starts[gs], ends[gs], nodes[gs], off, sectionNode[gs]);
                    int sym = r.symbol(k);
                    long site = site(i, s, off);
                    if (sy.binding(sym) != SymbolPasses.STB_LOCAL) {
                        long def = cx.definition[i][sym];
                        if (def < 0) {
                            String name = sy.name(sym);
                            if (name.isEmpty() || name.startsWith(dev.race.format.marker.Markers.PREFIX)) {
                                continue;
                            }
                            Declaration d = decls.get(name);
                            int to = externals.computeIfAbsent(name, x -> g.node(x, d, true, true));
                            g.edge(from, to, EffectChecker.RELOCATION, site);
                            continue;
                        }
                        int di = (int) (def >>> 32);
                        int dk = (int) (long) def;
                        int to = symNode[di][dk];
                        if (to >= 0) {
                            g.edge(from, to, EffectChecker.RELOCATION, site);
                        } else {
                            target(cx, g, from, di, dk, 0, false, site, starts, ends, nodes, sectionNode);
                        }
                        continue;
                    }
                    if (symNode[i][sym] >= 0) {
                        g.edge(from, symNode[i][sym], EffectChecker.RELOCATION, site);
                    } else {
                        target(cx, g, from, i, sym, r.addend(k), x86 && pcRelative(r.type(k)), site, starts, ends,
                                nodes, sectionNode);
                    }
                }
                RSection sec = f.sections().get(s);
                if ((sec.flags() & Elf.SHF_EXECINSTR) != 0 && !sec.isNobits() && starts[gs].length > 1) {
                    resolvedBranches(g, x86, sec, i, s, starts[gs], ends[gs], nodes[gs], relocated);
                }
            }
        }
        int[] roots = roots(cx, g, symNode, starts, nodes, sectionNode);
        EffectChecker.check(g, roots, cx.options.forbid()).forEach(cx::report);
    }

    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    /** GNU IFUNC as the .rcrate stores it (docs/rcrate-format.md: type 7, not the ELF number 10). */
    private static final int STT_GNU_IFUNC = 7;

    private static long site(int input, int section, long offset) {
        return (long) input << 48 | (long) section << 32 | (offset & 0xffffffffL);
    }

    /** A defined symbol of a live section that names a range: a function, an object or a global label. */
    private static boolean isRange(LinkContext cx, int i, RSymbols sy, int k) {
        int sec = sy.section(k);
        if (sec < 0 || !cx.live[cx.section(i, sec)]) {
            return false;
        }
        int t = sy.type(k);
        return t == STT_FUNC || t == STT_OBJECT || t == STT_GNU_IFUNC
                || t == 0 && sy.binding(k) != SymbolPasses.STB_LOCAL;
    }

    /** x86-64 relocation types whose addend is the target minus 4 (the field ends the instruction). */
    private static boolean pcRelative(int type) {
        return type == 2 || type == 4 || type == 9 || type == 24 || type == 41 || type == 42;
    }

    /**
     * The range holding {@code off}; bytes past a symbol's size up to the next symbol (a literal pool, a jump table,
     * padding) belong to the symbol before them; bytes before the first symbol to {@code fallback}.
     */
    private static int nodeAt(long[] st, long[] en, int[] nodes, long off, int fallback) {
        int j = Arrays.binarySearch(st, off);
        if (j < 0) {
            j = -j - 2;
        }
        return j >= 0 ? nodes[j] : fallback;
    }

    /** A reference to a symbol that is no range (a section symbol or a local label): by where it lands. */
    private static void target(LinkContext cx, EffectChecker.Graph g, int from, int di, int dk, long addend,
                               boolean pc, long site, long[][] starts, long[][] ends, int[][] nodes,
                               int[] sectionNode) {
        RSymbols sy = cx.file(di).symbols();
        int sec = sy.section(dk);
        if (sec < 0) {
            return; // absolute or common: data, no code
        }
        int gs = cx.section(di, sec);
        if (!cx.live[gs] || sectionNode[gs] < 0) {
            return;
        }
        long at = sy.value(dk) + addend;
        int a = nodeAt(starts[gs], ends[gs], nodes[gs], at, -1);
        int b = pc ? nodeAt(starts[gs], ends[gs], nodes[gs], at + 4, -1) : -1;
        if (a >= 0) {
            g.edge(from, a, EffectChecker.RELOCATION, site);
        }
        if (b >= 0 && b != a) {
            g.edge(from, b, EffectChecker.RELOCATION, site);
        }
        if (a < 0 && b < 0) {
            g.edge(from, sectionNode[gs], EffectChecker.RELOCATION, site);
        }
    }

    /** Direct branches and PC-relative addresses the assembler resolved, to the start of another range. */
    private static void resolvedBranches(EffectChecker.Graph g, boolean x86, RSection sec, int i, int s, long[] st,
                                         long[] en, int[] nodes, BitSet relocated) {
        ByteBuffer b = sec.bytes().order(ByteOrder.LITTLE_ENDIAN);
        int size = (int) sec.size();
        for (int j = 0; j < st.length; j++) {
            int lo = (int) st[j];
            int hi = (int) Math.min(en[j], size);
            if (x86) {
                for (int p = lo; p < hi; p++) {
                    int op = b.get(p) & 0xff;
                    if ((op == 0xe8 || op == 0xe9) && p + 5 <= size) {
                        branch(g, st, nodes, j, p, p + 5L + b.getInt(p + 1), relocated, p + 1, 4, i, s);
                    } else if ((op == 0xeb || op >= 0x70 && op <= 0x7f) && p + 2 <= size) {
                        branch(g, st, nodes, j, p, p + 2L + b.get(p + 1), relocated, p + 1, 1, i, s);
                    }
                    if (p + 6 <= size) {
                        int op2 = b.get(p + 1) & 0xff;
                        if (op == 0x0f && op2 >= 0x80 && op2 <= 0x8f
                                || (op == 0x8d || op == 0x8b || op == 0xff) && (op2 & 0xc7) == 0x05) {
                            branch(g, st, nodes, j, p, p + 6L + b.getInt(p + 2), relocated, p + 2, 4, i, s);
                        }
                    }
                }
            } else {
                for (int p = lo & ~3; p + 4 <= hi; p += 4) {
                    int w = b.getInt(p);
                    long t;
                    if ((w & 0x7c000000) == 0x14000000) {                 // b, bl
                        t = p + ((long) (w << 6 >> 6) << 2);
                    } else if ((w & 0xff000010) == 0x54000000 || (w & 0x7e000000) == 0x34000000) { // b.cond, cbz
                        t = p + ((long) (w << 8 >> 13) << 2);
                    } else if ((w & 0x7e000000) == 0x36000000) {          // tbz, tbnz
                        t = p + ((long) (w << 13 >> 18) << 2);
                    } else if ((w & 0x9f000000) == 0x10000000) {          // adr
                        t = p + ((long) ((w << 8 >> 13) << 2 | (w >>> 29 & 3)));
                    } else {
                        continue;
                    }
                    branch(g, st, nodes, j, p, t, relocated, p, 4, i, s);
                }
            }
        }
    }

    private static void branch(EffectChecker.Graph g, long[] st, int[] nodes, int j, int p, long t, BitSet relocated,
                               int field, int width, int i, int s) {
        if (t == st[j]) {
            return;
        }
        int k = Arrays.binarySearch(st, t);
        if (k < 0 || relocated.get(field, field + width).cardinality() > 0) {
            return;
        }
        g.edge(nodes[j], nodes[k], EffectChecker.RESOLVED_BRANCH, site(i, s, p));
    }

    /**
     * Where the program starts: for an executable the entry symbol and the live init/fini sections; for a
     * relocatable output (a library for another linker) every global function.
     */
    private static int[] roots(LinkContext cx, EffectChecker.Graph g, int[][] symNode, long[][] starts, int[][] nodes,
                               int[] sectionNode) {
        MutableIntList roots = new IntArrayList();
        if (cx.options.kind() == OutputKind.EXECUTABLE) {
            long e = cx.globals.get(cx.options.entry());
            if (e >= 0 && symNode[(int) (e >>> 32)][(int) e] >= 0) {
                roots.add(symNode[(int) (e >>> 32)][(int) e]);
            }
            for (int gs = 0; gs < cx.sectionCount; gs++) {
                if (sectionNode[gs] < 0) {
                    continue;
                }
                RSection sec = SymbolPasses.sectionAt(cx, gs);
                int t = sec.type();
                if (t == Elf.SHT_INIT_ARRAY || t == Elf.SHT_FINI_ARRAY || t == Elf.SHT_PREINIT_ARRAY
                        || sec.name().equals(".init") || sec.name().equals(".fini") || sec.name().startsWith(".ctors")
                        || sec.name().startsWith(".dtors")) {
                    roots.add(sectionNode[gs]);
                    roots.addAll(nodes[gs]);
                }
            }
        } else {
            for (int i = 0; i < cx.inputs.size(); i++) {
                RSymbols sy = cx.file(i).symbols();
                for (int k = 0; k < sy.count(); k++) {
                    if (symNode[i][k] >= 0 && sy.binding(k) != SymbolPasses.STB_LOCAL && sy.type(k) == STT_FUNC) {
                        roots.add(symNode[i][k]);
                    }
                }
            }
        }
        return roots.toArray();
    }
}
