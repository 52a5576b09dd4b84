package dev.race.codegen;

import dev.race.format.elf.RelocationTypes;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C program that calls default-method trampolines made by a {@link Target} as a {@code dyn} caller would, with
 * (self, args...), and default bodies, written in C as (self, vtable, args...), that print what they receive:
 * whether self and the vtable are the ones passed, then every argument's value. Built with the target's gcc
 * (statically for AArch64, run under qemu-aarch64); {@link #expected()} is what a right trampoline prints.
 */
public final class TrampolineProgram {
    /** The C types the tests pass, with the shape RACE gives the same value. */
    public enum CType {
        I8("signed char", 1, true), U8("unsigned char", 1, false), I16("short", 2, true),
        U16("unsigned short", 2, false), I32("int", 4, true), U32("unsigned", 4, false),
        I64("long long", 8, true), U64("unsigned long long", 8, false), I128("__int128", 16, true),
        U128("unsigned __int128", 16, false), F32("float", 4, true), F64("double", 8, true),
        /** a fat pointer (&str, &[T]): data and length */
        FAT("struct fat", 16, false),
        /** Option<f64>: a u64 tag, then the value */
        OPT_F64("struct opt_f64", 16, false),
        /** Option<f32>: a u32 tag, then the value */
        OPT_F32("struct opt_f32", 8, false),
        /** Option<u128>: 32 bytes aligned to 16, larger than any register pair (x86-64 MEMORY, AAPCS64 B.3) */
        OPT_U128("struct opt_u128", 32, false);

        final String c;
        final int size;
        final boolean signed;

        CType(String c, int size, boolean signed) {
            this.c = c;
            this.size = size;
            this.signed = signed;
        }

        public ArgShape shape(String what) {
            return switch (this) {
                case F32, F64 -> ArgShape.floating(what, size);
                case FAT -> new ArgShape(what, 16, 8, List.of(new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER),
                        new ArgShape.Piece(8, 8, ArgShape.Kind.INTEGER)));
                case OPT_F64 -> new ArgShape(what, 16, 8, List.of(new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER),
                        new ArgShape.Piece(8, 8, ArgShape.Kind.FLOAT)));
                case OPT_F32 -> new ArgShape(what, 8, 4, List.of(new ArgShape.Piece(0, 4, ArgShape.Kind.INTEGER),
                        new ArgShape.Piece(4, 4, ArgShape.Kind.FLOAT)));
                case OPT_U128 -> new ArgShape(what, 32, 16, List.of(
                        new ArgShape.Piece(0, 16, ArgShape.Kind.INTEGER), new ArgShape.Piece(16, 16, ArgShape.Kind.INTEGER)));
                default -> ArgShape.integer(what, size);
            };
        }
    }

    static final String PRELUDE = """
            #include <stdio.h>
            struct fat { const char *p; unsigned long long n; };
            struct opt_f64 { unsigned long long tag; double v; };
            struct opt_f32 { unsigned tag; float v; };
            struct opt_u128 { unsigned __int128 tag; unsigned __int128 v; };
            const char text[] = "abcdefgh";
            const void *the_vtable[4];
            static void p128(unsigned __int128 v) {
                printf(" %016llx%016llx", (unsigned long long)(v >> 64), (unsigned long long)v);
            }
            """;

    private final Target target;
    private final StringBuilder asm = new StringBuilder(".text\n");
    private final StringBuilder c = new StringBuilder(PRELUDE);
    private final StringBuilder main = new StringBuilder("int main(void) {\n");
    private final StringBuilder expected = new StringBuilder();
    private int count;

    public TrampolineProgram(Target target) {
        this.target = target;
    }

    /** The shapes of {@code types}, as the trampoline of a method taking them after self is asked for. */
    public static List<ArgShape> shapes(List<CType> types) {
        List<ArgShape> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            out.add(types.get(i).shape("parameter `a" + i + "`"));
        }
        return out;
    }

    /** Adds a trampoline for a method taking {@code types} after self, a default body and a call. */
    public TrampolineProgram method(List<CType> types) {
        int n = count++;
        Stub stub = target.defaultMethodTrampoline(shapes(types));
        asm.append(".balign 16\n.globl tramp").append(n).append("\ntramp").append(n).append(":\n    .byte ");
        byte[] code = stub.code();
        for (int i = 0; i < code.length; i++) {
            asm.append(i > 0 ? "," : "").append(code[i] & 0xff);
        }
        asm.append('\n');
        for (Stub.Reloc r : stub.relocs()) {
            String sym = r.ref() == Stub.Ref.VTABLE ? "the_vtable" : "dflt" + n;
            asm.append("    .reloc tramp").append(n).append('+').append(r.offset()).append(", ")
                    .append(RelocationTypes.describe(target.elfMachine(), r.elfType())).append(", ").append(sym)
                    .append(r.addend() < 0 ? "" : "+").append(r.addend()).append('\n');
        }
        StringBuilder params = new StringBuilder();
        StringBuilder types2 = new StringBuilder();
        StringBuilder body = new StringBuilder();
        StringBuilder args = new StringBuilder();
        expected.append(n).append(" self=1 vt=1");
        for (int k = 0; k < types.size(); k++) {
            CType t = types.get(k);
            params.append(", ").append(t.c).append(" a").append(k);
            types2.append(", ").append(t.c);
            long seed = 1000L * (n + 1) + 37L * (k + 1);
            args.append(", ").append(literal(t, seed, k));
            body.append("    ").append(print(t, "a" + k)).append('\n');
            expected.append(' ').append(value(t, seed, k));
        }
        expected.append('\n');
        c.append("long long dflt").append(n).append("(void *self, const void **vt").append(params).append(") {\n")
                .append("    printf(\"").append(n).append(" self=%d vt=%d\", self == (void *) 0x1234, ")
                .append("vt == the_vtable);\n").append(body).append("    printf(\"\\n\");\n    return ")
                .append(700 + n).append(";\n}\n");
        c.append("long long tramp").append(n).append("(void *self").append(types2).append(");\n");
        main.append("    if (tramp").append(n).append("((void *) 0x1234").append(args).append(") != ")
                .append(700 + n).append(") return 1;\n");
        return this;
    }

    private static BigInteger big(long seed, int k) {
        // both halves distinct and the high bit set, so a swapped or dropped half shows
        return BigInteger.valueOf(0x8000_0000_0000_0000L + seed * 0x10001L).shiftLeft(64)
                .or(BigInteger.valueOf(0x0123_4567_0000_0000L + seed * 31 + k)).and(
                        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    }

    private static String literal(CType t, long seed, int k) {
        return switch (t) {
            case I128, U128 -> {
                BigInteger v = big(seed, k);
                yield "(" + t.c + ")(((unsigned __int128)0x" + v.shiftRight(64).toString(16) + "ULL << 64) | 0x"
                        + v.and(BigInteger.valueOf(Long.MAX_VALUE).shiftLeft(1).add(BigInteger.ONE)).toString(16)
                        + "ULL)";
            }
            case F32, F64 -> "(" + t.c + ")" + (seed % 97 + 0.5) * (k % 2 == 0 ? 1 : -1);
            case FAT -> "(struct fat){text + " + (k % 8) + ", " + seed + "ULL}";
            case OPT_F64 -> "(struct opt_f64){1, " + (seed % 89 + 0.25) + "}";
            case OPT_F32 -> "(struct opt_f32){1, " + (seed % 83 + 0.75) + "f}";
            case OPT_U128 -> "(struct opt_u128){1, " + literal(CType.U128, seed, k) + "}";
            default -> "(" + t.c + ")" + intValue(t, seed) + (t.size == 8 ? (t.signed ? "LL" : "ULL") : "");
        };
    }

    private static long intValue(CType t, long seed) {
        long v = seed * 0x9E3779B1L;
        long bits = 8L * t.size;
        long masked = bits == 64 ? v : v & ((1L << bits) - 1);
        if (t.signed && bits < 64 && (masked & (1L << (bits - 1))) != 0) {
            masked -= 1L << bits;
        }
        return t.signed && bits == 64 ? -Math.abs(masked) : masked;
    }

    private static String value(CType t, long seed, int k) {
        return switch (t) {
            case I128, U128 -> String.format("%032x", big(seed, k));
            case F32, F64 -> formatG((seed % 97 + 0.5) * (k % 2 == 0 ? 1 : -1));
            case FAT -> "fat(" + "abcdefgh".substring(k % 8, k % 8 + 1) + "," + seed + ")";
            case OPT_F64 -> "some(" + formatG(seed % 89 + 0.25) + ")";
            case OPT_F32 -> "some(" + formatG(seed % 83 + 0.75) + ")";
            case OPT_U128 -> "some( " + String.format("%032x", big(seed, k)) + ")"; // p128 prints a space first
            default -> t.signed ? Long.toString(intValue(t, seed)) : Long.toUnsignedString(intValue(t, seed));
        };
    }

    private static String formatG(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String print(CType t, String v) {
        return switch (t) {
            case I128, U128 -> "p128((unsigned __int128)" + v + ");";
            case F32, F64 -> "printf(\" %g\", (double)" + v + ");";
            case FAT -> "printf(\" fat(%c,%llu)\", *" + v + ".p, " + v + ".n);";
            case OPT_U128 -> "printf(\" %s(\", " + v + ".tag == 1 ? \"some\" : \"none\"); p128(" + v
                    + ".v); printf(\")\");";
            case OPT_F64, OPT_F32 -> "printf(\" %s(%g)\", " + v + ".tag == 1 ? \"some\" : \"none\", (double)" + v
                    + ".v);";
            default -> t.signed ? "printf(\" %lld\", (long long)" + v + ");"
                    : "printf(\" %llu\", (unsigned long long)" + v + ");";
        };
    }

    public String expected() {
        return expected.toString();
    }

    /** Writes, builds and runs the program in {@code dir}; returns its standard output. */
    public String run(Path dir) throws IOException {
        Files.writeString(dir.resolve("tramp.s"), asm.toString());
        Files.writeString(dir.resolve("main.c"), c + main.toString() + "    return 0;\n}\n");
        boolean a64 = target.name().equals("aarch64");
        exec(dir, a64 ? "aarch64-linux-gnu-gcc" : "gcc", "-O1", "-Wall", "-Werror", a64 ? "-static" : "-no-pie",
                "-o", "prog", "main.c", "tramp.s");
        String prog = dir.resolve("prog").toString();
        return a64 ? exec(dir, "qemu-aarch64", prog) : exec(dir, prog);
    }

    static String exec(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
