package dev.race.link.pipeline;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.pack.Sites;
import dev.race.layout.LayoutException;
import dev.race.layout.LayoutResult;
import dev.race.layout.LayoutSolver;
import dev.race.link.init.InitImageMaterializer;
import dev.race.link.vtable.VtableMaterializer;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.vtable.VtableException;
import dev.race.vtable.VtablePlan;
import dev.race.vtable.VtableSynthesizer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/** The passes that give markers their meaning: layouts, query answers and vtables. */
final class SemanticPasses {
    private SemanticPasses() {
    }

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * Lays out every struct and enum of every input crate with one solver, so a plugin type that embeds an engine
     * type by value is laid out with the engine's current layout.
     */
    static final class SolveLayouts implements Pass {
        @Override
        public String name() {
            return "solve-layouts";
        }

        @Override
        public void run(LinkContext cx) {
            List<Crate> crates = cx.inputs.stream().map(i -> i.file().crate()).toList();
            try {
                cx.solver = new LayoutSolver(cx.spec, crates);
            } catch (IllegalArgumentException e) {
                cx.error(e.getMessage());
                return;
            }
            LayoutResult r = cx.solver.solveAll(cx::checkCancelled); // polled before each type
            for (LayoutException e : r.errors()) {
                cx.error("cannot lay out " + e.getMessage());
            }
            cx.vtables = new VtableSynthesizer(cx.solver, crates);
        }
    }

    /**
     * The answer of an offset, size or align query whose field or type the linked crates lack, when a {@code has}
     * guard of the same code answers 0: 2 GiB minus 64 KiB, so an access through it that the guard did not stop
     * lands far from any object. It fits every immediate the patcher writes a marker into: a positive 32-bit one on
     * x86-64, and on AArch64 one {@code movz xN, #0x7fff, lsl #16}, which needs no {@code movk} and so no sole use of
     * the adrp's register (2 GiB minus a page, 0x7FFFF000, needed one, and gcc -O2 often shares that register).
     */
    public static final long GUARDED_POISON = 0x7FFF_0000L;

    /** Answers every constant layout query of every input (offset, size, align, slot, tag, has). */
    static final class AnswerQueries implements Pass {
        @Override
        public String name() {
            return "answer-queries";
        }

        @Override
        public void run(LinkContext cx) {
            cx.answers = new long[cx.inputs.size()][];
            // crates of one link ask many of the same questions: answer each distinct query once
            Map<Marker, Object> memo = new java.util.HashMap<>();
            for (int i = 0; i < cx.inputs.size(); i++) {
                cx.checkCancelled();
                InputCrate in = cx.inputs.get(i);
                List<Marker> qs = in.file().queries();
                Set<Marker.Has> guards = new HashSet<>();
                for (Marker m : qs) if (m instanceof Marker.Has h) guards.add(h);
                long[] a = new long[qs.size()];
                Map<Path, List<String>> sites = null;
                for (int q = 0; q < qs.size(); q++) {
                    if ((q & 255) == 255) {
                        cx.checkCancelled(); // a crate may ask tens of thousands of questions
                    }
                    Marker m = qs.get(q);
                    Object known = memo.computeIfAbsent(m, k -> {
                        try {
                            return answer(cx, k);
                        } catch (LayoutException | VtableException e) {
                            return e;
                        }
                    });
                    if (known instanceof Long v) {
                        a[q] = v;
                    } else if (guarded(m, guards, memo, cx)) {
                        a[q] = GUARDED_POISON;
                    } else {
                        RuntimeException e = (RuntimeException) known;
                        if (sites == null) {
                            sites = Sites.of(in.file());
                        }
                        cx.error(in.name() + ": " + in.crateId() + " asks " + Sites.describe(m) + " ("
                                + Markers.mangle(m) + "): " + e.getMessage(), usedAt(in, sites, m));
                    }
                }
                cx.answers[i] = a;
            }
        }

