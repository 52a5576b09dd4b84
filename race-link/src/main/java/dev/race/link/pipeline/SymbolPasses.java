package dev.race.link.pipeline;

import dev.race.format.elf.Elf;
import dev.race.format.pack.Sites;
import dev.race.format.rcrate.RGroup;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.OutputKind;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The passes that number sections, resolve symbols and collect unreachable sections. */
final class SymbolPasses {
    private SymbolPasses() {
    }

    static final int STB_LOCAL = 0;
    static final int STB_GLOBAL = 1;
    static final int STB_WEAK = 2;
    static final int STT_SECTION = 3;
    static final int STT_FILE = 4;

    /** Gives every input section a link-wide number and sorts each input's relocations by section. */
    static final class IndexSections implements Pass {
        @Override
        public String name() {
            return "index-sections";
        }

        @Override
        public void run(LinkContext cx) {
            int n = cx.inputs.size();
            cx.sectionBase = new int[n];
            cx.relocOrder = new int[n][];
            cx.relocStart = new int[n][];
            int total = 0;
            for (int i = 0; i < n; i++) {
                cx.sectionBase[i] = total;
                total += cx.file(i).sections().size();
            }
            cx.sectionCount = total;
            cx.relocClass = new byte[n][];
            cx.parallelFor(n, i -> {
                RcrateFile f = cx.file(i);
                RRelocations r = f.relocations();
                int sections = f.sections().size();
                int[] start = new int[sections + 1];
                for (int k = 0; k < r.count(); k++) {
                    start[r.section(k) + 1]++;
                }
                for (int s = 0; s < sections; s++) {
                    start[s + 1] += start[s];
                }
                int[] fill = start.clone();
                int[] order = new int[r.count()];
                for (int k = 0; k < r.count(); k++) {
                    order[fill[r.section(k)]++] = k;
                }
                cx.relocOrder[i] = order;
                cx.relocStart[i] = start;
                cx.relocClass[i] = classify(f);
            });
        }

        /** Each relocation's {@link LinkContext#RELOC_ORDINARY class}, its query asked once here. */
        private static byte[] classify(RcrateFile f) {
            RRelocations r = f.relocations();
            List<dev.race.format.marker.Marker> queries = f.queries();
            byte[] c = new byte[r.count()];
            for (int k = 0; k < c.length; k++) {
                int q = r.query(k);
                if (q >= 0) {
                    c[k] = queries.get(q).isConstant() ? LinkContext.RELOC_CONSTANT : LinkContext.RELOC_ADDRESS;
                }
            }
            return c;
        }
    }

    /**
     * Keeps the first COMDAT group of each signature (in input order) and discards the others; then gives each
     * global name one definition: a strong definition beats a COMMON one, which beats a weak one; two strong
     * definitions are an error naming both; COMMON symbols keep the largest size and alignment.
     */
    static final class ResolveSymbols implements Pass {
        @Override
        public String name() {
            return "resolve-symbols";
        }

        @Override
        public void run(LinkContext cx) {
            cx.discarded = new boolean[cx.sectionCount];
            Set<String> signatures = new HashSet<>();
            for (int i = 0; i < cx.inputs.size(); i++) {
                for (RGroup g : cx.file(i).groups()) {
                    if (g.comdat() && !signatures.add(g.signature())) {
                        for (int s : g.sections()) {
                            cx.discarded[cx.section(i, s)] = true;
                        }
                    }
                }
            }
            Map<String, List<Long>> duplicates = new TreeMap<>();
            for (int i = 0; i < cx.inputs.size(); i++) {
                RSymbols sy = cx.file(i).symbols();
                for (int k = 0; k < sy.count(); k++) {
                    int b = sy.binding(k);
                    int sec = sy.section(k);
                    if (b == STB_LOCAL || sec == RSymbols.UNDEF || sy.type(k) == STT_SECTION || sy.type(k) == STT_FILE) {
                        continue;
                    }
                    if (sec >= 0 && cx.discarded[cx.section(i, sec)]) {
                        continue;
                    }
                    String name = sy.name(k);
                    long here = (long) i << 32 | k;
                    long prev = cx.globals.get(name);
                    if (prev < 0) {
                        cx.globals.put(name, here);
                        continue;
                    }
                    int rank = rank(sy, k);
                    RSymbols py = cx.file((int) (prev >>> 32)).symbols();
                    int pk = (int) prev;
                    int prank = rank(py, pk);
                    if (rank == 2 && prank == 2) {
                        duplicates.computeIfAbsent(name, x -> new ArrayList<>(List.of(prev))).add(here);
                    } else if (rank == 1 && prank == 1) {
                        if (sy.size(k) > py.size(pk) || sy.size(k) == py.size(pk) && sy.value(k) > py.value(pk)) {
                            cx.globals.put(name, here);
                        }
                    } else if (rank > prank) {
                        cx.globals.put(name, here);
                    }
                }
            }
            for (Map.Entry<String, List<Long>> e : duplicates.entrySet()) {
                List<String> where = new ArrayList<>();
                for (long d : e.getValue()) {
                    where.add("defined in " + definedAt(cx, (int) (d >>> 32), (int) d));
                }
                cx.error("duplicate symbol " + e.getKey() + " (defined " + e.getValue().size() + " times)", where);
            }
            resolveReferences(cx);
        }

