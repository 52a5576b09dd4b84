package dev.race.codegen.x86_64;

import dev.race.codegen.ArgAssignment;
import dev.race.codegen.ArgLoc;
import dev.race.codegen.ArgShape;

import java.util.ArrayList;
import java.util.List;

/**
 * The System V AMD64 psABI register model for the arguments RACE passes through a trampoline: §3.2.3 "Parameter
 * Passing", for a non-variadic call. Each argument is classified by eightbyte: larger than 16 bytes, or with an
 * unaligned piece, it is MEMORY; otherwise an eightbyte holding any integer piece is INTEGER and one holding only
 * floating-point pieces is SSE. INTEGER eightbytes take the next of %rdi, %rsi, %rdx, %rcx, %r8, %r9 and SSE ones
 * the next of %xmm0-7; "if there are no registers available for any eightbyte of an argument, the whole argument
 * is passed on the stack" — never split — and the registers it did not take stay available to later arguments (so
 * a {@code u128} that finds only %r9 free goes to the stack, and a later {@code i64} still takes %r9). Stacked
 * arguments take eightbytes in order, an argument aligned to 16 ({@code __int128}) starting at a 16-byte boundary.
 * Parts are registers by machine number (ModRM encoding) or stack words by offset from the first stacked argument
 * (8(%rsp) at entry).
 */
final class SysVArgs {
    /** %rdi, %rsi, %rdx, %rcx, %r8, %r9 as ModRM register numbers. */
    static final int[] INT_ARG_REGS = {7, 6, 2, 1, 8, 9};
    static final int SSE_REGS = 8;
    private static final String[] NAMES = {"%rax", "%rcx", "%rdx", "%rbx", "%rsp", "%rbp", "%rsi", "%rdi", "%r8",
            "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"};

    private SysVArgs() {
    }

    static ArgAssignment assign(List<ArgShape> args) {
        int gpr = 0;
        int sse = 0;
        long stack = 0;
        List<List<ArgLoc>> out = new ArrayList<>();
        for (ArgShape a : args) {
            boolean[] sseClass = classify(a);
            List<ArgLoc> parts = new ArrayList<>();
            if (sseClass != null) {
                int ints = 0;
                for (boolean s : sseClass) {
                    ints += s ? 0 : 1;
                }
                int sses = sseClass.length - ints;
                if (gpr + ints <= INT_ARG_REGS.length && sse + sses <= SSE_REGS) {
                    for (boolean s : sseClass) {
                        parts.add(s ? ArgLoc.fpr(sse++) : ArgLoc.gpr(INT_ARG_REGS[gpr++]));
                    }
                    out.add(parts);
                    continue;
                }
            }
            // MEMORY, or no registers for some eightbyte: the whole argument on the stack, eightbyte aligned (an
            // argument aligned to 16 on a 16-byte boundary)
            stack = (stack + Math.max(8, a.align()) - 1) / Math.max(8, a.align()) * Math.max(8, a.align());
            for (long o = 0; o < a.size(); o += 8) {
                parts.add(ArgLoc.stack(stack + o));
            }
            stack += (a.size() + 7) / 8 * 8;
            out.add(parts);
        }
        return new ArgAssignment(out, stack);
    }

    /**
     * Per eightbyte, whether it is SSE (else INTEGER); null for MEMORY. An eightbyte with no piece in it (all
     * padding) is not classified by RACE: refused rather than guessed.
     */
    static boolean[] classify(ArgShape a) {
        if (a.size() > 16) {
            return null;
        }
        for (ArgShape.Piece p : a.pieces()) {
            if (p.offset() % Math.min(p.size(), 8) != 0) {
                return null; // an unaligned field makes the argument MEMORY
            }
        }
        int n = (int) ((a.size() + 7) / 8);
        boolean[] sse = new boolean[n];
        for (int e = 0; e < n; e++) {
            boolean any = false;
            boolean integer = false;
            for (ArgShape.Piece p : a.pieces()) {
                if (p.offset() < 8L * (e + 1) && p.offset() + p.size() > 8L * e) {
                    any = true;
                    integer |= p.kind() == ArgShape.Kind.INTEGER;
                }
            }
            if (!any) {
                throw new IllegalArgumentException("x86_64: " + a.what() + " has an eightbyte with no scalar in it "
                        + "(bytes " + 8 * e + ".." + (8 * e + 8) + "), which RACE does not classify");
            }
            sse[e] = !integer;
        }
        return sse;
    }

    /** %rdx, %xmm1 or 16(%rsp) (at entry: the first stacked argument is at 8(%rsp)). */
    static String name(ArgLoc l) {
        return switch (l.where()) {
            case GPR -> NAMES[(int) l.n()];
            case FPR -> "%xmm" + l.n();
            case STACK -> (l.n() + 8) + "(%rsp)";
        };
    }
}
