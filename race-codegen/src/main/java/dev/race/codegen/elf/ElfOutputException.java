package dev.race.codegen.elf;

/**
 * An image that cannot be written. For an executable: overlapping or misaligned sections, an entry point outside
 * the code, a writable and executable section, segments sharing a page. For a relocatable object: a relocation
 * outside its section or naming a missing symbol, a symbol outside its section, a global named twice. It is a user
 * (or layout) error, so it carries no stack trace; the message names the sections, symbols and offsets involved.
 */
public final class ElfOutputException extends RuntimeException {
    public ElfOutputException(String message) {
        super(message, null, false, false);
    }
}
