package dev.race.link.pipeline;

import dev.race.codegen.elf.ElfExecutableWriter;
import dev.race.codegen.elf.ElfRelocatableWriter;
import dev.race.codegen.elf.RelImage;
import dev.race.codegen.elf.RelReloc;
import dev.race.codegen.elf.RelSection;
import dev.race.codegen.elf.RelSymbol;
import dev.race.format.rcrate.RRelocations;
import dev.race.codegen.elf.ElfOutputException;
import dev.race.codegen.elf.ExecElf;
import dev.race.codegen.elf.ExecImage;
import dev.race.codegen.elf.OutputSection;
import dev.race.codegen.elf.OutputSymbol;
import dev.race.format.elf.Elf;
import dev.race.format.io.AtomicFiles;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.OutputKind;
import dev.race.link.report.LayoutReport;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The passes that write the output file and the reports. */
final class OutputPasses {
    private OutputPasses() {
    }

    /** Builds the static executable (sections, symbol table, entry) and writes it atomically with mode 0755. */
    static final class WriteExecutable implements Pass {
        @Override
        public String name() {
            return "write-executable";
        }

        @Override
        public void run(LinkContext cx) throws IOException {
            if (cx.filePlan != null) {
                // the patch pass wrote every section into the planned file: only the headers and tables are left
                cx.filePlan.writeHeaders(cx.fileImage);
                cx.image = cx.fileImage;
                cx.fileImage = null;
                cx.filePlan = null;
                return;
            }
            try {
                cx.image = ElfExecutableWriter.write(executableImage(cx, cx.outputBytes));
            } catch (ElfOutputException e) {
                cx.error("cannot write the executable: " + e.getMessage());
                return;
            }
        }

        static boolean named(RSymbols sy, int k) {
            String n = sy.name(k);
            int t = sy.type(k);
            return !n.isEmpty() && !n.startsWith(".L") && t != SymbolPasses.STT_SECTION && t != SymbolPasses.STT_FILE
                    && t <= 2;
        }
    }

    /**
     * The executable's sections, symbol table and entry. {@code contents} holds each output section's bytes (taken
     * out as each section copies them, so that one copy is kept at a time); null gives
     * {@link OutputSection#reserved reserved} sections, whose bytes the patch pass writes into the planned file.
     */
    static ExecImage executableImage(LinkContext cx, byte[][] contents) {
        List<OutputSection> sections = new ArrayList<>();
        for (int o = 0; o < cx.outputs.size(); o++) {
            OutputPlan p = cx.outputs.get(o);
            if (p.nobits()) {
                sections.add(OutputSection.nobits(p.name, p.flags, p.address, p.align, p.size));
            } else {
                int type = p.type == Elf.SHT_INIT_ARRAY || p.type == Elf.SHT_FINI_ARRAY || p.type == Elf.SHT_NOTE
                        ? p.type : Elf.SHT_PROGBITS;
                if (contents == null) {
                    sections.add(OutputSection.reserved(p.name, type, p.flags, p.address, p.align, p.size));
                } else {
                    sections.add(new OutputSection(p.name, type, p.flags, p.address, p.align, contents[o], p.size));
                    contents[o] = null; // the section holds its own copy: keep one at a time
                }
            }
        }
        List<OutputSymbol> symbols = new ArrayList<>();
        for (int i = 0; i < cx.inputs.size(); i++) {
            RSymbols sy = cx.file(i).symbols();
            for (int k = 0; k < sy.count(); k++) {
                if (sy.binding(k) != SymbolPasses.STB_LOCAL || !WriteExecutable.named(sy, k) || sy.section(k) < 0) {
                    continue;
                }
                int o = cx.outputOf[cx.section(i, sy.section(k))];
                if (o >= 0) {
                    symbols.add(new OutputSymbol(sy.name(k), cx.symbolAddress[i][k], sy.size(k), elfType(sy.type(k)),
                            ExecElf.STB_LOCAL, o));
                }
            }
        }
        for (long def : cx.globals.definitionsInOrder()) {
            int i = (int) (def >>> 32);
            int k = (int) def;
            RSymbols sy = cx.file(i).symbols();
            int sec = sy.section(k);
            int o;
            if (sec == RSymbols.ABS) {
                o = OutputSymbol.ABS;
            } else if (sec == RSymbols.COMMON) {
                o = indexOf(cx, ".bss");
            } else {
                o = cx.outputOf[cx.section(i, sec)];
                if (o < 0) {
                    continue; // defined in a collected section
                }
            }
            int type = sec == RSymbols.COMMON ? ExecElf.STT_OBJECT : sy.type(k);
            symbols.add(new OutputSymbol(sy.name(k), cx.symbolAddress[i][k], sy.size(k), type,
                    sy.binding(k) == SymbolPasses.STB_WEAK ? ExecElf.STB_WEAK : ExecElf.STB_GLOBAL, o));
        }
        int machine = cx.rcrateTarget.elfMachine();
        return new ExecImage(machine, cx.entryAddress, ExecImage.defaultPageSize(machine), sections, symbols);
    }

