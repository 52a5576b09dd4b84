package dev.race.link.pipeline;

import dev.race.codegen.elf.ExecImage;
import dev.race.codegen.elf.LayoutPlanner;
import dev.race.format.elf.Elf;
import dev.race.format.marker.Markers;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.OutputKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The passes that place input sections in output sections and give everything its address. */
final class SectionPasses {
    private SectionPasses() {
    }

    /** Output section families: an input section {@code P} or {@code P.anything} goes to output {@code P}. */
    private static final List<String> FAMILIES = List.of(".text", ".rodata", ".data.rel.ro", ".data", ".bss",
            ".init_array", ".fini_array", ".preinit_array", ".tdata", ".tbss");

    static String outputName(String input) {
        for (String f : FAMILIES) {
            if (input.equals(f) || input.startsWith(f + ".")) {
                return f;
            }
        }
        return input;
    }

    /**
     * The priority of a constructor-array input section, as GNU ld's SORT_BY_INIT_PRIORITY reads it:
     * {@code .init_array.00200} is 200; the plain {@code .init_array} (no priority) runs after every numbered one,
     * as 65536. -1 for any other section.
     */
    static long initPriority(String name) {
        for (String f : List.of(".init_array", ".fini_array", ".preinit_array")) {
            if (name.equals(f)) {
                return 65536;
            }
            if (name.startsWith(f + ".")) {
                String n = name.substring(f.length() + 1);
                if (!n.isEmpty() && n.length() <= 9 && n.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(n);
                }
                return 65536;
            }
        }
        return -1;
    }

    /**
     * The order in which input sections are placed: input order, except that the members of each constructor array
     * ({@code .init_array}, {@code .fini_array}, {@code .preinit_array}) are sorted by priority (stably, so equal
     * priorities keep input order), as GNU ld's default script does: the runtime calls {@code .init_array} front to
     * back, so {@code constructor(200)} must come before {@code constructor(300)} and both before the plain ones.
     * Other sections keep their places, so the output sections appear in the same order.
     */
    static int[] placementOrder(LinkContext cx) {
        int[] order = new int[cx.sectionCount];
        Map<String, List<Integer>> slots = new HashMap<>();
        Map<String, List<long[]>> members = new HashMap<>();
        for (int g = 0; g < cx.sectionCount; g++) {
            order[g] = g;
            int i = cx.inputOf(g);
            String name = cx.file(i).sections().get(g - cx.sectionBase[i]).name();
            long prio = initPriority(name);
            if (prio >= 0) {
                String family = outputName(name);
                slots.computeIfAbsent(family, k -> new ArrayList<>()).add(g);
                members.computeIfAbsent(family, k -> new ArrayList<>()).add(new long[] {prio, g});
            }
        }
        for (Map.Entry<String, List<Integer>> e : slots.entrySet()) {
            List<long[]> m = members.get(e.getKey());
            m.sort((a, b) -> Long.compare(a[0], b[0])); // List.sort is stable
            for (int k = 0; k < m.size(); k++) {
                order[e.getValue().get(k)] = (int) m.get(k)[1];
            }
        }
        return order;
    }

    static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    /**
     * Groups the live sections into output sections by name family, in input order; merges the {@code SHF_MERGE}
     * sections of an executable (strings and constants stored once); allocates COMMON symbols in {@code .bss}.
     */
    static final class LayOutSections implements Pass {
        @Override
        public String name() {
            return "lay-out-sections";
        }

