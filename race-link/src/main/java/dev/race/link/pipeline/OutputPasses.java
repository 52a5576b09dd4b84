package dev.race.link.pipeline;

import dev.race.codegen.elf.ElfExecutableWriter;
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
            List<OutputSection> sections = new ArrayList<>();
            for (int o = 0; o < cx.outputs.size(); o++) {
                OutputPlan p = cx.outputs.get(o);
                if (p.nobits()) {
                    sections.add(OutputSection.nobits(p.name, p.flags, p.address, p.align, p.size));
                } else {
                    int type = p.type == Elf.SHT_INIT_ARRAY || p.type == Elf.SHT_FINI_ARRAY || p.type == Elf.SHT_NOTE
                            ? p.type : Elf.SHT_PROGBITS;
                    sections.add(new OutputSection(p.name, type, p.flags, p.address, p.align, cx.outputBytes[o],
                            p.size));
                }
            }
            List<OutputSymbol> symbols = new ArrayList<>();
            for (int i = 0; i < cx.inputs.size(); i++) {
                RSymbols sy = cx.file(i).symbols();
                for (int k = 0; k < sy.count(); k++) {
                    if (sy.binding(k) != SymbolPasses.STB_LOCAL || !named(sy, k) || sy.section(k) < 0) {
                        continue;
                    }
                    int o = cx.outputOf[cx.section(i, sy.section(k))];
                    if (o >= 0) {
                        symbols.add(new OutputSymbol(sy.name(k), cx.symbolAddress[i][k], sy.size(k), sy.type(k),
                                ExecElf.STB_LOCAL, o));
                    }
                }
            }
            for (Map.Entry<Long, String> e : definitionsInOrder(cx).entrySet()) {
                int i = (int) (e.getKey() >>> 32);
                int k = (int) (long) e.getKey();
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
                symbols.add(new OutputSymbol(e.getValue(), cx.symbolAddress[i][k], sy.size(k), type,
                        sy.binding(k) == SymbolPasses.STB_WEAK ? ExecElf.STB_WEAK : ExecElf.STB_GLOBAL, o));
            }
            int machine = cx.rcrateTarget.elfMachine();
            try {
                cx.image = ElfExecutableWriter.write(new ExecImage(machine, cx.entryAddress,
                        ExecImage.defaultPageSize(machine), sections, symbols));
            } catch (ElfOutputException e) {
                cx.error("cannot write the executable: " + e.getMessage());
                return;
            }
        }

        private static boolean named(RSymbols sy, int k) {
            String n = sy.name(k);
            int t = sy.type(k);
            return !n.isEmpty() && !n.startsWith(".L") && t != SymbolPasses.STT_SECTION && t != SymbolPasses.STT_FILE
                    && t <= 2;
        }
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
            cx.error(out + ": cannot write: " + e.getMessage());
        }
    }

    /** Writes the ET_REL object (placeholder until the relocatable writer lands). */
    static final class WriteRelocatable implements Pass {
        @Override
        public String name() {
            return "write-relocatable";
        }

        @Override
        public void run(LinkContext cx) {
            cx.error("--emit relocatable is not available yet");
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
                cx.error(file + ": cannot write: " + e.getMessage());
            }
        }
    }
}
