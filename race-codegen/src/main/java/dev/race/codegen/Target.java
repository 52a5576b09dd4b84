package dev.race.codegen;

/**
 * One instruction-set architecture: how its relocation types map to the generic {@link RelocKind} vocabulary,
 * and how each one is written into code or data. Implementations are found with {@link java.util.ServiceLoader}
 * (see {@link Targets}); each is stateless and safe to share between concurrent links.
 *
 * <p>Every method patches one field in place and throws {@link PatchException} (naming the site) when the value
 * does not fit or the bytes at the site are not the instruction the relocation requires; it never writes a
 * partial result before deciding.
 */
public interface Target {

    /** The name used on the command line and in messages, e.g. {@code "x86_64"}. */
    String name();

    /** The ELF {@code e_machine} this target handles. */
    int elfMachine();

    /** The generic meaning of relocation type {@code elfType}; {@link RelocKind#UNSUPPORTED} if not applied. */
    RelocKind kind(int elfType);

    /**
     * Applies an ordinary relocation: {@code S} is the symbol's address, {@code A} the addend, {@code P} the
     * address of the relocated field. GOT-relative forms are relaxed to direct ones (RACE builds no GOT yet);
     * where that is impossible the relocation is refused.
     */
    void relocate(PatchSite site, int elfType, long S, long A, long P);

    /**
     * Applies a relocation against a layout marker ({@code off}, {@code size}, {@code align}, {@code slot},
     * {@code tag}): {@code value} is the answer of the layout query, a constant rather than an address, and
     * {@code A} the relocation's addend. Absolute forms receive {@code value + A}; PC-relative and GOT forms sit
     * on an instruction that computes an address, which is rewritten to load the constant as an immediate
     * without changing code size.
     */
    void patchConstant(PatchSite site, int elfType, long value, long A);

    /**
     * Looks at all the relocations of one input section before any is applied, for a target whose rewrites span
     * several instructions (AArch64 relaxes an {@code adrp} together with the {@code add} or {@code ldr} that
     * completes it, and must prove they belong together). {@code code} is the section's unpatched contents
     * (read-only; its position and limit delimit the section). The result is opaque to the caller, which passes
     * it to every {@link #patchConstant(PatchSite, int, long, long, Object)} of that section. It must not throw:
     * a problem found here is reported by the patch call of the site it concerns, with that site's location. Called
     * only for sections with at least one layout-constant relocation, and only when {@link #plansSections()}.
     * The default plans nothing.
     */
    default Object planSection(java.nio.ByteBuffer code, java.util.List<SectionReloc> relocs) {
        return null;
    }

    /**
     * Whether {@link #planSection} does anything; when false (the default) the linker does not build the
     * relocation list for it, so a target that needs no plan pays nothing.
     */
    default boolean plansSections() {
        return false;
    }

    /**
     * {@link #patchConstant(PatchSite, int, long, long)} with the section's plan from {@link #planSection}; the
     * default ignores the plan.
     */
    default void patchConstant(PatchSite site, int elfType, long value, long A, Object plan) {
        patchConstant(site, elfType, value, A);
    }

    /**
     * Applies a relocation against a {@code vtbl} marker, whose value {@code S} is the address of a vtable the
     * linker synthesized: ordinary relocation semantics.
     */
    default void patchAddress(PatchSite site, int elfType, long S, long A, long P) {
        relocate(site, elfType, S, A, P);
    }

    /** The ELF relocation type of a pointer-sized absolute data word, {@code S + A} (a vtable slot, say). */
    int absolutePointerType();

    /**
     * A trampoline for a vtable slot filled from a trait's default body. The caller of a {@code dyn} method passes
     * self's data pointer and then the method's arguments ({@code argsAfterSelf}); a default body takes self's
     * data pointer, then the vtable, then the arguments. The trampoline puts every argument where this target's
     * calling convention places it in the body's list (which the extra pointer can move between registers, to
     * the next aligned register pair, or onto the stack), loads the vtable's address ({@link Stub.Ref#VTABLE})
     * into the second argument register and transfers to the default body ({@link Stub.Ref#TARGET}). Throws
     * IllegalArgumentException, naming the argument, when it cannot make a trampoline that is right.
     */
    default Stub defaultMethodTrampoline(java.util.List<ArgShape> argsAfterSelf) {
        throw new UnsupportedOperationException("the " + name() + " target does not make default-method "
                + "trampolines yet");
    }

    /** {@link #defaultMethodTrampoline(java.util.List)} for {@code n} 8-byte integer arguments after self. */
    default Stub defaultMethodTrampoline(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a method has no negative number of arguments: " + n);
        }
        java.util.List<ArgShape> args = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(ArgShape.integer("argument " + (i + 1) + " (i64)", 8));
        }
        return defaultMethodTrampoline(args);
    }

    /**
     * A range-extension thunk (veneer): code that transfers to {@link Stub.Ref#TARGET} from anywhere in the
     * address space, for a branch whose own displacement field cannot reach it; null (the default) when this target's
     * branches always reach. The linker places a thunk right after the input section that needs it and redirects the
     * branch there.
     */
    default Stub rangeExtensionThunk() {
        return null;
    }

    /**
     * Whether the branch relocation {@code elfType} at {@code P} cannot reach {@code S + A} directly and must go
     * through a {@link #rangeExtensionThunk()}. False (the default) for anything that is not such a branch.
     */
    default boolean branchOutOfRange(int elfType, long S, long A, long P) {
        return false;
    }
}
