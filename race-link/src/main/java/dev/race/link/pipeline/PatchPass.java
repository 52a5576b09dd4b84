package dev.race.link.pipeline;

import dev.race.codegen.Location;
import dev.race.codegen.PatchException;
import dev.race.codegen.PatchSite;
import dev.race.codegen.Stub;
import dev.race.codegen.SectionReloc;
import dev.race.codegen.Target;
import dev.race.codegen.elf.ElfExecutableWriter;
import dev.race.codegen.elf.ElfOutputException;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.OutputKind;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Copies every live input section into its place in the output and applies its relocations there, one task
 * per input section (tasks write disjoint ranges, so the bytes do not depend on the thread count). Layout queries
 * get their constant, vtable markers and ordinary symbols their address, through the target's patch methods,
 * which check every field's range and the instruction at every rewritten site.
 *
 * <p>For an executable "its place" is in the output file itself: the file is planned first
 * ({@link ElfExecutableWriter#plan}) and each section patched straight into its one buffer, which write-executable
 * completes with the headers, so the contents are never copied. A relocatable output (or an executable whose file
 * cannot be planned, which write-executable then refuses with the writer's message) gets a buffer per output section.
 *
 * <p>For a relocatable output only semantic relocations against constants are applied; ordinary relocations and
 * vtable references are left for the linker that finishes the job (see {@link OutputPasses.WriteRelocatable}).
 */
final class PatchPass implements Pass {
    @Override
    public String name() {
        return "patch";
    }

    @Override
    public void run(LinkContext cx) throws Exception {
        boolean exe = cx.options.kind() == OutputKind.EXECUTABLE;
        int n = cx.outputs.size();
        // where each output section's contents go: one buffer and the offset of the section in it
        byte[][] dstOf = new byte[n][];
        long[] baseOf = new long[n];
        if (exe && planFile(cx)) {
            for (int o = 0; o < n; o++) {
                if (!cx.outputs.get(o).nobits()) {
                    dstOf[o] = cx.fileImage;
                    baseOf[o] = cx.fileOffset[o];
                }
            }
        } else {
            cx.outputBytes = new byte[n][];
            for (int o = 0; o < n; o++) {
                OutputPlan p = cx.outputs.get(o);
                if (!p.nobits()) {
                    if (p.size > Integer.MAX_VALUE - 16) {
                        cx.error("output section " + p.name + " is " + p.size + " bytes; race writes sections of up to"
                                + " 2 GiB");
                        return;
                    }
                    cx.outputBytes[o] = new byte[(int) p.size];
                    dstOf[o] = cx.outputBytes[o];
                }
            }
        }
        for (int o = 0; o < n; o++) {
            if (dstOf[o] != null) {
                for (SectionMerger.Block blk : cx.outputs.get(o).blocks) {
                    byte[] data = blk.bytes.toByteArray();
                    System.arraycopy(data, 0, dstOf[o], (int) (baseOf[o] + blk.offset), data.length);
                }
            }
        }
        int[] work = IntStream.range(0, cx.sectionCount)
                .filter(g -> cx.live[g] && cx.outputOf[g] >= 0 && cx.offsetIn[g] >= 0).toArray();
        @SuppressWarnings("unchecked")
        List<Diagnostic>[] errors = new List[work.length];
        cx.parallelFor(work.length, w -> {
            int o = cx.outputOf[work[w]];
            errors[w] = patch(cx, work[w], exe, dstOf[o], baseOf[o]);
        });
        // every error is reported (the command line caps what it prints, --error-limit), so that the count of
        // errors in the result is the real one
        for (List<Diagnostic> es : errors) {
            if (es != null) {
                es.forEach(cx::report);
            }
        }
    }

    /**
     * Lays out an executable's file before anything is patched, so that every section is patched straight into
     * the file's one buffer ({@link LinkContext#fileImage}), never copied. False, with nothing planned, when the
     * image cannot be written: the sections are then patched into buffers of their own and the writer reports why,
     * as it would have anyway.
     */
    private static boolean planFile(LinkContext cx) {
        ElfExecutableWriter.FilePlan plan;
        try {
            plan = ElfExecutableWriter.plan(OutputPasses.executableImage(cx, null));
        } catch (ElfOutputException e) {
            return false;
        }
        cx.filePlan = plan;
        cx.fileImage = new byte[plan.size()];
        cx.fileOffset = new long[cx.outputs.size()];
        for (int o = 0; o < cx.outputs.size(); o++) {
            cx.fileOffset[o] = plan.sectionOffset(o);
        }
        return true;
    }

    /**
     * Copies input section {@code g} to {@code dst}, whose byte {@code dstBase} is the first of its output section,
     * and applies its relocations there.
     */
    private static List<Diagnostic> patch(LinkContext cx, int g, boolean exe, byte[] dst, long dstBase) {
        int i = cx.inputOf(g);
        int s = g - cx.sectionBase[i];
        RcrateFile f = cx.file(i);
        RSection sec = f.sections().get(s);
        OutputPlan out = cx.outputs.get(cx.outputOf[g]);
        if (dst == null || sec.isNobits()) {
            return null; // zero-filled
        }
        int at = (int) cx.offsetIn[g];
        int fileAt = (int) (dstBase + at);
        sec.bytes().get(0, dst, fileAt, (int) sec.size());
        int from = cx.relocStart[i][s];
        int to = cx.relocStart[i][s + 1];
        List<LinkContext.ThunkKey> thunks = exe ? cx.thunks.get(g) : null;
        Stub thunk = thunks == null ? null : cx.target.rangeExtensionThunk();
        if (from == to && thunk == null) {
            return null;
        }
        String origin = cx.origin(i, s);
        Target target = cx.target;
        RRelocations r = f.relocations();
        RSymbols sy = f.symbols();
        long[] answers = cx.answers[i];
        long[] address = cx.symbolAddress[i];
        int[] order = cx.relocOrder[i];
        byte[] classes = cx.relocClass[i];
        long base = out.address + at;
        Object plan = plan(target, sec, r, order, classes, from, to);
        int thunkSize = thunk == null ? 0 : thunk.code().length;
        long thunkBase = out.address + (thunk == null ? 0 : cx.thunkOffset[g]);
        List<Diagnostic> errors = null;
        long size = sec.size();
        // one site for the whole section, moved from field to field: the location (which names the symbol) is
        // built only for a message
        PatchSite site = new PatchSite(ByteBuffer.wrap(dst, fileAt, (int) size).slice(),
                (off, sym) -> new Location(origin, sec.name(), off, sy.name(sym)));
        for (int j = from; j < to; j++) {
            int k = order[j];
            long off = r.offset(k);
            int type = r.type(k);
            long a = r.addend(k);
            int sym = r.symbol(k);
            int q = r.query(k);
            try {
                if (off < 0 || off >= size) {
                    throw new PatchException(new Location(origin, sec.name(), off, sy.name(sym)),
                            "relocation " + type, "lies outside the section (" + size + " bytes)");
                }
                site.at((int) off, sym);
                byte kind = classes[k];
                if (kind == LinkContext.RELOC_CONSTANT) {
                    target.patchConstant(site, type, answers[q], a, plan);
                } else if (!exe) {
                    continue; // kept as a relocation of the output object
                } else if (kind == LinkContext.RELOC_ADDRESS) {
                    target.patchAddress(site, type, address[sym], a, base + off);
                } else {
                    long symAddr = address[sym];
                    if (sy.type(sym) == SymbolPasses.STT_SECTION && sy.section(sym) >= 0) {
                        SectionMerger.Pieces p = cx.pieces[cx.section(i, sy.section(sym))];
                        if (p != null) {
                            // a section symbol in a merged section: the addend selects the piece (gABI SHF_MERGE)
                            symAddr = cx.outputs.get(cx.outputOf[cx.section(i, sy.section(sym))]).address
                                    + p.map(a);
                            a = 0;
                        }
                    }
                    if (thunks != null && target.branchOutOfRange(type, symAddr, a, base + off)) {
                        int t = thunks.indexOf(new LinkContext.ThunkKey(SectionPasses.definitionOf(cx, i, sym), a));
                        if (t >= 0) {
                            symAddr = thunkBase + (long) t * thunkSize; // the veneer goes the rest of the way
                            a = 0;
                        }
                    }
                    target.relocate(site, type, symAddr, a, base + off);
                }
            } catch (PatchException e) {
                if (errors == null) {
                    errors = new ArrayList<>();
                }
                errors.add(Diagnostic.error(e.getMessage()));
            }
        }
        if (thunk != null) {
            List<Diagnostic> te = writeThunks(cx, g, thunks, thunk, dst, (int) dstBase, thunkBase,
                    origin + "<thunks after " + sec.name() + ">");
            if (te != null) {
                if (errors == null) {
                    errors = new ArrayList<>();
                }
                errors.addAll(te);
            }
        }
        return errors;
    }

    /** Copies one veneer per destination into the space reserved after section {@code g} and patches each. */
    private static List<Diagnostic> writeThunks(LinkContext cx, int g, List<LinkContext.ThunkKey> thunks, Stub stub,
                                                byte[] dst, int dstBase, long thunkBase, String where) {
        byte[] code = stub.code();
        int at = dstBase + (int) cx.thunkOffset[g];
        ByteBuffer view = ByteBuffer.wrap(dst, at, thunks.size() * code.length).slice();
        List<Diagnostic> errors = null;
        for (int t = 0; t < thunks.size(); t++) {
            LinkContext.ThunkKey key = thunks.get(t);
            System.arraycopy(code, 0, dst, at + t * code.length, code.length);
            long dest = SectionPasses.AssignAddresses.addressOf(cx, (int) (key.definition() >>> 32),
                    (int) key.definition()) + key.addend();
            for (Stub.Reloc rel : stub.relocs()) {
                int off = t * code.length + rel.offset();
                try {
                    cx.target.relocate(new PatchSite(view, off, new Location(where, ".text", off, "thunk " + t)),
                            rel.elfType(), dest, rel.addend(), thunkBase + off);
                } catch (PatchException e) {
                    if (errors == null) {
                        errors = new ArrayList<>();
                    }
                    errors.add(Diagnostic.error(e.getMessage()));
                }
            }
        }
        return errors;
    }

    /**
     * The target's plan for one section, asked only when the target plans sections and the section has a
     * layout-constant relocation.
     */
    private static Object plan(Target target, RSection sec, RRelocations r, int[] order, byte[] classes, int from,
            int to) {
        if (!target.plansSections()) {
            return null;
        }
        List<SectionReloc> relocs = new ArrayList<>(to - from);
        boolean constants = false;
        for (int j = from; j < to; j++) {
            int k = order[j];
            boolean constant = classes[k] == LinkContext.RELOC_CONSTANT;
            constants |= constant;
            relocs.add(new SectionReloc(r.offset(k), r.type(k), r.addend(k), r.symbol(k), constant));
        }
        return constants ? target.planSection(sec.bytes().asReadOnlyBuffer(), relocs) : null;
    }
}