        @Override
        public void run(LinkContext cx) {
            boolean exe = cx.options.kind() == OutputKind.EXECUTABLE;
            // this pass runs again when range-extension thunks are added: start from nothing each time
            cx.outputs.clear();
            cx.pieces = new SectionMerger.Pieces[cx.sectionCount];
            cx.commonOffset.clear();
            cx.outputOf = new int[cx.sectionCount];
            cx.offsetIn = new long[cx.sectionCount];
            cx.thunkOffset = new long[cx.sectionCount];
            int thunkSize = cx.thunks.isEmpty() ? 0 : cx.target.rangeExtensionThunk().code().length;
            Arrays.fill(cx.outputOf, -1);
            Map<String, OutputPlan> byName = new LinkedHashMap<>();
            SectionMerger merger = new SectionMerger();
            Map<SectionMerger.Block, Integer> firstMember = new HashMap<>();
            // First the merges, so that each block's size is known when its first member is placed.
            for (int g = 0; g < cx.sectionCount; g++) {
                if (!cx.live[g]) {
                    continue;
                }
                int i = cx.inputOf(g);
                int s = g - cx.sectionBase[i];
                RSection sec = cx.file(i).sections().get(s);
                if ((sec.flags() & Elf.SHF_TLS) != 0) {
                    cx.error(cx.origin(i, s) + ": section " + sec.name()
                            + " holds thread-local storage, which race does not link yet");
                    continue;
                }
                if (exe && (sec.flags() & Elf.SHF_MERGE) != 0 && cx.relocStart[i][s] == cx.relocStart[i][s + 1]) {
                    SectionMerger.Pieces p = merger.merge(outputName(sec.name()), sec);
                    if (p != null) {
                        cx.pieces[g] = p;
                        firstMember.putIfAbsent(p.block, g);
                    }
                }
            }
            int[] order = placementOrder(cx);
            for (int k = 0; k < cx.sectionCount; k++) {
                int g = order[k];
                if (!cx.live[g]) {
                    continue;
                }
                int i = cx.inputOf(g);
                int s = g - cx.sectionBase[i];
                RSection sec = cx.file(i).sections().get(s);
                if (exe && sec.size() > 0 && (sec.name().matches("\\.(ctors|dtors)(\\..*)?"))) {
                    cx.error(cx.origin(i, s) + ": section " + sec.name() + " holds legacy " + sec.name().substring(1, 6)
                            + " (gcc before 4.7, or -fno-use-init-array), which nothing in a RACE executable runs;"
                            + " hint: compile with a gcc that emits .init_array/.fini_array (the default since 4.7),"
                            + " or link with --emit relocatable and let the system linker's crtbegin.o run them");
                    continue;
                }
                // a relocatable output keeps a numbered constructor array apart, as ld -r does, so that the final
                // link still sorts it among the other objects' by priority
                long priority = initPriority(sec.name());
                boolean numbered = !exe && priority >= 0 && priority < 65536;
                String name = numbered ? sec.name()
                        : exe || (sec.flags() & Elf.SHF_MERGE) == 0 ? outputName(sec.name()) : sec.name();
                long keep = Elf.SHF_WRITE | Elf.SHF_ALLOC | Elf.SHF_EXECINSTR | Elf.SHF_TLS
                        | (exe ? 0 : Elf.SHF_MERGE | Elf.SHF_STRINGS);
                OutputPlan o = byName.computeIfAbsent(name, n -> {
                    OutputPlan p = new OutputPlan(n, sec.type(), sec.flags() & keep, exe ? 0 : sec.entsize());
                    cx.outputs.add(p);
                    return p;
                });
                int oi = cx.outputs.indexOf(o);
                o.flags |= sec.flags() & keep;
                if (o.type == Elf.SHT_NOBITS && !sec.isNobits()) {
                    o.type = sec.type(); // zero-fill members become zero bytes in a section with contents
                }
                cx.outputOf[g] = oi;
                SectionMerger.Pieces p = cx.pieces[g];
                if (p != null) {
                    if (firstMember.get(p.block) == g) {
                        p.block.offset = align(o.size, p.block.align);
                        o.size = p.block.offset + p.block.size();
                        o.align = Math.max(o.align, p.block.align);
                        o.blocks.add(p.block);
                    }
                    cx.offsetIn[g] = -1;
                    continue;
                }
                long a = Math.max(1, sec.align());
                cx.offsetIn[g] = align(o.size, a);
                o.size = cx.offsetIn[g] + sec.size();
                o.align = Math.max(o.align, a);
                o.members.add(g);
                List<LinkContext.ThunkKey> thunks = cx.thunks.get(g);
                if (thunks != null) {
                    cx.thunkOffset[g] = align(o.size, 4);
                    o.size = cx.thunkOffset[g] + (long) thunks.size() * thunkSize;
                }
            }
            if (exe) {
                allocateCommons(cx, byName);
            }
        }

