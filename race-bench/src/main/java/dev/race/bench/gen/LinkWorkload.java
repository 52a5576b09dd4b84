package dev.race.bench.gen;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Diagnostic;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a link workload: freestanding C objects whose code and data reference RACE layout markers of a
 * generated {@code engine} crate, the {@code .steg} files of the crates that pack them, and {@code layout.s}, an
 * object of absolute symbols giving the other linkers the constants RACE computes (values from
 * {@link LayoutSolver}; a {@code slot} is {@code (3 + method index) * 8}, the vtable header of three words
 * followed by the methods in trait order).
 *
 * <p>Crates, in link order: {@code engine} (types and traits only, no code), {@code mod_0} … {@code mod_M-1}
 * (the objects {@code o0.c} … {@code oN-1.c}, each crate importing engine), {@code app} ({@code main.c} with
 * {@code _start}, importing engine). Object {@code K} defines {@code f_K_0} … (marker arithmetic, a call into
 * another object's {@code g_R}, writes to its {@code .data} and {@code .bss}), {@code g_K} (reads its
 * {@code .rodata} tables, one of them of 64-bit marker values, and its {@code .data} table, which also holds
 * marker values) and {@code run_K}, which calls its functions in order. {@code _start} fills an arena, calls every
 * {@code run_K} and prints a 64-bit checksum in hex through the {@code write} syscall. Every marker use goes
 * through a bijective step of the checksum (xor or add, then multiply by an odd constant), so a single wrong
 * constant changes the printed value.
 *
 * <p>No string literals, floating point or vectorizable loops are generated, so gcc emits no mergeable
 * ({@code SHF_MERGE}) sections: every input section lands unchanged in the output of every linker.
 *
 * <p>Deterministic for given options. Command line: {@code LinkWorkload [--no-slots] OUT_DIR OBJECTS FUNCS [SEED]
 * [MARKERS_PER_FUNCTION]}; it also writes {@code crates.txt} (one crate a line: name, its .steg, the imported
 * .steg or {@code -}, then its objects) and {@code objects.txt} (every object in link order).
 */
public final class LinkWorkload {
    /** The gcc flags the workload is written for (gcc emits R_X86_64_32S/32/64 for the markers with these). */
    public static final List<String> CFLAGS = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-mcmodel=small");

    private static final String[] MULS = {"0x9E3779B97F4A7C15UL", "0x100000001B3UL", "0xD6E8FEB86659FD93UL"};
    private static final String[] PRIMS = {"u8", "u16", "u32", "u64", "i16", "i32", "i64", "f32", "f64", "bool",
            "char", "usize", "[u16; 3]", "[u8; 5]", "*const u8", "Option<u32>"};
    private static final int ITEMS_PER_MODULE = 200;

    /**
     * What to generate. {@code types}: engine structs, enums and traits (0: four per object, at least 40);
     * {@code crates}: number of {@code mod_*} crates (0: one per 100 objects, at least 2 when there are two
     * objects); {@code slots}: whether trait-slot markers are used (off for a linker without vtable support).
     */
    public record Options(int objects, int functionsPerObject, int markersPerFunction, int types, int crates,
                          long seed, boolean slots) {
        public Options {
            if (objects < 1) throw new IllegalArgumentException("objects must be at least 1, not " + objects);
            if (functionsPerObject < 1) {
                throw new IllegalArgumentException("functions per object must be at least 1, not " + functionsPerObject);
            }
            if (markersPerFunction < 1) {
                throw new IllegalArgumentException("markers per function must be at least 1, not " + markersPerFunction);
            }
        }

        public static Options of(int objects, int functionsPerObject, long seed) {
            return new Options(objects, functionsPerObject, 36, 0, 0, seed, true);
        }

        int typeCount() {
            return types > 0 ? types : Math.max(40, objects * 4);
        }

        int crateCount() {
            int c = crates > 0 ? crates : Math.max(Math.min(2, objects), (objects + 99) / 100);
            return Math.min(c, objects);
        }
    }

