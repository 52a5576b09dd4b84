package dev.race.codegen.aarch64;

import dev.race.codegen.ArgAssignment;
import dev.race.codegen.ArgLoc;
import dev.race.codegen.ArgShape;

import java.util.ArrayList;
import java.util.List;

/**
 * The AAPCS64 register model for the arguments RACE passes through a trampoline: "Procedure Call Standard for the
 * Arm 64-bit Architecture" §6.8.2 "Parameter passing rules", stages A to C, for a non-variadic call (the
 * stage C rule numbers are cited where they are applied). NGRN counts x0..x7, NSRN v0..v7, NSAA the bytes of
 * the stacked arguments. The result per argument is its parts: one x register per double-word, one v register per
 * floating-point member, or one stack word per double-word (offset from the entry stack pointer).
 *
 * <p>This is the standard (Linux) variant: a stacked argument smaller than 8 bytes takes a whole 8-byte slot
 * (C.5, C.14); Apple's arm64 packs them and is not modelled.
 */
final class Aapcs64Args {
    static final int REGS = 8;

    private Aapcs64Args() {
    }

    static ArgAssignment assign(List<ArgShape> args) {
        // Stage A: NGRN = 0, NSRN = 0, NSAA = SP
        int ngrn = 0;
        int nsrn = 0;
        long nsaa = 0;
        List<List<ArgLoc>> out = new ArrayList<>();
        for (ArgShape a : args) {
            List<ArgLoc> parts = new ArrayList<>();
            int members = hfaMembers(a);
            if (members > 0) {
                // a Single/Double-precision scalar (C.1) or an HFA (C.2): one v register per member
                if (nsrn + members <= REGS) {
                    for (int m = 0; m < members; m++) {
                        parts.add(ArgLoc.fpr(nsrn++));
                    }
                } else {
                    // C.3: NSRN = 8, size rounded up to 8; C.4: NSAA aligned to max(8, natural alignment); C.5: a
                    // Single takes 8 bytes; C.6: copied at NSAA
                    nsrn = REGS;
                    nsaa = roundUp(nsaa, Math.max(8, a.align()));
                    nsaa = stack(parts, nsaa, roundUp(a.size(), 8));
                }
                out.add(parts);
                continue;
            }
            long size = a.size();
            long align = a.align();
            if (!a.scalar()) {
                if (size > 16) {
                    // B.3: a Composite larger than 16 bytes is copied to memory by the caller and replaced by a
                    // pointer to the copy
                    size = 8;
                    align = 8;
                } else {
                    // B.4: a Composite's size is rounded up to a multiple of 8
                    size = roundUp(size, 8);
                }
            }
            int words = (int) ((size + 7) / 8);
            if (words == 1 && ngrn < REGS) {
                // C.7 (Integral or Pointer of at most 8 bytes), C.10 (Composite of one double-word)
                parts.add(ArgLoc.gpr(ngrn++));
                out.add(parts);
                continue;
            }
            if (align == 16) {
                // C.8: an argument with an alignment of 16 starts at an even register
                ngrn = roundUpInt(ngrn, 2);
            }
            if (words <= REGS - ngrn) {
                // C.9 (a 16-byte Integral in x[NGRN], x[NGRN+1], the lower-addressed double-word first), C.10
                for (int w = 0; w < words; w++) {
                    parts.add(ArgLoc.gpr(ngrn++));
                }
            } else {
                // C.11: NGRN = 8; C.12: NSAA aligned to max(8, natural alignment); C.13-C.15: copied at NSAA,
                // a value smaller than 8 bytes taking 8
                ngrn = REGS;
                nsaa = roundUp(nsaa, Math.max(8, align));
                nsaa = stack(parts, nsaa, roundUp(size, 8));
            }
            out.add(parts);
        }
        return new ArgAssignment(out, nsaa);
    }

    /**
     * The members of a scalar float or a Homogeneous Floating-point Aggregate (§5.9.5: one to four members of the
     * same floating-point type, here pieces that tile the value exactly), or 0.
     */
    static int hfaMembers(ArgShape a) {
        List<ArgShape.Piece> ps = a.pieces();
        if (ps.isEmpty() || ps.size() > 4) {
            return 0;
        }
        long member = ps.get(0).size();
        for (int i = 0; i < ps.size(); i++) {
            ArgShape.Piece p = ps.get(i);
            if (p.kind() != ArgShape.Kind.FLOAT || p.size() != member || p.offset() != i * member) {
                return 0;
            }
        }
        return ps.size() * member == a.size() ? ps.size() : 0;
    }

    private static long stack(List<ArgLoc> parts, long at, long bytes) {
        for (long o = 0; o < bytes; o += 8) {
            parts.add(ArgLoc.stack(at + o));
        }
        return at + bytes;
    }

    static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }

    private static int roundUpInt(int v, int to) {
        return (v + to - 1) / to * to;
    }

    /** x5, v2 or [sp+16] (the entry stack pointer). */
    static String name(ArgLoc l) {
        return switch (l.where()) {
            case GPR -> "x" + l.n();
            case FPR -> "v" + l.n();
            case STACK -> "[sp+" + l.n() + "]";
        };
    }
}