        /** COMMON symbols (one per name after resolution) go at the end of .bss, in input and symbol order. */
        private static void allocateCommons(LinkContext cx, Map<String, OutputPlan> byName) {
            Map<Long, String> commons = new TreeMap<>();
            cx.globals.forEach((name, def) -> {
                if (cx.file((int) (def >>> 32)).symbols().section((int) def) == RSymbols.COMMON) {
                    commons.put(def, name);
                }
            });
            if (commons.isEmpty()) {
                return;
            }
            OutputPlan bss = byName.computeIfAbsent(".bss", n -> {
                OutputPlan p = new OutputPlan(n, Elf.SHT_NOBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0);
                cx.outputs.add(p);
                return p;
            });
            for (Map.Entry<Long, String> e : commons.entrySet()) {
                RSymbols sy = cx.file((int) (e.getKey() >>> 32)).symbols();
                int k = (int) (long) e.getKey();
                long a = Math.max(1, sy.value(k));
                long at = align(bss.size, a);
                cx.commonOffset.put(e.getValue(), at);
                bss.size = at + sy.size(k);
                bss.align = Math.max(bss.align, a);
            }
        }
    }

    private static final String VTABLE_PREFIX = Markers.PREFIX + "vtbl_";

    /** Symbols the link itself defines when an input refers to them and none defines them. */
    private static final List<String> LINKER_SYMBOLS = List.of("__executable_start", "_etext", "etext", "_edata",
            "edata", "__bss_start", "_end", "end", "__init_array_start", "__init_array_end", "__fini_array_start",
            "__fini_array_end", "__preinit_array_start", "__preinit_array_end");

    /**
     * Gives each output section its address (executables: code, then read-only data, then writable data, each
     * group page-aligned; relocatable output: every section at 0), then each symbol its address; references
     * that nothing defines are errors listing every site, except weak ones (address 0).
     */
    static final class AssignAddresses implements Pass {
        @Override
        public String name() {
            return "assign-addresses";
        }

        @Override
        public void run(LinkContext cx) throws Exception {
            boolean exe = cx.options.kind() == OutputKind.EXECUTABLE;
            if (exe) {
                List<LayoutPlanner.Shape> shapes = new ArrayList<>();
                for (OutputPlan o : cx.outputs) {
                    shapes.add(new LayoutPlanner.Shape(o.name, o.flags, o.nobits(), o.align, o.size));
                }
                long[] addr = LayoutPlanner.addresses(cx.options.base(), ExecImage.defaultPageSize(
                        cx.rcrateTarget.elfMachine()), shapes);
                for (int o = 0; o < addr.length; o++) {
                    cx.outputs.get(o).address = addr[o];
                }
            }
            Map<String, Long> linkerDefined = exe ? linkerSymbols(cx) : Map.of();
            int n = cx.inputs.size();
            cx.symbolAddress = new long[n][];
            cx.symbolMissing = new boolean[n][];
            cx.parallelFor(n, i -> {
                RSymbols sy = cx.file(i).symbols();
                long[] a = new long[sy.count()];
                boolean[] missing = new boolean[sy.count()];
                long[] definition = cx.definition[i];
                for (int k = 0; k < sy.count(); k++) {
                    int di = i;
                    int dk = k;
                    if (sy.binding(k) != SymbolPasses.STB_LOCAL) {
                        long def = definition[k];
                        if (def < 0) {
                            Long v = linkerDefined.get(sy.name(k));
                            if (v != null) {
                                a[k] = v;
                            } else {
                                // a layout marker is answered by its query, never by a definition
                                String name = sy.name(k);
                                missing[k] = !name.startsWith(Markers.PREFIX) || name.startsWith(VTABLE_PREFIX);
                            }
                            continue;
                        }
                        di = (int) (def >>> 32);
                        dk = (int) def;
                    }
                    a[k] = addressOf(cx, di, dk);
                }
                cx.symbolAddress[i] = a;
                cx.symbolMissing[i] = missing;
            });
            if (exe) {
                reportUndefined(cx); // a relocatable output leaves them to the final linker (libc's, say)
                long def = cx.globals.get(cx.options.entry());
                cx.entryAddress = cx.symbolAddress[(int) (def >>> 32)][(int) def];
            }
        }