    /** Global definitions keyed by (input, symbol), so the symbol table does not depend on hash order. */
    static Map<Long, String> definitionsInOrder(LinkContext cx) {
        Map<Long, String> m = new TreeMap<>();
        cx.globals.forEach((name, def) -> m.put(def, name));
        return m;
    }

    static int indexOf(LinkContext cx, String name) {
        for (int o = 0; o < cx.outputs.size(); o++) {
            if (cx.outputs.get(o).name.equals(name)) {
                return o;
            }
        }
        return -1;
    }

    static void write(LinkContext cx, byte[] bytes, boolean executable) throws IOException {
        Path out = cx.options.output();
        if (out == null) {
            return;
        }
        try {
            AtomicFiles.write(out, bytes, executable);
        } catch (IOException e) {
            cx.error("cannot write " + out + ": " + e.getMessage());
        }
    }

    /**
     * Builds one relocatable object: the output sections with every layout constant patched in, a section
     * symbol per section, the named local symbols, one global per name (defined, COMMON, or undefined for the next
     * linker to resolve, e.g. libc's), and every ordinary relocation and vtable reference re-expressed against
     * them (a section-symbol reference gets its input section's offset added to the addend).
     */
    static final class WriteRelocatable implements Pass {
        @Override
        public String name() {
            return "write-relocatable";
        }

