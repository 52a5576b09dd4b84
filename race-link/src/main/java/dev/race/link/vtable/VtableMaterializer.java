package dev.race.link.vtable;

import dev.race.codegen.Stub;
import dev.race.codegen.Target;
import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.steg.model.Version;
import dev.race.vtable.VtableEntry;
import dev.race.vtable.VtableException;
import dev.race.vtable.VtablePlan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the vtables a link needs into one synthetic input crate, {@code <race: vtables>}, that the pipeline lays
 * out and patches like any other: no special case downstream.
 *
 * <ul>
 *   <li>Section 0, {@code .rodata.race.vtables} (PROGBITS, ALLOC, align 8): the vtables in the order of the plans.
 *       Each is three header words — drop glue (an absolute-pointer relocation, or 0), size, align (constants) —
 *       then one word per method slot, each an absolute-pointer relocation ({@link Target#absolutePointerType})
 *       against the impl's method or, for a slot filled from a trait default, the slot's trampoline; then one word
 *       per upcast (a relocation against the same type's vtable as that supertrait, which must be among the plans).
 *       Relocated words hold 0: the addend lives in the relocation (RELA).</li>
 *   <li>Section 1, {@code .text.race.trampolines} (PROGBITS, ALLOC|EXECINSTR, align 16): one
 *       {@link Target#defaultMethodTrampoline} per default-filled slot, each at a multiple of 16, padded with
 *       {@code int3}-style filler 0xCC; its vtable relocation refers to the vtable's own symbol and its target
 *       relocation to the default body. The section is present (and empty) when no slot needs one.</li>
 *   <li>Symbols: first one LOCAL STT_FUNC per trampoline, then one GLOBAL STT_OBJECT per vtable named
 *       {@code Markers.mangle(new Marker.Vtable(trait, type))} with the vtable's size, so a {@code __race_vtbl_}
 *       relocation resolves against it like against any data symbol; then one UNDEF GLOBAL STT_NOTYPE per
 *       function the relocations refer to, in order of first use.</li>
 * </ul>
 *
 * <p>Every relocation is ordinary (query -1). Same plans, same bytes.
 */
public final class VtableMaterializer {
    /** The synthetic crate's input name, also its only object. */
    public static final String NAME = "<race: vtables>";
    public static final String VTABLES_SECTION = ".rodata.race.vtables";
    public static final String TRAMPOLINES_SECTION = ".text.race.trampolines";
    /** The crate the synthetic input carries: it declares nothing. */
    public static final String CRATE = "__race";

    private static final int SHT_PROGBITS = 1;
    private static final long SHF_ALLOC = 2;
    private static final long SHF_EXECINSTR = 4;
    private static final byte STB_LOCAL = 0;
    private static final byte STB_GLOBAL = 1;
    private static final byte STT_NOTYPE = 0;
    private static final byte STT_OBJECT = 1;
    private static final byte STT_FUNC = 2;
    /** Both RACE targets are LP64: a vtable word is 8 bytes, and so is {@link Target#absolutePointerType}'s field. */
    private static final int WORD = 8;
    private static final int TRAMPOLINE_ALIGN = 16;
    private static final int FILL = 0xcc;

    private VtableMaterializer() {
    }

    /**
     * The synthetic input holding {@code plans}' vtables for {@code target} ({@code rt} must be the same machine).
     * A default-filled slot whose trampoline the target cannot make is a {@link VtableException} naming the impl
     * and the method; two plans for one (trait, type) are an IllegalArgumentException (the pipeline plans each
     * vtable once).
     */
    public static InputCrate materialize(List<VtablePlan> plans, Target target, RcrateTarget rt) {
        if (target.elfMachine() != rt.elfMachine()) {
            throw new IllegalArgumentException("target " + target.name() + " does not match crate target "
                    + rt.cliName());
        }
        Builder b = new Builder();
        for (VtablePlan p : plans) {
            String vtableName = Markers.mangle(new Marker.Vtable(p.trait(), p.type()));
            if (b.vtableIndex.putIfAbsent(vtableName, b.vtableIndex.size()) != null) {
                throw new IllegalArgumentException("the vtable of " + p.type() + " as dyn " + p.trait()
                        + " is planned twice");
            }
        }
        for (VtablePlan p : plans) {
            b.vtable(p, Markers.mangle(new Marker.Vtable(p.trait(), p.type())), target);
        }
        return b.build(rt);
    }

    /** Collects bytes, symbols and relocations; symbol indices are assigned at the end (locals first). */
    private static final class Builder {
        private final ByteArrayOutputStream rodata = new ByteArrayOutputStream();
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private final List<Sym> trampolines = new ArrayList<>();
        private final List<Sym> vtables = new ArrayList<>();
        private final Map<String, Integer> undefined = new LinkedHashMap<>();
        private final List<Reloc> relocs = new ArrayList<>();
        /** Each planned vtable's index among the vtable symbols, by symbol name (all known before any is laid out). */
        final Map<String, Integer> vtableIndex = new LinkedHashMap<>();
        /** The trampoline of each default-filled (trait, type, method), shared by every vtable holding that slot. */
        private final Map<String, Integer> trampolineOf = new LinkedHashMap<>();

        private record Sym(String name, long value, long size) {
        }

        /** {@code group}: 0 trampoline, 1 vtable, 2 undefined; {@code index} within the group. */
        private record Reloc(int section, long offset, int type, int group, int index, long addend) {
        }

        /** The index of the vtable of {@code p}'s type as {@code trait}, which must be among the plans. */
        private int planned(Path trait, VtablePlan p, String why) {
            Integer i = vtableIndex.get(Markers.mangle(new Marker.Vtable(trait, p.type())));
            if (i == null) {
                throw new IllegalArgumentException("the vtable of " + p.type() + " as dyn " + p.trait() + " needs the "
                        + "vtable of " + p.type() + " as dyn " + trait + " for " + why + ", which is not planned");
            }
            return i;
        }

        void vtable(VtablePlan p, String vtableName, Target target) {
            long start = rodata.size();
            int ptr = target.absolutePointerType();
            if (p.dropSymbol() != null) {
                relocs.add(new Reloc(0, rodata.size(), ptr, 2, undef(p.dropSymbol()), 0));
            }
            word(0);
            word(p.size());
            word(p.align());
            for (VtableEntry e : p.methods()) {
                if (!e.fromDefault()) {
                    relocs.add(new Reloc(0, rodata.size(), ptr, 2, undef(e.symbol()), 0));
                } else {
                    // an inherited default body gets the vtable of its own trait, where it finds that trait's slots
                    Path owner = e.owner() == null ? p.trait() : e.owner();
                    int ownerIndex = planned(owner, p, "the trampoline of " + owner + "::" + e.method());
                    String key = owner + "\0" + p.type() + "\0" + e.method();
                    Integer t = trampolineOf.get(key);
                    if (t == null) {
                        t = trampoline(owner, p, e, ownerIndex, target);
                        trampolineOf.put(key, t);
                    }
                    relocs.add(new Reloc(0, rodata.size(), ptr, 0, t, 0));
                }
                word(0);
            }
            for (Path sup : p.upcasts()) {
                relocs.add(new Reloc(0, rodata.size(), ptr, 1, planned(sup, p, "its upcast to " + sup), 0));
                word(0);
            }
            vtables.add(new Sym(vtableName, start, rodata.size() - start));
        }

        private int trampoline(Path owner, VtablePlan p, VtableEntry e, int vtableIndex,
                               Target target) {
            Stub stub;
            try {
                stub = target.defaultMethodTrampoline(e.argsAfterSelf());
            } catch (IllegalArgumentException | UnsupportedOperationException x) {
                throw new VtableException("impl " + owner + " for " + p.type() + ": the default body of `"
                        + e.method() + "` (" + e.symbol() + ") cannot be reached through a trampoline: "
                        + x.getMessage());
            }
            while (text.size() % TRAMPOLINE_ALIGN != 0) {
                text.write(FILL);
            }
            long start = text.size();
            for (Stub.Reloc r : stub.relocs()) {
                if (r.ref() == Stub.Ref.VTABLE) {
                    relocs.add(new Reloc(1, start + r.offset(), r.elfType(), 1, vtableIndex, r.addend()));
                } else {
                    relocs.add(new Reloc(1, start + r.offset(), r.elfType(), 2, undef(e.symbol()), r.addend()));
                }
            }
            text.writeBytes(stub.code());
            trampolines.add(new Sym("<race: " + owner + "::" + e.method() + " default for " + p.type() + ">",
                    start, stub.code().length));
            return trampolines.size() - 1;
        }

        private int undef(String name) {
            return undefined.computeIfAbsent(name, k -> undefined.size());
        }

        private void word(long v) {
            for (int i = 0; i < WORD; i++) {
                rodata.write((int) (v >>> (8 * i)));
            }
        }

        InputCrate build(RcrateTarget rt) {
            byte[] ro = rodata.toByteArray();
            byte[] tx = text.toByteArray();
            List<RSection> sections = List.of(
                    new RSection(NAME, VTABLES_SECTION, SHT_PROGBITS, SHF_ALLOC, WORD, 0, ro.length,
                            ByteBuffer.wrap(ro), -1),
                    new RSection(NAME, TRAMPOLINES_SECTION, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, TRAMPOLINE_ALIGN,
                            0, tx.length, ByteBuffer.wrap(tx), -1));

            int n = trampolines.size() + vtables.size() + undefined.size();
            String[] name = new String[n];
            long[] value = new long[n];
            long[] size = new long[n];
            int[] section = new int[n];
            byte[] binding = new byte[n];
            byte[] type = new byte[n];
            int k = 0;
            for (Sym s : trampolines) {
                name[k] = s.name();
                value[k] = s.value();
                size[k] = s.size();
                section[k] = 1;
                binding[k] = STB_LOCAL;
                type[k++] = STT_FUNC;
            }
            for (Sym s : vtables) {
                name[k] = s.name();
                value[k] = s.value();
                size[k] = s.size();
                section[k] = 0;
                binding[k] = STB_GLOBAL;
                type[k++] = STT_OBJECT;
            }
            for (String u : undefined.keySet()) {
                name[k] = u;
                section[k] = RSymbols.UNDEF;
                binding[k] = STB_GLOBAL;
                type[k++] = STT_NOTYPE;
            }
            RSymbols symbols = new RSymbols(name, value, size, section, binding, type, new byte[n], new int[n]);

            int m = relocs.size();
            int[] rSection = new int[m];
            long[] rOffset = new long[m];
            int[] rType = new int[m];
            int[] rSymbol = new int[m];
            long[] rAddend = new long[m];
            int[] rQuery = new int[m];
            int[] base = {0, trampolines.size(), trampolines.size() + vtables.size()};
            for (int i = 0; i < m; i++) {
                Reloc r = relocs.get(i);
                rSection[i] = r.section();
                rOffset[i] = r.offset();
                rType[i] = r.type();
                rSymbol[i] = base[r.group()] + r.index();
                rAddend[i] = r.addend();
                rQuery[i] = -1;
            }
            // vtable words were recorded as the vtables were laid out and trampolines as they were met, so the
            // list holds both sections interleaved: order it by section, then offset
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, c) -> rSection[a] != rSection[c] ? Integer.compare(rSection[a], rSection[c])
                    : Long.compare(rOffset[a], rOffset[c]));
            RRelocations relocations = new RRelocations(permute(rSection, order), permute(rOffset, order),
                    permute(rType, order), permute(rSymbol, order), permute(rAddend, order), permute(rQuery, order));

            Crate crate = new Crate(CRATE, Version.of(0, 0, 0), List.of());
            RcrateFile file = new RcrateFile(rt, crate, List.of(), List.of(NAME), sections, List.of(), symbols,
                    relocations, List.of());
            return new InputCrate(NAME, file);
        }

        private static int[] permute(int[] a, Integer[] order) {
            int[] r = new int[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[order[i]];
            return r;
        }

        private static long[] permute(long[] a, Integer[] order) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[order[i]];
            return r;
        }
    }
}
