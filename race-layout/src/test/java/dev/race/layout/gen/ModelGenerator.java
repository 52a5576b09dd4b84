package dev.race.layout.gen;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of STEG model crates together with the equivalent C or Rust source text, for oracle
 * tests (gcc, rustc) and benchmarks. The same seed always yields the same crate and text.
 *
 * <p>{@link #cStructs(int)} makes {@code #[repr(C)]} structs expressible in C11 + GNU extensions;
 * {@link #rustTypes(int, int)} makes repr(Rust) structs and enums (with some repr(C)/repr(int) ones) plus the
 * Option niche probes. Items are declared in crate {@value #CRATE}, each referring only to earlier items.
 */
public final class ModelGenerator {
    public static final String CRATE = "gen";

    private static final PrimKind[] C_PRIMS = {
            PrimKind.U8, PrimKind.U16, PrimKind.U32, PrimKind.U64, PrimKind.U128, PrimKind.USIZE,
            PrimKind.I8, PrimKind.I16, PrimKind.I32, PrimKind.I64, PrimKind.I128, PrimKind.ISIZE,
            PrimKind.F32, PrimKind.F64, PrimKind.BOOL, PrimKind.CHAR};

    private final Random rnd;

    public ModelGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    /** A generated crate and its source text in another language. */
    public record Generated(Crate crate, String source, List<Probe> probes) {
    }

    /**
     * A type whose size the oracle program prints: {@code label} is printed, {@code sourceType} is the type in
     * the source language, {@code type} the same type in the model.
     */
    public record Probe(String label, Kind kind, Type type, String sourceType) {
    }

    /** What a probe is: a struct (with its strategy), an enum, or one of the Option niche cases. */
    public enum Kind { RACE_STRUCT, C_STRUCT, ENUM, REPR_ENUM, OPTION_NICHE }

    private static Path path(String name) {
        return Path.of(CRATE, name);
    }

    // -------------------------------------------------------------------------------------------------------
    // C

    private record CStruct(Path path, boolean hasAlign) {
    }

    /** {@code count} repr(C) structs and their C declarations (no asserts: the test adds what it expects). */
    public Generated cStructs(int count) {
        List<Item> items = new ArrayList<>();
        List<CStruct> done = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        StringBuilder c = new StringBuilder("#include <stdint.h>\n#include <stddef.h>\n\n");
        for (int i = 0; i < count; i++) {
            String name = "S" + i;
            int mode = rnd.nextInt(10);
            int packed = mode == 0 ? 1 : mode == 1 ? 1 << rnd.nextInt(4) : 0;
            int align = mode == 2 ? 1 << (rnd.nextInt(4) + 3) : 0;
            int n = 1 + rnd.nextInt(8);
            List<Field> fields = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            boolean hasAlign = align != 0;
            for (int f = 0; f < n; f++) {
                String fname = "f" + f;
                Type t;
                String decl;
                int pick = rnd.nextInt(20);
                // packed structs must not embed align(N) structs (Rust forbids it; gcc's rules differ there)
                List<CStruct> embeddable = done.stream().filter(s -> packed == 0 || !s.hasAlign()).toList();
                if (pick < 11 || embeddable.isEmpty() && pick >= 15) {
                    PrimKind k = C_PRIMS[rnd.nextInt(C_PRIMS.length)];
                    t = Type.prim(k);
                    decl = cPrim(k) + " " + fname;
                } else if (pick < 13) {
                    int kind = rnd.nextInt(4);
                    if (kind == 0) {
                        t = new Type.Ref(false, Type.prim(PrimKind.U8));
                        decl = "const uint8_t *" + fname;
                    } else if (kind == 1) {
                        t = new Type.RawPtr(true, Type.prim(PrimKind.U32));
                        decl = "uint32_t *" + fname;
                    } else if (kind == 2) {
                        t = new Type.FnPtr("C", List.of(), Type.UNIT);
                        decl = "void (*" + fname + ")(void)";
                    } else {
                        t = new Type.BoxOf(Type.prim(PrimKind.U64));
                        decl = "uint64_t *" + fname;
                    }
                } else if (pick < 15) {
                    PrimKind k = C_PRIMS[rnd.nextInt(C_PRIMS.length)];
                    long len = 1 + rnd.nextInt(5);
                    t = new Type.Array(Type.prim(k), len);
                    decl = cPrim(k) + " " + fname + "[" + len + "]";
                } else {
                    CStruct s = embeddable.get(rnd.nextInt(embeddable.size()));
                    hasAlign |= s.hasAlign();
                    if (rnd.nextBoolean()) {
                        t = new Type.Named(s.path());
                        decl = "struct " + s.path().name() + " " + fname;
                    } else {
                        long len = 1 + rnd.nextInt(3);
                        t = new Type.Array(new Type.Named(s.path()), len);
                        decl = "struct " + s.path().name() + " " + fname + "[" + len + "]";
                    }
                }
                fields.add(new Field(fname, Visibility.PUBLIC, t));
                body.append("    ").append(decl).append(";\n");
            }
            Repr repr = new Repr(Repr.Kind.C, packed, align, null);
            items.add(new Item.Struct(path(name), Visibility.PUBLIC, repr, true, false, Shape.NAMED, fields));
            done.add(new CStruct(path(name), hasAlign));
            if (packed > 1 || packed == 1 && rnd.nextBoolean()) {
                c.append("#pragma pack(push, ").append(packed).append(")\nstruct ").append(name).append(" {\n")
                        .append(body).append("};\n#pragma pack(pop)\n");
            } else if (packed == 1) {
                c.append("struct __attribute__((packed)) ").append(name).append(" {\n").append(body).append("};\n");
            } else if (align != 0) {
                c.append("struct __attribute__((aligned(").append(align).append("))) ").append(name).append(" {\n")
                        .append(body).append("};\n");
            } else {
                c.append("struct ").append(name).append(" {\n").append(body).append("};\n");
            }
            probes.add(new Probe(name, Kind.C_STRUCT, new Type.Named(path(name)), "struct " + name));
        }
        return new Generated(new Crate(CRATE, Version.of(1, 0, 0), items), c.toString(), probes);
    }

    /** The C spelling of a primitive (char is a Unicode scalar value: uint32_t). */
    public static String cPrim(PrimKind k) {
        return switch (k) {
            case U8 -> "uint8_t";
            case U16 -> "uint16_t";
            case U32, CHAR -> "uint32_t";
            case U64 -> "uint64_t";
            case U128 -> "unsigned __int128";
            case USIZE -> "uintptr_t";
            case I8 -> "int8_t";
            case I16 -> "int16_t";
            case I32 -> "int32_t";
            case I64 -> "int64_t";
            case I128 -> "__int128";
            case ISIZE -> "intptr_t";
            case F32 -> "float";
            case F64 -> "double";
            case BOOL -> "_Bool";
            default -> throw new IllegalArgumentException(k + " has no C spelling");
        };
    }

    // -------------------------------------------------------------------------------------------------------
    // Rust

    /** An item usable by value in later items. */
    private record Usable(Path path, boolean hasAlign) {
    }

    private final List<Usable> usable = new ArrayList<>();
    private static final Path TRAIT = path("Tr");
    private static final Path VOID = path("Void");

    /**
     * {@code structs} structs and {@code enums} enums interleaved (each may embed earlier ones), plus the
     * Option niche probes, and the Rust declarations (with {@code trait Tr {}} for trait objects).
     */
    public Generated rustTypes(int structs, int enums) {
        usable.clear();
        List<Item> items = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        StringBuilder rs = new StringBuilder("pub trait Tr {}\npub enum Void {}\n");
        items.add(new Item.Trait(TRAIT, Visibility.PUBLIC, List.of()));
        // an uninhabited type, so that some variants cannot exist (rustc leaves them out)
        items.add(new Item.Enum(VOID, Visibility.PUBLIC, Repr.DEFAULT, true, false, List.of()));
        int s = 0;
        int e = 0;
        while (s < structs || e < enums) {
            boolean doStruct = e >= enums || s < structs && rnd.nextInt(structs + enums) < structs;
            if (doStruct) rustStruct("S" + s++, items, probes, rs);
            else rustEnum("E" + e++, items, probes, rs);
        }
        optionProbes(items, probes, rs);
        return new Generated(new Crate(CRATE, Version.of(1, 0, 0), items), rs.toString(), probes);
    }

    private void rustStruct(String name, List<Item> items, List<Probe> probes, StringBuilder rs) {
        int mode = rnd.nextInt(12);
        Repr.Kind kind = mode < 2 ? Repr.Kind.C : Repr.Kind.RUST;
        int packed = mode == 2 ? 1 << rnd.nextInt(3) : 0;
        int align = mode == 3 ? 1 << (3 + rnd.nextInt(3)) : 0;
        int n = 1 + rnd.nextInt(7);
        List<Field> fields = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        boolean hasAlign = align != 0;
        for (int i = 0; i < n; i++) {
            Type t = rustType(2, packed != 0);
            hasAlign |= mentionsAlign(t);
            fields.add(new Field("f" + i, Visibility.PUBLIC, t));
            body.append(" f").append(i).append(": ").append(rust(t)).append(",");
        }
        Repr repr = new Repr(kind, packed, align, null);
        items.add(new Item.Struct(path(name), Visibility.PUBLIC, repr, true, false, Shape.NAMED, fields));
        rs.append(reprAttr(repr)).append("pub struct ").append(name).append(" {").append(body).append(" }\n");
        usable.add(new Usable(path(name), hasAlign));
        probes.add(new Probe(name, kind == Repr.Kind.C ? Kind.C_STRUCT : Kind.RACE_STRUCT, new Type.Named(path(name)),
                name));
    }

    private void rustEnum(String name, List<Item> items, List<Probe> probes, StringBuilder rs) {
        int mode = rnd.nextInt(20);
        List<Variant> vs = new ArrayList<>();
        Repr repr = Repr.DEFAULT;
        StringBuilder body = new StringBuilder();
        boolean hasAlign = false;
        if (mode < 5) {
            // fieldless, some explicit discriminants (increasing, so distinct), possibly negative or wide
            int n = mode == 0 ? 1 + rnd.nextInt(300) : 1 + rnd.nextInt(8);
            BigInteger next = BigInteger.ZERO;
            if (rnd.nextInt(4) == 0) next = BigInteger.valueOf(-rnd.nextInt(200));
            boolean explicitFirst = next.signum() != 0;
            for (int i = 0; i < n; i++) {
                BigInteger d = null;
                if (i == 0 && explicitFirst) d = next;
                else if (rnd.nextInt(6) == 0) d = next.add(BigInteger.valueOf(wide()));
                if (d != null) next = d;
                vs.add(new Variant("V" + i, Shape.UNIT, List.of(), d));
                body.append(" V").append(i).append(d == null ? "" : " = " + d).append(",");
                next = next.add(BigInteger.ONE);
            }
        } else {
            // data-carrying: sometimes one big variant and small others, so a niche can hold the rest
            int n = mode == 5 ? 1 : 2 + rnd.nextInt(4);
            boolean reprInt = mode >= 17;
            if (reprInt) {
                PrimKind[] ints = {PrimKind.U8, PrimKind.I8, PrimKind.U16, PrimKind.I32, PrimKind.U64};
                PrimKind it = ints[rnd.nextInt(ints.length)];
                repr = switch (mode) {
                    case 17 -> new Repr(Repr.Kind.RUST, 0, 0, it);      // #[repr(u8)] ...
                    case 18 -> new Repr(Repr.Kind.C, 0, 0, null);       // #[repr(C)]
                    default -> new Repr(Repr.Kind.C, 0, 0, it);         // #[repr(C, u8)] ...
                };
            }
            BigInteger next = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                int shape = rnd.nextInt(3);
                int nf = shape == 0 ? 0 : 1 + rnd.nextInt(i == 0 && mode % 2 == 0 ? 4 : 2);
                List<Field> fs = new ArrayList<>();
                StringBuilder fb = new StringBuilder();
                for (int j = 0; j < nf; j++) {
                    Type t = rnd.nextInt(25) == 0 ? new Type.Named(VOID) : rustType(1, false);
                    hasAlign |= mentionsAlign(t);
                    String fname = shape == 1 ? Integer.toString(j) : "x" + j;
                    fs.add(new Field(fname, Visibility.PUBLIC, t));
                    fb.append(shape == 1 ? "" : fname + ": ").append(rust(t)).append(", ");
                }
                BigInteger d = null;
                if (reprInt && repr.intType() != null && rnd.nextInt(3) == 0) {
                    d = next.add(BigInteger.valueOf(rnd.nextInt(5)));
                    next = d;
                }
                next = next.add(BigInteger.ONE);
                Shape sh = nf == 0 ? Shape.UNIT : shape == 1 ? Shape.TUPLE : Shape.NAMED;
                vs.add(new Variant("V" + i, sh, fs, d));
                body.append(" V").append(i);
                if (sh == Shape.TUPLE) body.append("(").append(fb).append(")");
                if (sh == Shape.NAMED) body.append(" { ").append(fb).append("}");
                body.append(d == null ? "" : " = " + d).append(",");
            }
        }
        items.add(new Item.Enum(path(name), Visibility.PUBLIC, repr, true, false, vs));
        rs.append(reprAttr(repr)).append("pub enum ").append(name).append(" {").append(body).append(" }\n");
        usable.add(new Usable(path(name), hasAlign));
        probes.add(new Probe(name, repr.isDefault() ? Kind.ENUM : Kind.REPR_ENUM, new Type.Named(path(name)), name));
    }

    private long wide() {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(10);
            case 1 -> rnd.nextInt(300);
            case 2 -> rnd.nextInt(70_000);
            default -> 1L << (16 + rnd.nextInt(20));
        };
    }

    private static String reprAttr(Repr r) {
        List<String> parts = new ArrayList<>();
        if (r.kind() == Repr.Kind.C) parts.add("C");
        if (r.kind() == Repr.Kind.TRANSPARENT) parts.add("transparent");
        if (r.intType() != null) parts.add(r.intType().rustName());
        if (r.packed() == 1) parts.add("packed");
        else if (r.packed() > 1) parts.add("packed(" + r.packed() + ")");
        if (r.align() != 0) parts.add("align(" + r.align() + ")");
        return parts.isEmpty() ? "" : "#[repr(" + String.join(", ", parts) + ")] ";
    }

    private boolean mentionsAlign(Type t) {
        if (t instanceof Type.Named n) {
            for (Usable u : usable) if (u.path().equals(n.path())) return u.hasAlign();
        }
        if (t instanceof Type.Array a) return mentionsAlign(a.element());
        if (t instanceof Type.OptionOf o) return mentionsAlign(o.inner());
        if (t instanceof Type.Tuple tu) return tu.elements().stream().anyMatch(this::mentionsAlign);
        return false;
    }

    private static final PrimKind[] RUST_PRIMS = {
            PrimKind.U8, PrimKind.U16, PrimKind.U32, PrimKind.U64, PrimKind.U128, PrimKind.USIZE,
            PrimKind.I8, PrimKind.I16, PrimKind.I32, PrimKind.I64, PrimKind.I128, PrimKind.ISIZE,
            PrimKind.F32, PrimKind.F64, PrimKind.BOOL, PrimKind.BOOL, PrimKind.CHAR, PrimKind.CHAR, PrimKind.UNIT};

    /** A random sized type; {@code depth} bounds nesting; inside packed structs no align(N) type is used. */
    private Type rustType(int depth, boolean inPacked) {
        int pick = rnd.nextInt(depth > 0 ? 22 : 12);
        List<Usable> pool = usable.stream().filter(u -> !inPacked || !u.hasAlign()).toList();
        if (pick < 9) return Type.prim(RUST_PRIMS[rnd.nextInt(RUST_PRIMS.length)]);
        if (pick < 12) {
            Type pointee = switch (rnd.nextInt(6)) {
                case 0 -> Type.STR;
                case 1 -> new Type.Slice(Type.prim(PrimKind.U16));
                case 2 -> new Type.Dyn(TRAIT);
                case 3 -> pool.isEmpty() ? Type.prim(PrimKind.U8) : new Type.Named(pick(pool).path());
                default -> Type.prim(PrimKind.U64);
            };
            return switch (rnd.nextInt(5)) {
                case 0 -> new Type.Ref(true, pointee);
                case 1 -> new Type.BoxOf(pointee);
                case 2 -> new Type.RawPtr(rnd.nextBoolean(), pointee);
                case 3 -> new Type.FnPtr("Rust", List.of(Type.prim(PrimKind.U8)), Type.prim(PrimKind.U32));
                default -> new Type.Ref(false, pointee);
            };
        }
        if (pick < 15 && !pool.isEmpty()) return new Type.Named(pick(pool).path());
        if (pick < 17) return new Type.OptionOf(rustType(depth - 1, inPacked));
        if (pick < 19) return new Type.Array(rustType(depth - 1, inPacked), rnd.nextInt(4));
        List<Type> els = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) els.add(rustType(depth - 1, inPacked));
        return new Type.Tuple(els);
    }

    private Usable pick(List<Usable> pool) {
        // favor recent items so nesting gets deep
        int n = pool.size();
        return pool.get(n - 1 - Math.min(n - 1, (int) Math.abs(rnd.nextGaussian() * n / 4)));
    }

    /** Rust spelling of a model type; references are {@code 'static} so no lifetime parameters are needed. */
    public static String rust(Type t) {
        if (t instanceof Type.Prim p) return p.kind().rustName();
        if (t instanceof Type.Array a) return "[" + rust(a.element()) + "; " + a.length() + "]";
        if (t instanceof Type.Tuple tu) {
            List<String> es = tu.elements().stream().map(ModelGenerator::rust).toList();
            return "(" + String.join(", ", es) + (es.size() == 1 ? ",)" : ")");
        }
        if (t instanceof Type.Ref r) return "&'static " + (r.mutable() ? "mut " : "") + rust(r.target());
        if (t instanceof Type.RawPtr r) return (r.mutable() ? "*mut " : "*const ") + rust(r.target());
        if (t instanceof Type.BoxOf b) return "Box<" + rust(b.target()) + ">";
        if (t instanceof Type.Slice s) return "[" + rust(s.element()) + "]";
        if (t instanceof Type.Str) return "str";
        if (t instanceof Type.OptionOf o) return "Option<" + rust(o.inner()) + ">";
        if (t instanceof Type.Dyn d) return "dyn " + d.trait().name();
        if (t instanceof Type.Named n) return n.path().name();
        if (t instanceof Type.FnPtr f) {
            List<String> ps = f.params().stream().map(ModelGenerator::rust).toList();
            String ret = f.ret().equals(Type.UNIT) ? "" : " -> " + rust(f.ret());
            return (f.abi().equals("C") ? "extern \"C\" " : "") + "fn(" + String.join(", ", ps) + ")" + ret;
        }
        throw new IllegalArgumentException("no Rust spelling for " + t);
    }

    private void optionProbes(List<Item> items, List<Probe> probes, StringBuilder rs) {
        // a struct with a reference field and a small enum, for Option<struct with &T> and Option<SomeEnum>
        items.add(new Item.Struct(path("WithRef"), Visibility.PUBLIC, Repr.DEFAULT, true, false, Shape.NAMED, List.of(
                new Field("a", Visibility.PUBLIC, Type.prim(PrimKind.U8)),
                new Field("r", Visibility.PUBLIC, new Type.Ref(false, Type.prim(PrimKind.U32))),
                new Field("b", Visibility.PUBLIC, Type.prim(PrimKind.U16)))));
        rs.append("pub struct WithRef { a: u8, r: &'static u32, b: u16 }\n");
        items.add(new Item.Enum(path("SomeEnum"), Visibility.PUBLIC, Repr.DEFAULT, true, false, List.of(
                new Variant("A", Shape.UNIT, List.of(), null),
                new Variant("B", Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC, Type.prim(PrimKind.BOOL))), null),
                new Variant("C", Shape.UNIT, List.of(), null))));
        rs.append("pub enum SomeEnum { A, B(bool), C }\n");
        List<Type> cases = new ArrayList<>(List.of(
                new Type.OptionOf(new Type.Ref(false, Type.prim(PrimKind.U32))),
                new Type.OptionOf(new Type.Ref(true, Type.prim(PrimKind.U8))),
                new Type.OptionOf(new Type.Ref(false, Type.STR)),
                new Type.OptionOf(new Type.Ref(false, new Type.Slice(Type.prim(PrimKind.U64)))),
                new Type.OptionOf(new Type.Ref(false, new Type.Dyn(TRAIT))),
                new Type.OptionOf(new Type.BoxOf(Type.prim(PrimKind.U64))),
                new Type.OptionOf(new Type.BoxOf(new Type.Dyn(TRAIT))),
                new Type.OptionOf(new Type.FnPtr("Rust", List.of(), Type.UNIT)),
                new Type.OptionOf(new Type.FnPtr("C", List.of(Type.prim(PrimKind.I32)), Type.prim(PrimKind.I32))),
                new Type.OptionOf(new Type.RawPtr(false, Type.prim(PrimKind.U8))),
                new Type.OptionOf(Type.prim(PrimKind.BOOL)),
                new Type.OptionOf(Type.prim(PrimKind.CHAR)),
                new Type.OptionOf(Type.prim(PrimKind.U32)),
                new Type.OptionOf(Type.prim(PrimKind.U128)),
                new Type.OptionOf(Type.UNIT),
                new Type.OptionOf(new Type.OptionOf(Type.prim(PrimKind.BOOL))),
                new Type.OptionOf(new Type.OptionOf(new Type.OptionOf(Type.prim(PrimKind.BOOL)))),
                new Type.OptionOf(new Type.OptionOf(new Type.Ref(false, Type.prim(PrimKind.U8)))),
                new Type.OptionOf(new Type.Tuple(List.of(Type.prim(PrimKind.U8), Type.prim(PrimKind.BOOL)))),
                new Type.OptionOf(new Type.Tuple(List.of(Type.prim(PrimKind.U64), Type.prim(PrimKind.CHAR)))),
                new Type.OptionOf(new Type.Array(Type.prim(PrimKind.BOOL), 3)),
                new Type.OptionOf(new Type.Array(Type.prim(PrimKind.BOOL), 0)),
                new Type.OptionOf(new Type.Array(new Type.Ref(false, Type.prim(PrimKind.U8)), 2)),
                new Type.OptionOf(new Type.Named(path("WithRef"))),
                new Type.OptionOf(new Type.Named(path("SomeEnum"))),
                new Type.OptionOf(new Type.OptionOf(new Type.Named(path("SomeEnum")))),
                new Type.Named(path("SomeEnum"))));
        int k = 0;
        for (Usable u : usable) {
            // Option<SomeEnum>, Option<some struct> for a sample of generated items
            if (k++ % 5 == 0) cases.add(new Type.OptionOf(new Type.Named(u.path())));
        }
        int i = 0;
        for (Type t : cases) probes.add(new Probe("opt" + i++, Kind.OPTION_NICHE, t, rust(t)));
    }
}