        @Override
        public void run(LinkContext cx) {
            int n = cx.outputs.size();
            List<RelSymbol> symbols = new ArrayList<>();
            int[] sectionSymbol = new int[n];
            for (int o = 0; o < n; o++) {
                sectionSymbol[o] = symbols.size();
                symbols.add(RelSymbol.ofSection(o));
            }
            int[][] local = new int[cx.inputs.size()][];
            for (int i = 0; i < cx.inputs.size(); i++) {
                RSymbols sy = cx.file(i).symbols();
                local[i] = new int[sy.count()];
                java.util.Arrays.fill(local[i], -1);
                for (int k = 0; k < sy.count(); k++) {
                    int t = sy.type(k);
                    if (sy.binding(k) != SymbolPasses.STB_LOCAL || sy.section(k) < 0 || sy.name(k).isEmpty()
                            || t == SymbolPasses.STT_SECTION || t == SymbolPasses.STT_FILE) {
                        continue;
                    }
                    int g = cx.section(i, sy.section(k));
                    int o = cx.outputOf[g];
                    if (o < 0) {
                        continue;
                    }
                    local[i][k] = symbols.size();
                    symbols.add(new RelSymbol(sy.name(k), cx.offsetIn[g] + sy.value(k), sy.size(k), elfType(t),
                            ExecElf.STB_LOCAL, sy.visibility(k), o));
                }
            }
            Map<String, Integer> global = new HashMap<>();
            for (long def : cx.globals.definitionsInOrder()) {
                int i = (int) (def >>> 32);
                int k = (int) def;
                RSymbols sy = cx.file(i).symbols();
                String name = sy.name(k); // a global's name is the name of the symbol that defines it
                int sec = sy.section(k);
                int binding = sy.binding(k) == SymbolPasses.STB_WEAK ? ExecElf.STB_WEAK : ExecElf.STB_GLOBAL;
                RelSymbol rs;
                if (sec == RSymbols.ABS) {
                    rs = new RelSymbol(name, sy.value(k), sy.size(k), elfType(sy.type(k)), binding,
                            sy.visibility(k), RelSymbol.ABS);
                } else if (sec == RSymbols.COMMON) {
                    rs = new RelSymbol(name, sy.value(k), sy.size(k), ExecElf.STT_OBJECT, binding,
                            sy.visibility(k), RelSymbol.COMMON);
                } else {
                    int g = cx.section(i, sec);
                    int o = cx.outputOf[g];
                    if (o < 0) {
                        continue;
                    }
                    rs = new RelSymbol(name, cx.offsetIn[g] + sy.value(k), sy.size(k), elfType(sy.type(k)),
                            binding, sy.visibility(k), o);
                }
                global.put(name, symbols.size());
                symbols.add(rs);
            }
            List<List<RelReloc>> relocs = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                relocs.add(new ArrayList<>());
            }
            for (int o = 0; o < n; o++) {
                OutputPlan p = cx.outputs.get(o);
                for (int j = 0; j < p.members.size(); j++) {
                    int g = p.members.get(j);
                    int i = cx.inputOf(g);
                    int s = g - cx.sectionBase[i];
                    RcrateFile f = cx.file(i);
                    RRelocations r = f.relocations();
                    RSymbols sy = f.symbols();
                    for (int x = cx.relocStart[i][s]; x < cx.relocStart[i][s + 1]; x++) {
                        int k = cx.relocOrder[i][x];
                        if (cx.relocClass[i][k] == LinkContext.RELOC_CONSTANT) {
                            continue; // patched in place
                        }
                        int sym = r.symbol(k);
                        long off = cx.offsetIn[g] + r.offset(k);
                        long addend = r.addend(k);
                        int target;
                        if (sy.binding(sym) != SymbolPasses.STB_LOCAL) {
                            target = global.computeIfAbsent(sy.name(sym), name -> {
                                symbols.add(new RelSymbol(name, 0, 0, ExecElf.STT_NOTYPE,
                                        sy.binding(sym) == SymbolPasses.STB_WEAK ? ExecElf.STB_WEAK : ExecElf.STB_GLOBAL,
                                        0, RelSymbol.UNDEF));
                                return symbols.size() - 1;
                            });
                        } else if (sy.type(sym) == SymbolPasses.STT_SECTION && sy.section(sym) >= 0) {
                            int tg = cx.section(i, sy.section(sym));
                            if (cx.outputOf[tg] < 0) {
                                relocs.get(o).add(new RelReloc(off, 0, RelReloc.NO_SYMBOL, 0)); // discarded COMDAT
                                continue;
                            }
                            target = sectionSymbol[cx.outputOf[tg]];
                            addend += cx.offsetIn[tg];
                        } else if (local[i][sym] >= 0) {
                            target = local[i][sym];
                        } else {
                            cx.error(SymbolPasses.siteOf(cx, i, s, r.offset(k)) + ": relocation against "
                                    + (sy.name(sym).isEmpty() ? "an unnamed local symbol" : sy.name(sym))
                                    + " in a section that is not part of the output");
                            continue;
                        }
                        relocs.get(o).add(new RelReloc(off, r.type(k), target, addend));
                    }
                }
            }
            List<RelSection> sections = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                OutputPlan p = cx.outputs.get(o);
                if (p.nobits()) {
                    sections.add(RelSection.nobits(p.name, p.flags, p.align, p.size));
                } else {
                    int type = p.type == Elf.SHT_INIT_ARRAY || p.type == Elf.SHT_FINI_ARRAY || p.type == Elf.SHT_NOTE
                            ? p.type : Elf.SHT_PROGBITS;
                    sections.add(new RelSection(p.name, type, p.flags, p.align, p.entsize, cx.outputBytes[o], p.size,
                            relocs.get(o)));
                    cx.outputBytes[o] = null;
                }
            }
            if (cx.hasErrors()) {
                return;
            }
            try {
                cx.image = ElfRelocatableWriter.write(new RelImage(cx.rcrateTarget.elfMachine(), sections, symbols));
            } catch (ElfOutputException e) {
                cx.error("cannot write the relocatable object: " + e.getMessage());
            }
        }
    }

    /**
     * Writes the output built by the previous pass, atomically (an executable with mode 0755). It runs last, so a
     * link that fails anywhere, reports included, leaves an older output file as it was.
     */
    static final class CommitOutput implements Pass {
        @Override
        public String name() {
            return "commit-output";
        }

        @Override
        public void run(LinkContext cx) throws IOException {
            if (cx.image != null) {
                write(cx, cx.image, cx.options.kind() == OutputKind.EXECUTABLE);
            }
        }
    }

    /** {@code --map} and {@code --layout-report}, each written atomically. */
    static final class WriteReports implements Pass {
        @Override
        public String name() {
            return "write-reports";
        }

        @Override
        public void run(LinkContext cx) throws IOException {
            if (cx.options.map() != null) {
                writeText(cx, cx.options.map(), LinkMap.render(cx));
            }
            if (cx.options.layoutReport() != null) {
                List<Crate> crates = cx.inputs.stream().map(InputCrate::file).map(RcrateFile::crate)
                        .filter(c -> !c.name().equals("__race")).toList();
                writeText(cx, cx.options.layoutReport(),
                        LayoutReport.json(cx.spec, crates, cx.solver.solveAll().layouts()));
            }
        }

        private static void writeText(LinkContext cx, Path file, String text) {
            try {
                AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                cx.error("cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    /**
     * The ELF st_type of an .rcrate symbol type: the same numbers, but for IFUNC, which the .rcrate stores as 7
     * (docs/rcrate-format.md) and ELF as STT_GNU_IFUNC (10).
     */
    static int elfType(int rcrateType) {
        return rcrateType == SymbolPasses.STT_GNU_IFUNC_RCRATE ? ExecElf.STT_GNU_IFUNC : rcrateType;
    }
}