        /** The address (or offset in its output section for a relocatable output) of a defined symbol. */
        static long addressOf(LinkContext cx, int i, int k) {
            RSymbols sy = cx.file(i).symbols();
            int sec = sy.section(k);
            if (sec == RSymbols.ABS) {
                return sy.value(k);
            }
            if (sec == RSymbols.COMMON) {
                Long off = cx.commonOffset.get(sy.name(k));
                return off == null ? 0 : off + bss(cx).address;
            }
            if (sec < 0) {
                return 0;
            }
            int g = cx.section(i, sec);
            int o = cx.outputOf[g];
            if (o < 0) {
                return 0; // in a dropped section: only dropped code can refer to it
            }
            OutputPlan out = cx.outputs.get(o);
            SectionMerger.Pieces p = cx.pieces[g];
            if (p != null) {
                return out.address + (sy.type(k) == SymbolPasses.STT_SECTION ? p.block.offset : p.map(sy.value(k)));
            }
            return out.address + cx.offsetIn[g] + (sy.type(k) == SymbolPasses.STT_SECTION ? 0 : sy.value(k));
        }

        private static OutputPlan bss(LinkContext cx) {
            return cx.outputs.stream().filter(o -> o.name.equals(".bss")).findFirst().orElseThrow();
        }

        private static Map<String, Long> linkerSymbols(LinkContext cx) {
            Map<String, Long> m = new HashMap<>();
            long textEnd = 0;
            long dataEnd = 0;
            long end = 0;
            long bssStart = -1;
            long first = Long.MAX_VALUE;
            for (OutputPlan o : cx.outputs) {
                first = Math.min(first, o.address);
                if ((o.flags & Elf.SHF_EXECINSTR) != 0) {
                    textEnd = Math.max(textEnd, o.address + o.size);
                }
                if (!o.nobits()) {
                    dataEnd = Math.max(dataEnd, o.address + o.size);
                } else if (bssStart < 0 || o.address < bssStart) {
                    bssStart = o.address;
                }
                end = Math.max(end, o.address + o.size);
            }
            m.put("__executable_start", first == Long.MAX_VALUE ? cx.options.base() : first);
            m.put("_etext", textEnd);
            m.put("etext", textEnd);
            m.put("_edata", dataEnd);
            m.put("edata", dataEnd);
            m.put("__bss_start", bssStart < 0 ? dataEnd : bssStart);
            m.put("_end", end);
            m.put("end", end);
            for (String arr : List.of("init_array", "fini_array", "preinit_array")) {
                OutputPlan o = cx.outputs.stream().filter(p -> p.name.equals("." + arr)).findFirst().orElse(null);
                m.put("__" + arr + "_start", o == null ? dataEnd : o.address);
                m.put("__" + arr + "_end", o == null ? dataEnd : o.address + o.size);
            }
            m.keySet().retainAll(LINKER_SYMBOLS);
            return m;
        }