        /**
         * Whether a query that cannot be answered (its type or field is not in the linked crates) is guarded by a
         * {@code has} query of the same input that answers 0: the code built against a version that has it asks
         * first, so this answer is never used (docs/markers.md, "Optional features").
         */
        private static boolean guarded(Marker m, Set<Marker.Has> guards, Map<Marker, Object> memo, LinkContext cx) {
            Path type;
            List<String> member;
            if (m instanceof Marker.Offset o) {
                type = o.type();
                member = o.member();
            } else if (m instanceof Marker.Size z) {
                type = z.type();
                member = List.of();
            } else if (m instanceof Marker.Align al) {
                type = al.type();
                member = List.of();
            } else if (m instanceof Marker.Tag t) {
                type = t.enumType(); // a tag of an enum the linked crates lack: only its type-exists guard covers it
                member = List.of();
            } else {
                return false;
            }
            for (int n = 0; n <= member.size(); n++) {
                Marker.Has g = new Marker.Has(type, member.subList(0, n));
                if (guards.contains(g) && Long.valueOf(0).equals(memo.computeIfAbsent(g, k -> answer(cx, k)))) {
                    return true;
                }
            }
            return false;
        }

        private static long answer(LinkContext cx, Marker m) {
            if (m instanceof Marker.Has h) {
                try {
                    if (h.member().isEmpty()) cx.solver.layout(h.type());
                    else cx.solver.offsetOf(h.type(), h.member());
                    return 1;
                } catch (LayoutException e) {
                    return 0; // not declared by the linked crates (a layout error of one that is, is reported by solve-layouts)
                }
            }
            if (m instanceof Marker.Offset o) {
                return cx.solver.offsetOf(o.type(), o.member());
            } else if (m instanceof Marker.Size s) {
                return cx.solver.sizeOf(s.type());
            } else if (m instanceof Marker.Align a) {
                return cx.solver.alignOf(a.type());
            } else if (m instanceof Marker.Slot s) {
                return cx.vtables.slotOffset(s.trait(), s.method());
            } else if (m instanceof Marker.Upcast u) {
                return cx.vtables.upcastOffset(u.sub(), u.sup());
            } else if (m instanceof Marker.Tag t) {
                BigInteger v = cx.solver.tagMarkerValue(t.enumType(), t.variant());
                if (v.compareTo(MIN) < 0 || v.compareTo(MAX_U64) > 0) {
                    throw new LayoutException(t.enumType(), "the tag of `" + t.variant() + "` (" + v
                            + ") does not fit in 64 bits");
                }
                return v.longValue();
            }
            return 0; // a vtable: an address, resolved as a symbol once the vtables exist
        }
    }