        /** Fills {@link LinkContext#definition}: one look-up per non-local symbol, here, instead of one per use. */
        static void resolveReferences(LinkContext cx) {
            int n = cx.inputs.size();
            cx.definition = new long[n][];
            cx.parallelFor(n, i -> {
                RSymbols sy = cx.file(i).symbols();
                long[] d = new long[sy.count()];
                for (int k = 0; k < d.length; k++) {
                    if (sy.binding(k) == STB_LOCAL) {
                        d[k] = (long) i << 32 | k;
                    } else {
                        d[k] = cx.globals.get(sy.name(k));
                    }
                }
                cx.definition[i] = d;
            });
        }

        /** 2: a strong definition; 1: COMMON; 0: weak. */
        private static int rank(RSymbols sy, int k) {
            if (sy.binding(k) == STB_WEAK) {
                return 0;
            }
            return sy.section(k) == RSymbols.COMMON ? 1 : 2;
        }
    }

    /** {@code engine.rcrate(engine.o):.text+0x10 (in spawn)}, or the input and "absolute"/"common". */
    static String definedAt(LinkContext cx, int input, int sym) {
        RcrateFile f = cx.file(input);
        int sec = f.symbols().section(sym);
        if (sec < 0) {
            String what = sec == RSymbols.ABS ? "absolute" : sec == RSymbols.COMMON ? "common" : "undefined";
            return cx.inputs.get(input).name() + " (" + what + ")";
        }
        return siteOf(cx, input, sec, f.symbols().value(sym));
    }

    static String siteOf(LinkContext cx, int input, int sec, long offset) {
        return qualified(cx.inputs.get(input), Sites.siteOf(cx.file(input), sec, offset));
    }

    /** A site as {@link Sites} words it ({@code plugin.o:.text+0x1c}) named inside its input ({@code x.rcrate(plugin.o):..}). */
    static String qualified(InputCrate in, String site) {
        return in.name() + "(" + site.replaceFirst(":", "):");
    }

    /** Whether an input section becomes part of the output at all (allocated, and not unwind tables of an exe). */
    /** GNU IFUNC as the .rcrate stores it (docs/rcrate-format.md: 7, not the ELF number 10). */
    static final int STT_GNU_IFUNC_RCRATE = 7;

    static boolean placeable(LinkContext cx, RSection s) {
        if ((s.flags() & Elf.SHF_ALLOC) == 0) {
            return false;
        }
        // GNU property notes (IBT, SHSTK, BTI, PAC ...) claim a feature for the whole program only if every input has
        // it; concatenated, one object's note would claim it for code that lacks it. RACE does not combine them (yet),
        // so its outputs claim none: weaker hardening, never a false claim
        if (s.name().equals(".note.gnu.property")) {
            return false;
        }
        return cx.options.kind() == OutputKind.RELOCATABLE || !s.name().equals(".eh_frame");
    }

    /**
     * Marks the sections reachable from the roots (the entry symbol's section, init/fini arrays) through
     * relocations; with {@code --no-gc-sections}, or for a relocatable output, every placeable section is live.
     */
    static final class GcSections implements Pass {
        @Override
        public String name() {
            return "gc-sections";
        }

