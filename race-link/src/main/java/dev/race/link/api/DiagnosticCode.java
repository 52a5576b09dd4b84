package dev.race.link.api;

/**
 * What kind of problem a {@link Diagnostic} reports, for a caller (a build plugin, an IDE) that must react to it
 * without parsing its text: a missing input is fixed elsewhere than a contract break.
 */
public enum DiagnosticCode {
    /** An input file is missing, unreadable, not a regular file, or is also an output. */
    INPUT_FILE,
    /** A .steg source does not compile (the diagnostic has the file, line and column). */
    STEG,
    /** An object file or archive is not well-formed ELF / ar. */
    OBJECT,
    /** An .rcrate input does not decode. */
    RCRATE,
    /** The target is unknown, or the inputs are for different or unsupported machines. */
    TARGET,
    /** No target was given and there is no object to infer it from. */
    NO_TARGET,
    /** The code does not match its STEG: a marker, a missing definition, a resilient type passed by value. */
    PACK,
    /** An import view does not match the crate that exports it (layout, signature, version). */
    CONTRACT,
    /** A crate imports another that no input exports. */
    MISSING_CRATE,
    /** The program reaches a function with a forbidden effect. */
    EFFECT,
    /** Any other problem of a link (symbols, relocations, sections). */
    LINK,
    /** The output cannot be written. */
    OUTPUT,
    /** The link or pack was cancelled ({@link Cancellation}) before it finished; nothing was written. */
    CANCELLED
}