    static List<String> usedAt(InputCrate in, Map<Path, List<String>> sites, Marker m) {
        List<String> out = new ArrayList<>();
        for (Path p : Sites.itemsOf(m)) {
            for (String s : sites.getOrDefault(p, List.of())) {
                String line = "used at " + SymbolPasses.qualified(in, s);
                if (!out.contains(line)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /**
     * Plans the vtable of every {@code __race_vtbl_} marker of the link and materializes them as one more input
     * (data words, method pointers and default-method trampolines), whose global symbols carry the marker names.
     */
    static final class SynthesizeVtables implements Pass {
        @Override
        public String name() {
            return "synthesize-vtables";
        }

        @Override
        public void run(LinkContext cx) {
            Map<String, Marker.Vtable> wanted = new TreeMap<>();
            Map<String, InputCrate> firstUser = new TreeMap<>();
            for (InputCrate in : cx.inputs) {
                for (Marker m : in.file().queries()) {
                    if (m instanceof Marker.Vtable v) {
                        String name = Markers.mangle(v);
                        wanted.putIfAbsent(name, v);
                        firstUser.putIfAbsent(name, in);
                    }
                }
            }
            if (wanted.isEmpty()) {
                return;
            }
            // a vtable of a trait with supertraits holds the address of the type's vtable as each of them (upcasts)
            for (Map.Entry<String, Marker.Vtable> e : new ArrayList<>(wanted.entrySet())) {
                Marker.Vtable v = e.getValue();
                List<dev.race.steg.model.Path> supers;
                try {
                    supers = cx.vtables.supertraits(v.trait());
                } catch (VtableException ex) {
                    continue; // planning the vtable reports it
                }
                for (dev.race.steg.model.Path s : supers) {
                    Marker.Vtable sv = new Marker.Vtable(s, v.type());
                    String name = Markers.mangle(sv);
                    if (wanted.putIfAbsent(name, sv) == null) {
                        firstUser.put(name, firstUser.get(e.getKey()));
                    }
                }
            }
            List<VtablePlan> plans = new ArrayList<>();
            for (Map.Entry<String, Marker.Vtable> e : wanted.entrySet()) {
                Marker.Vtable v = e.getValue();
                try {
                    plans.add(cx.vtables.plan(v.trait(), v.type()));
                } catch (VtableException | LayoutException ex) {
                    InputCrate in = firstUser.get(e.getKey());
                    cx.error(in.name() + ": " + in.crateId() + " needs the vtable of " + v.type() + " as dyn "
                            + v.trait() + ": " + ex.getMessage(), usedAt(in, Sites.of(in.file()), v));
                }
            }
            if (cx.hasErrors()) {
                return;
            }
            InputCrate synthetic;
            try {
                synthetic = VtableMaterializer.materialize(plans, cx.target, cx.rcrateTarget);
            } catch (VtableException | UnsupportedOperationException e) {
                cx.error("cannot synthesize the vtables: " + e.getMessage());
                return;
            }
            append(cx, synthetic);
        }
    }

    /** Adds a synthetic input (it asks no query) after the others. */
    private static void append(LinkContext cx, InputCrate synthetic) {
        List<InputCrate> all = new ArrayList<>(cx.inputs);
        all.add(synthetic);
        cx.inputs = List.copyOf(all);
        long[][] answers = java.util.Arrays.copyOf(cx.answers, all.size());
        answers[all.size() - 1] = new long[synthetic.file().queries().size()];
        cx.answers = answers;
    }

    /**
     * Builds the init image of every {@code __race_init_} marker of the link from the solved layouts (defaults of
     * the linked versions) and materializes them as one more read-only input whose symbols carry the marker names.
     */
    static final class SynthesizeInitImages implements Pass {
        @Override
        public String name() {
            return "synthesize-init-images";
        }

        @Override
        public void run(LinkContext cx) {
            Map<String, Marker.Init> wanted = new TreeMap<>();
            Map<String, InputCrate> firstUser = new TreeMap<>();
            for (InputCrate in : cx.inputs) {
                for (Marker m : in.file().queries()) {
                    if (m instanceof Marker.Init i) {
                        String name = Markers.mangle(i);
                        wanted.putIfAbsent(name, i);
                        firstUser.putIfAbsent(name, in);
                    }
                }
            }
            if (wanted.isEmpty()) {
                return;
            }
            List<InitImageMaterializer.Image> images = new ArrayList<>();
            for (Map.Entry<String, Marker.Init> e : wanted.entrySet()) {
                Path type = e.getValue().type();
                try {
                    images.add(new InitImageMaterializer.Image(type, cx.solver.initImage(type), cx.solver.alignOf(type)));
                } catch (LayoutException | ArithmeticException ex) {
                    InputCrate in = firstUser.get(e.getKey());
                    cx.error(in.name() + ": " + in.crateId() + " needs the init image of " + type + ": "
                            + ex.getMessage(), usedAt(in, Sites.of(in.file()), e.getValue()));
                }
            }
            if (cx.hasErrors()) {
                return;
            }
            append(cx, InitImageMaterializer.materialize(images, cx.rcrateTarget));
        }
    }

}
