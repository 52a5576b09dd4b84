package dev.race.codegen;

/**
 * Where one part of an argument is when a function is entered: a general-purpose register or a floating-point /
 * vector register, by its machine number ({@code n}: the register's encoding, x5 is 5, %rdx is 2), or an eight-byte
 * stack word, by its byte offset ({@code n}) from the first stacked argument. Each target's calling-convention
 * model (in its package) says which parts an argument has; this record only names them.
 */
public record ArgLoc(Where where, long n) {
    /** The kind of place. */
    public enum Where { GPR, FPR, STACK }

    public static ArgLoc gpr(int n) {
        return new ArgLoc(Where.GPR, n);
    }

    public static ArgLoc fpr(int n) {
        return new ArgLoc(Where.FPR, n);
    }

    public static ArgLoc stack(long offset) {
        return new ArgLoc(Where.STACK, offset);
    }

    public boolean isStack() {
        return where == Where.STACK;
    }
}