        /** One error per undefined name, listing every live site that refers to it (weak references excepted). */
        private static void reportUndefined(LinkContext cx) {
            boolean any = false;
            for (boolean[] m : cx.symbolMissing) {
                for (boolean b : m) {
                    any |= b;
                }
            }
            if (!any) {
                return; // the common case: no relocation needs to be looked at
            }
            Map<String, List<String>> sites = new TreeMap<>();
            for (int i = 0; i < cx.inputs.size(); i++) {
                RcrateFile f = cx.file(i);
                RRelocations r = f.relocations();
                RSymbols sy = f.symbols();
                boolean[] missing = cx.symbolMissing[i];
                for (int k = 0; k < r.count(); k++) {
                    int sym = r.symbol(k);
                    if (!missing[sym] || sy.binding(sym) == SymbolPasses.STB_WEAK
                            || cx.relocClass[i][k] == LinkContext.RELOC_CONSTANT) {
                        continue;
                    }
                    int g = cx.section(i, r.section(k));
                    if (!cx.live[g]) {
                        continue;
                    }
                    List<String> list = sites.computeIfAbsent(sy.name(sym), x -> new ArrayList<>());
                    if (list.size() < 20) {
                        list.add("referenced from " + SymbolPasses.siteOf(cx, i, r.section(k), r.offset(k)));
                    } else if (list.size() == 20) {
                        list.add("... and more");
                    }
                }
            }
            sites.forEach((name, where) -> cx.error("undefined symbol " + name, where));
        }
    }

    /**
     * Adds a range-extension thunk for each branch the target says cannot reach its destination, right after the
     * calling input section, then lays out and assigns addresses again; repeated until no branch needs a new thunk
     * (thunks only grow the layout, so a few rounds suffice). Targets whose branches always reach skip it.
     */
    static final class CreateThunks implements Pass {
        private static final int MAX_ROUNDS = 8;

        @Override
        public String name() {
            return "create-thunks";
        }

        @Override
        public void run(LinkContext cx) throws Exception {
            if (cx.options.kind() != OutputKind.EXECUTABLE || cx.target.rangeExtensionThunk() == null) {
                return;
            }
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (!addThunks(cx)) {
                    return;
                }
                new LayOutSections().run(cx);
                new AssignAddresses().run(cx);
            }
            cx.error("range-extension thunks did not settle after " + MAX_ROUNDS + " rounds of layout");
        }

        private static boolean addThunks(LinkContext cx) {
            boolean added = false;
            for (int g = 0; g < cx.sectionCount; g++) {
                if (!cx.live[g] || cx.outputOf[g] < 0 || cx.offsetIn[g] < 0) {
                    continue;
                }
                int i = cx.inputOf(g);
                int s = g - cx.sectionBase[i];
                RcrateFile f = cx.file(i);
                RRelocations r = f.relocations();
                long base = cx.outputs.get(cx.outputOf[g]).address + cx.offsetIn[g];
                for (int j = cx.relocStart[i][s]; j < cx.relocStart[i][s + 1]; j++) {
                    int k = cx.relocOrder[i][j];
                    if (r.isSemantic(k)) {
                        continue;
                    }
                    int sym = r.symbol(k);
                    if (cx.symbolMissing[i][sym]
                            || !cx.target.branchOutOfRange(r.type(k), cx.symbolAddress[i][sym], r.addend(k),
                            base + r.offset(k))) {
                        continue;
                    }
                    LinkContext.ThunkKey key = new LinkContext.ThunkKey(definitionOf(cx, i, sym), r.addend(k));
                    List<LinkContext.ThunkKey> list = cx.thunks.computeIfAbsent(g, x -> new ArrayList<>());
                    if (!list.contains(key)) {
                        list.add(key);
                        added = true;
                    }
                }
            }
            return added;
        }
    }

    /** The definition a symbol reference resolves to, as {@code input << 32 | symbol}. */
    static long definitionOf(LinkContext cx, int i, int sym) {
        long d = cx.definition[i][sym];
        return d >= 0 ? d : (long) i << 32 | sym;
    }
}
