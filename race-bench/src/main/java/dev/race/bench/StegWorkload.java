package dev.race.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates a large, valid {@code .steg} crate for benchmarks: a mix of resilient structs,
 * {@code #[repr(C)]} structs (some packed or over-aligned), tuple structs and enums with data, whose
 * fields embed earlier types by value, in arrays, behind references and in {@code Option}s, spread over
 * modules of 1,000 items. Deterministic for a given seed.
 *
 * <p>Command line: {@code StegWorkload TYPES OUT.steg [SEED]}.
 */
public final class StegWorkload {
    private static final String[] PRIMS = {"u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128",
            "usize", "isize", "f32", "f64", "bool", "char"};

    private StegWorkload() {
    }

    public static String generate(int types, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(types * 120);
        sb.append("crate bench 1.0.0;\n\n");
        int perModule = 1000;
        for (int i = 0; i < types; i++) {
            if (i % perModule == 0) {
                if (i > 0) sb.append("}\n\n");
                sb.append("pub mod m").append(i / perModule).append(" {\n");
            }
            int kind = r.nextInt(10);
            if (kind < 4) {
                sb.append("    pub struct T").append(i).append(" {\n");
                fields(sb, r, i, perModule, false);
                sb.append("    }\n");
            } else if (kind < 7) {
                sb.append("    #[repr(C").append(r.nextInt(6) == 0 ? ", packed(" + (1 << r.nextInt(3)) + ")"
                        : r.nextInt(6) == 0 ? ", align(" + (1 << (3 + r.nextInt(3))) + ")" : "").append(")]\n");
                sb.append("    pub struct T").append(i).append(" {\n");
                fields(sb, r, i, perModule, true);
                sb.append("    }\n");
            } else if (kind < 8) {
                sb.append("    pub struct T").append(i).append("(");
                int n = 1 + r.nextInt(4);
                for (int f = 0; f < n; f++) {
                    if (f > 0) sb.append(", ");
                    sb.append("pub ").append(PRIMS[r.nextInt(PRIMS.length)]);
                }
                sb.append(");\n");
            } else {
                sb.append("    pub enum T").append(i).append(" {\n");
                int n = 1 + r.nextInt(6);
                for (int v = 0; v < n; v++) {
                    sb.append("        V").append(v);
                    int shape = r.nextInt(3);
                    if (shape == 1) {
                        sb.append('(').append(fieldType(r, i, perModule, false)).append(')');
                    } else if (shape == 2) {
                        sb.append(" { a: ").append(fieldType(r, i, perModule, false))
                                .append(", b: ").append(PRIMS[r.nextInt(PRIMS.length)]).append(" }");
                    }
                    sb.append(",\n");
                }
                sb.append("    }\n");
            }
        }
        if (types > 0) sb.append("}\n");
        return sb.toString();
    }

    private static void fields(StringBuilder sb, SplittableRandom r, int i, int perModule, boolean c) {
        int n = 1 + r.nextInt(8);
        for (int f = 0; f < n; f++) {
            sb.append("        pub f").append(f).append(": ").append(fieldType(r, i, perModule, c)).append(",\n");
        }
    }

    /** A field type; references to earlier types stay inside the current module so every name resolves locally. */
    private static String fieldType(SplittableRandom r, int i, int perModule, boolean c) {
        int first = (i / perModule) * perModule;
        int roll = r.nextInt(10);
        if (roll < 6 || i == first) {
            return PRIMS[r.nextInt(PRIMS.length)];
        }
        String earlier = "T" + (first + r.nextInt(i - first));
        return switch (roll) {
            case 6 -> earlier;
            case 7 -> "[" + PRIMS[r.nextInt(PRIMS.length)] + "; " + (1 + r.nextInt(8)) + "]";
            case 8 -> c ? "*const " + earlier : "Option<&" + earlier + ">";
            default -> c ? "[u32; 2]" : "Option<Box<" + earlier + ">>";
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: StegWorkload TYPES OUT.steg [SEED]");
            System.exit(2);
        }
        int types = Integer.parseInt(args[0]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Files.writeString(Path.of(args[1]), generate(types, seed), StandardCharsets.UTF_8);
    }
}
