package dev.race.codegen;

/**
 * The generic relocation vocabulary: what a relocation computes, independent of the instruction set. Generic
 * passes (symbol scanning, call-graph edges, GOT decisions) switch on this, never on a raw ELF type number.
 */
public enum RelocKind {
    /** No effect (R_X86_64_NONE). */
    NONE,
    /** S + A: an absolute address or constant in a data word, displacement or immediate. */
    ABS,
    /** S + A - P: a PC-relative reference. */
    PC,
    /** L + A - P: a call through the PLT; in a static link with no PLT, L = S. */
    PLT_PC,
    /** G + GOT + A - P: a PC-relative reference to a GOT entry, with no relaxation hint. */
    GOT_PC,
    /** Like {@link #GOT_PC}, but the compiler marked the instruction as relaxable to a direct form. */
    GOT_PC_RELAX,
    /** A type this target does not apply (TLS, dynamic-only, GOT-relative offsets...). */
    UNSUPPORTED
}