    /** One crate: its .steg, the .steg it imports (or null) and its C sources, file names relative to the directory. */
    public record CrateFiles(String name, String steg, String importSteg, List<String> sources) {
        public CrateFiles {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(steg, "steg");
            sources = List.copyOf(sources);
        }

        /** The object file of each source ({@code o3.c} → {@code o3.o}), in link order. */
        public List<String> objects() {
            return sources.stream().map(s -> s.substring(0, s.length() - 2) + ".o").toList();
        }
    }

    /**
     * A generated workload. {@code markers}: every marker used, with its value (the {@code layout.s} content);
     * {@code markerUses}: marker references written (each becomes one relocation); {@code arenaSize}: bytes of the
     * arena the offsets index.
     */
    public record Workload(java.nio.file.Path dir, List<CrateFiles> crates, Map<String, Long> markers,
                           long markerUses, int arenaSize) {
        public Workload {
            crates = List.copyOf(crates);
            markers = Map.copyOf(markers);
        }

        /** Every C source, in link order. */
        public List<String> sources() {
            return crates.stream().flatMap(c -> c.sources().stream()).toList();
        }

        /** Every object, in link order. */
        public List<String> objects() {
            return crates.stream().flatMap(c -> c.objects().stream()).toList();
        }

        /** The text of an assembler file defining each marker as a global absolute symbol with {@code values}. */
        public static String layoutAsm(Map<String, Long> values) {
            StringBuilder sb = new StringBuilder("# RACE layout constants as absolute symbols (generated)\n");
            values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append("\t.globl ")
                    .append(e.getKey()).append("\n\t.set ").append(e.getKey()).append(", ").append(e.getValue())
                    .append('\n'));
            sb.append("\t.section .note.GNU-stack,\"\",@progbits\n");
            return sb.toString();
        }
    }

    private LinkWorkload() {
    }

    // ---------------------------------------------------------------------------------------------------
    // the engine crate's types

    private record FieldDef(String name, String type, TypeDef ref) {
    }

    private record VariantDef(String name, List<FieldDef> fields, boolean tuple) {
    }

    private static final class TypeDef {
        final String kind; // struct, enum, trait
        final String name;
        final int module;
        final List<FieldDef> fields = new ArrayList<>();
        final List<VariantDef> variants = new ArrayList<>();
        final List<String> methods = new ArrayList<>();
        String attrs = "";
        int depth;

        TypeDef(String kind, String name, int module) {
            this.kind = kind;
            this.name = name;
            this.module = module;
        }

        Path path() {
            return Path.of("engine", "m" + module, name);
        }

        String ref() {
            return "crate::m" + module + "::" + name;
        }
    }

    private static List<TypeDef> engineTypes(int count, SplittableRandom r) {
        List<TypeDef> all = new ArrayList<>();
        List<TypeDef> structs = new ArrayList<>();
        List<TypeDef> enums = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int module = i / ITEMS_PER_MODULE;
            int roll = r.nextInt(8);
            TypeDef t;
            if (roll == 0) {
                t = new TypeDef("trait", "Tr" + i, module);
                int n = 1 + r.nextInt(8);
                for (int m = 0; m < n; m++) t.methods.add("m" + m);
            } else if (roll <= 2) {
                t = new TypeDef("enum", "E" + i, module);
                t.attrs = r.nextBoolean() ? "#[repr(u8)]" : "#[repr(C, u16)]";
                int n = 1 + r.nextInt(5);
                for (int v = 0; v < n; v++) {
                    int shape = r.nextInt(3);
                    List<FieldDef> fs = new ArrayList<>();
                    if (shape == 1) {
                        int k = 1 + r.nextInt(3);
                        for (int f = 0; f < k; f++) fs.add(new FieldDef(Integer.toString(f), prim(r), null));
                    } else if (shape == 2) {
                        fs.add(new FieldDef("a", prim(r), null));
                        fs.add(new FieldDef("b", prim(r), null));
                    }
                    t.variants.add(new VariantDef("V" + v, fs, shape == 1));
                }
                enums.add(t);
            } else {
                t = new TypeDef("struct", "S" + i, module);
                int a = r.nextInt(10);
                t.attrs = a < 3 ? "#[repr(C)]" : a == 3 ? "#[repr(C, packed(2))]" : a == 4 ? "#[repr(align(16))]" : "";
                int n = 2 + r.nextInt(6);
                int embedded = 0;
                for (int f = 0; f < n; f++) {
                    int kind = r.nextInt(10);
                    TypeDef ref = null;
                    if (kind < 2 && embedded < 2 && !structs.isEmpty()) {
                        TypeDef s = structs.get(structs.size() - 1 - r.nextInt(Math.min(structs.size(), 50)));
                        if (s.depth < 3) ref = s;
                    } else if (kind == 2 && !enums.isEmpty()) {
                        ref = enums.get(enums.size() - 1 - r.nextInt(Math.min(enums.size(), 50)));
                    }
                    if (ref != null) {
                        embedded += ref.kind.equals("struct") ? 1 : 0;
                        t.depth = Math.max(t.depth, ref.depth + 1);
                        t.fields.add(new FieldDef("f" + f, ref.ref(), ref));
                    } else {
                        t.fields.add(new FieldDef("f" + f, prim(r), null));
                    }
                }
                structs.add(t);
            }
            all.add(t);
        }
        return all;
    }

    private static String prim(SplittableRandom r) {
        return PRIMS[r.nextInt(PRIMS.length)];
    }

    private static String engineSteg(List<TypeDef> types) {
        StringBuilder sb = new StringBuilder("// generated by dev.race.bench.gen.LinkWorkload\ncrate engine 1.0.0;\n");
        int module = -1;
        for (TypeDef t : types) {
            if (t.module != module) {
                if (module >= 0) sb.append("}\n");
                module = t.module;
                sb.append("\npub mod m").append(module).append(" {\n");
            }
            if (!t.attrs.isEmpty()) sb.append("    ").append(t.attrs).append('\n');
            if (t.kind.equals("trait")) {
                sb.append("    pub trait ").append(t.name).append(" {\n");
                for (int m = 0; m < t.methods.size(); m++) {
                    sb.append("        fn ").append(t.methods.get(m))
                            .append(m % 2 == 0 ? "(&self) -> u32;\n" : "(&mut self, x: u64);\n");
                }
                sb.append("    }\n");
            } else if (t.kind.equals("enum")) {
                sb.append("    pub enum ").append(t.name).append(" {");
                for (VariantDef v : t.variants) {
                    sb.append(' ').append(v.name());
                    if (v.tuple()) {
                        sb.append('(');
                        for (int f = 0; f < v.fields().size(); f++) {
                            sb.append(f > 0 ? ", " : "").append(v.fields().get(f).type());
                        }
                        sb.append(')');
                    } else if (!v.fields().isEmpty()) {
                        sb.append(" { ");
                        for (int f = 0; f < v.fields().size(); f++) {
                            FieldDef fd = v.fields().get(f);
                            sb.append(f > 0 ? ", " : "").append(fd.name()).append(": ").append(fd.type());
                        }
                        sb.append(" }");
                    }
                    sb.append(',');
                }
                sb.append(" }\n");
            } else {
                sb.append("    pub struct ").append(t.name).append(" {\n");
                for (FieldDef f : t.fields) {
                    sb.append("        pub ").append(f.name()).append(": ").append(f.type()).append(",\n");
                }
                sb.append("    }\n");
            }
        }
        if (module >= 0) sb.append("}\n");
        return sb.toString();
    }

    /** Every layout query over the engine's types: sizes, alignments, tags, slots and (nested) member offsets. */
    private static List<Marker> markerPool(List<TypeDef> types, boolean slots) {
        List<Marker> pool = new ArrayList<>();
        for (TypeDef t : types) {
            Path p = t.path();
            if (t.kind.equals("trait")) {
                if (slots) {
                    for (String m : t.methods) pool.add(new Marker.Slot(p, m));
                }
                continue;
            }
            pool.add(new Marker.Size(p));
            pool.add(new Marker.Align(p));
            if (t.kind.equals("enum")) {
                for (VariantDef v : t.variants) pool.add(new Marker.Tag(p, v.name()));
            }
            List<List<String>> members = new ArrayList<>();
            memberPaths(t, new ArrayList<>(), members, 0);
            for (List<String> m : members) pool.add(new Marker.Offset(p, m));
        }
        return pool;
    }

    private static void memberPaths(TypeDef t, List<String> prefix, List<List<String>> out, int level) {
        if (t.kind.equals("enum")) {
            for (VariantDef v : t.variants) {
                for (FieldDef f : v.fields()) {
                    List<String> m = new ArrayList<>(prefix);
                    m.add(v.name());
                    m.add(f.name());
                    out.add(m);
                }
            }
            return;
        }
        for (FieldDef f : t.fields) {
            List<String> m = new ArrayList<>(prefix);
            m.add(f.name());
            out.add(m);
            if (f.ref() != null && level < 2) memberPaths(f.ref(), m, out, level + 1);
        }
    }

    private static long value(Marker m, LayoutSolver solver, Map<Path, TypeDef> byPath) {
        if (m instanceof Marker.Offset o) return solver.offsetOf(o.type(), o.member());
        if (m instanceof Marker.Size s) return solver.sizeOf(s.type());
        if (m instanceof Marker.Align a) return solver.alignOf(a.type());
        if (m instanceof Marker.Tag t) return solver.tagMarkerValue(t.enumType(), t.variant()).longValue();
        if (m instanceof Marker.Slot s) return (3L + byPath.get(s.trait()).methods.indexOf(s.method())) * 8;
        throw new IllegalArgumentException("not a constant marker: " + m);
    }

    // ---------------------------------------------------------------------------------------------------
    // generation

    /** Writes the x86-64 workload into {@code dir} (created if needed) and describes it. */
    public static Workload write(java.nio.file.Path dir, Options o) throws IOException {
        return write(dir, o, "x86_64");
    }

    /**
     * Writes the workload for {@code target} ({@code x86_64} or {@code aarch64}): the C is the same (its entry
     * point speaks both system-call conventions); the marker values are that target's layouts.
     */
    public static Workload write(java.nio.file.Path dir, Options o, String target) throws IOException {
        SplittableRandom r = new SplittableRandom(o.seed());
        List<TypeDef> types = engineTypes(o.typeCount(), r);
        String engine = engineSteg(types);
        CompileResult compiled = StegCompiler.compile(new Source("engine.steg", engine));
        if (compiled.hasErrors()) {
            StringBuilder sb = new StringBuilder("generated engine.steg does not compile:");
            for (Diagnostic d : compiled.diagnostics()) sb.append('\n').append(d.render());
            throw new IllegalStateException(sb.toString());
        }
        Crate crate = compiled.crates().get(0);
        LayoutSolver solver = new LayoutSolver(TargetSpec.named(target), List.of(crate));
        Map<Path, TypeDef> byPath = new LinkedHashMap<>();
        for (TypeDef t : types) byPath.put(t.path(), t);
        List<Marker> pool = markerPool(types, o.slots());
        long[] values = new long[pool.size()];
        String[] names = new String[pool.size()];
        long max = 0;
        for (int i = 0; i < pool.size(); i++) {
            values[i] = value(pool.get(i), solver, byPath);
            names[i] = Markers.mangle(pool.get(i));
            if (values[i] < 0 || values[i] > Integer.MAX_VALUE - 4096) {
                throw new IllegalStateException(names[i] + " = " + values[i] + " does not fit the workload's forms");
            }
            max = Math.max(max, values[i]);
        }
        int arena = (int) ((max + 16 + 4095) / 4096 * 4096);

        Files.createDirectories(dir);
        write(dir.resolve("engine.steg"), engine);

        Map<String, Long> used = new LinkedHashMap<>();
        long uses = 0;
        int crateCount = o.crateCount();
        List<CrateFiles> crates = new ArrayList<>();
        crates.add(new CrateFiles("engine", "engine.steg", null, List.of()));
        int perCrate = (o.objects() + crateCount - 1) / crateCount;
        for (int c = 0; c < crateCount; c++) {
            List<String> sources = new ArrayList<>();
            for (int k = c * perCrate; k < Math.min(o.objects(), (c + 1) * perCrate); k++) {
                ObjectText ot = object(k, c, o, r, pool, names, values, arena);
                write(dir.resolve("o" + k + ".c"), ot.text);
                for (int i : ot.markers) used.put(names[i], values[i]);
                uses += ot.uses;
                sources.add("o" + k + ".c");
            }
            if (sources.isEmpty()) continue;
            String name = "mod_" + c;
            TypeDef anyStruct = types.stream().filter(t -> t.kind.equals("struct")).findFirst().orElse(null);
            write(dir.resolve(name + ".steg"), "// generated by dev.race.bench.gen.LinkWorkload\ncrate " + name
                    + " 1.0.0;\n\npub struct Local" + c + " { pub id: u32"
                    + (anyStruct == null ? "" : ", pub base: engine::m0::" + anyStruct.name) + " }\n");
            crates.add(new CrateFiles(name, name + ".steg", "engine.steg", sources));
        }
        write(dir.resolve("app.steg"), "// generated by dev.race.bench.gen.LinkWorkload\ncrate app 1.0.0;\n");
        write(dir.resolve("main.c"), mainText(o.objects(), arena, o.seed()));
        crates.add(new CrateFiles("app", "app.steg", "engine.steg", List.of("main.c")));

        write(dir.resolve("layout.s"), Workload.layoutAsm(used));
        Workload w = new Workload(dir, crates, used, uses, arena);
        StringBuilder ct = new StringBuilder();
        for (CrateFiles cf : crates) {
            ct.append(cf.name()).append(' ').append(cf.steg()).append(' ')
                    .append(cf.importSteg() == null ? "-" : cf.importSteg());
            for (String ob : cf.objects()) ct.append(' ').append(ob);
            ct.append('\n');
        }
        write(dir.resolve("crates.txt"), ct.toString());
        write(dir.resolve("objects.txt"), String.join("\n", w.objects()) + "\n");
        return w;
    }

    private record ObjectText(String text, Set<Integer> markers, long uses) {
    }

    private static ObjectText object(int k, int crate, Options o, SplittableRandom r, List<Marker> pool,
                                     String[] names, long[] values, int arena) {
        Set<Integer> markers = new LinkedHashSet<>();
        long uses = 0;
        StringBuilder body = new StringBuilder();
        int[] rt = new int[8];
        int[] dt = new int[2];
        for (int i = 0; i < rt.length; i++) rt[i] = r.nextInt(pool.size());
        for (int i = 0; i < dt.length; i++) dt[i] = r.nextInt(pool.size());
        Set<Integer> callees = new LinkedHashSet<>();
        for (int j = 0; j < o.functionsPerObject(); j++) {
            body.append("unsigned long f_").append(k).append('_').append(j)
                    .append("(const unsigned char *p, unsigned long h)\n{\n");
            for (int u = 0; u < o.markersPerFunction(); u++) {
                int i = r.nextInt(pool.size());
                markers.add(i);
                uses++;
                String m = "(unsigned long)" + names[i];
                String mul = MULS[r.nextInt(MULS.length)];
                int form = r.nextInt(5);
                if (form == 0 && values[i] + 8 <= arena) {
                    body.append("    h = (h ^ *(const unsigned long *)(p + ").append(m).append(")) * ").append(mul);
                } else if (form == 1 && values[i] + 3 + 4 <= arena) {
                    body.append("    h = (h + *(const unsigned int *)(p + ").append(m).append(" + 3)) * ").append(mul);
                } else if (form == 2) {
                    body.append("    h = (h ^ (").append(m).append(" << 11)) * ").append(mul);
                } else if (form == 3) {
                    body.append("    h = (h - (unsigned int)").append(m).append(") * ").append(mul);
                } else {
                    body.append("    h = (h + ").append(m).append(") * ").append(mul);
                }
                body.append(";\n");
            }
            int callee = o.objects() == 1 ? k : (k + 1 + r.nextInt(o.objects() - 1)) % o.objects();
            callees.add(callee);
            body.append("    h = g_").append(callee).append("(h ^ ").append(j).append(");\n");
            body.append("    b_").append(k).append('[').append(j & 7).append("] ^= h;\n");
            body.append("    d_").append(k).append('[').append(j & 3).append("] += h >> 3;\n");
            body.append("    return h;\n}\n\n");
        }
        for (int i : rt) markers.add(i);
        for (int i : dt) markers.add(i);
        uses += rt.length + dt.length;

        StringBuilder sb = new StringBuilder();
        sb.append("/* generated by dev.race.bench.gen.LinkWorkload: object ").append(k).append(" of crate mod_")
                .append(crate).append(" */\n");
        for (int i : markers) sb.append("extern const char ").append(names[i]).append("[];\n");
        for (int c : callees) {
            if (c != k) sb.append("unsigned long g_").append(c).append("(unsigned long h);\n");
        }
        sb.append("unsigned long g_").append(k).append("(unsigned long h);\n");
        sb.append("\nunsigned long d_").append(k).append("[4] = { ").append(hex(r)).append(", ").append(hex(r))
                .append(", (unsigned long)").append(names[dt[0]]).append(", (unsigned long)").append(names[dt[1]])
                .append(" };\n");
        sb.append("unsigned long b_").append(k).append("[8];\n");
        sb.append("const unsigned long r_").append(k).append("[8] = { ");
        for (int i = 0; i < 8; i++) sb.append(i > 0 ? ", " : "").append(hex(r));
        sb.append(" };\n");
        sb.append("const unsigned long mt_").append(k).append("[8] = { ");
        for (int i = 0; i < 8; i++) sb.append(i > 0 ? ", " : "").append("(unsigned long)").append(names[rt[i]]);
        sb.append(" };\n\n");
        // the rotation s makes i + s a permutation of 0..7: every entry is read at run time, none can be folded
        sb.append("unsigned long g_").append(k).append("(unsigned long h)\n{\n")
                .append("    unsigned long s = h & 7, i;\n")
                .append("    for (i = 0; i < 8; i++)\n")
                .append("        h = (h ^ r_").append(k).append("[(i + s) & 7] ^ mt_").append(k)
                .append("[(i + s) & 7]) * ").append(MULS[0]).append(";\n")
                .append("    for (i = 0; i < 4; i++)\n")
                .append("        h = (h + d_").append(k).append("[(i + s) & 3]) * ").append(MULS[1]).append(";\n")
                .append("    return h;\n}\n\n");
        sb.append(body);
        sb.append("unsigned long run_").append(k).append("(const unsigned char *p, unsigned long h)\n{\n");
        for (int j = 0; j < o.functionsPerObject(); j++) {
            sb.append("    h = f_").append(k).append('_').append(j).append("(p, h);\n");
        }
        sb.append("    return h ^ b_").append(k).append("[h & 7];\n}\n");
        return new ObjectText(sb.toString(), markers, uses);
    }

    private static String hex(SplittableRandom r) {
        return "0x" + Long.toHexString(r.nextLong()) + "UL";
    }

    private static String mainText(int objects, int arena, long seed) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* generated by dev.race.bench.gen.LinkWorkload: the entry point */\n");
        for (int k = 0; k < objects; k++) {
            sb.append("unsigned long run_").append(k).append("(const unsigned char *p, unsigned long h);\n");
        }
        sb.append("\nunsigned char arena[").append(arena).append("];\n\n");
        sb.append("""
                #if defined(__aarch64__)
                #define SYS_WRITE 64
                #define SYS_EXIT 93
                static long sys3(long n, long a, long b, long c)
                {
                    register long x8 __asm__("x8") = n;
                    register long x0 __asm__("x0") = a;
                    register long x1 __asm__("x1") = b;
                    register long x2 __asm__("x2") = c;
                    __asm__ volatile ("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
                    return x0;
                }
                #define ENTRY __attribute__((noreturn))
                #else
                #define SYS_WRITE 1
                #define SYS_EXIT 60
                static long sys3(long n, long a, long b, long c)
                {
                    long r;
                    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
                    return r;
                }
                #define ENTRY __attribute__((force_align_arg_pointer, noreturn))
                #endif

                /* a serial recurrence: not vectorizable, so no constant pool in a mergeable section */
                static void fill(void)
                {
                    unsigned long x = 0x2545F4914F6CDD1DUL, i;
                    for (i = 0; i < sizeof arena; i++) {
                        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                        arena[i] = (unsigned char)(x >> 24);
                    }
                }

                ENTRY void _start(void)
                {
                    char buf[17];
                    int i;
                """);
        sb.append("    unsigned long h = ").append(hex(new SplittableRandom(seed))).append(";\n");
        sb.append("    fill();\n");
        for (int k = 0; k < objects; k++) sb.append("    h = run_").append(k).append("(arena, h);\n");
        sb.append("""
                    for (i = 15; i >= 0; i--) {
                        int d = (int)(h & 15);
                        buf[i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
                        h >>= 4;
                    }
                    buf[16] = '\\n';
                    sys3(SYS_WRITE, 1, (long)buf, 17);
                    for (;;) sys3(SYS_EXIT, 0, 0, 0);
                }
                """);
        return sb.toString();
    }

    private static void write(java.nio.file.Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        boolean slots = !a.remove("--no-slots");
        String target = "x86_64";
        int t = a.indexOf("--target");
        if (t >= 0 && t + 1 < a.size()) {
            target = a.remove(t + 1);
            a.remove(t);
            if (!TargetSpec.names().contains(target)) {
                System.err.println("LinkWorkload: unknown target '" + target + "' (known: " + TargetSpec.names() + ")");
                System.exit(2);
            }
        }
        if (a.size() < 3 || a.size() > 5) {
            System.err.println("usage: LinkWorkload [--no-slots] [--target x86_64|aarch64] OUT_DIR OBJECTS FUNCS [SEED] "
                    + "[MARKERS_PER_FUNCTION]");
            System.exit(2);
        }
        args = a.toArray(new String[0]);
        Options o;
        try {
            o = new Options(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 36, 0, 0,
                    args.length > 3 ? Long.parseLong(args[3]) : 42, slots);
        } catch (IllegalArgumentException e) {
            System.err.println("LinkWorkload: " + e.getMessage());
            System.exit(2);
            return;
        }
        Workload w = write(java.nio.file.Path.of(args[0]), o, target);
        System.out.println("workload: " + o.objects() + " objects in " + (w.crates().size() - 2) + " crates, "
                + o.functionsPerObject() + " functions each, " + w.markers().size() + " distinct markers, "
                + w.markerUses() + " marker references, arena " + w.arenaSize() + " bytes");
    }
}