        @Override
        public void run(LinkContext cx) {
            cx.live = new boolean[cx.sectionCount];
            boolean exe = cx.options.kind() == OutputKind.EXECUTABLE;
            long entry = cx.globals.get(cx.options.entry());
            if (exe && (entry < 0 || cx.file((int) (entry >>> 32)).symbols().section((int) entry) < 0)) {
                cx.error("entry symbol " + cx.options.entry() + " is not defined by any input"
                        + (cx.options.entry().equals("_start") ? " (name another with --entry SYM)" : ""));
                return;
            }
            MutableIntList work = new IntArrayList();
            for (int i = 0; i < cx.inputs.size(); i++) {
                List<RSection> ss = cx.file(i).sections();
                for (int s = 0; s < ss.size(); s++) {
                    int g = cx.section(i, s);
                    if (cx.discarded[g] || !placeable(cx, ss.get(s))) {
                        continue;
                    }
                    if (!exe || !cx.options.gcSections() || isRoot(ss.get(s))) {
                        cx.live[g] = true;
                        work.add(g);
                    }
                }
            }
            if (exe) {
                int ei = (int) (entry >>> 32);
                int g = cx.section(ei, cx.file(ei).symbols().section((int) (long) entry));
                if (!cx.live[g]) {
                    cx.live[g] = true;
                    work.add(g);
                }
            }
            while (!work.isEmpty()) {
                int g = work.removeAtIndex(work.size() - 1);
                int i = cx.inputOf(g);
                int s = g - cx.sectionBase[i];
                RcrateFile f = cx.file(i);
                RRelocations r = f.relocations();
                int[] order = cx.relocOrder[i];
                for (int j = cx.relocStart[i][s]; j < cx.relocStart[i][s + 1]; j++) {
                    int k = order[j];
                    if (cx.relocClass[i][k] == LinkContext.RELOC_CONSTANT) {
                        continue;
                    }
                    int t = targetSection(cx, i, r.symbol(k));
                    if (t >= 0 && !cx.live[t] && !cx.discarded[t] && placeable(cx, sectionAt(cx, t))) {
                        cx.live[t] = true;
                        work.add(t);
                    }
                }
            }
            if (exe) {
                refuseIfuncs(cx);
            }
        }

        /**
         * A GNU indirect function's symbol value is its resolver, which a dynamic loader or a static libc's start-up
         * (through R_*_IRELATIVE) runs to get the real function. RACE's executables have neither yet, so a call would
         * reach the resolver and take its return value for the function's: refused, not linked.
         */
        private static void refuseIfuncs(LinkContext cx) {
            for (int i = 0; i < cx.inputs.size(); i++) {
                RSymbols sy = cx.file(i).symbols();
                for (int k = 0; k < sy.count(); k++) {
                    if (sy.type(k) == STT_GNU_IFUNC_RCRATE && sy.section(k) >= 0
                            && cx.live[cx.section(i, sy.section(k))]) {
                        cx.error(cx.origin(i, sy.section(k)) + ": symbol " + sy.name(k) + " is a GNU indirect function"
                                + " (IFUNC, e.g. __attribute__((ifunc)) or glibc's string functions), whose resolver"
                                + " RACE's executables do not run yet (no IRELATIVE relocations); hint: call the"
                                + " implementation directly, or link with --emit relocatable and let the system linker"
                                + " resolve it");
                    }
                }
            }
        }

        private static boolean isRoot(RSection s) {
            int t = s.type();
            String n = s.name();
            return t == Elf.SHT_INIT_ARRAY || t == Elf.SHT_FINI_ARRAY || t == Elf.SHT_PREINIT_ARRAY
                    || n.equals(".init") || n.equals(".fini") || n.startsWith(".ctors") || n.startsWith(".dtors")
                    || t == Elf.SHT_NOTE;
        }
    }

    static RSection sectionAt(LinkContext cx, int g) {
        int i = cx.inputOf(g);
        return cx.file(i).sections().get(g - cx.sectionBase[i]);
    }

    /** The link-wide section a symbol reference lands in (following globals to their definition), or -1. */
    static int targetSection(LinkContext cx, int input, int sym) {
        long def = cx.definition[input][sym];
        if (def < 0) {
            return -1;
        }
        input = (int) (def >>> 32);
        sym = (int) def;
        int sec = cx.file(input).symbols().section(sym);
        return sec >= 0 ? cx.section(input, sec) : -1;
    }

}
