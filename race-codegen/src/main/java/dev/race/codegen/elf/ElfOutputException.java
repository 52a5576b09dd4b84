package dev.race.codegen.elf;

/**
 * An executable image that cannot be written: overlapping or misaligned sections, an entry point outside the
 * code, a writable and executable section, segments sharing a page. It is a user (or layout) error, so it carries
 * no stack trace; the message names the sections and addresses involved.
 */
public final class ElfOutputException extends RuntimeException {
    public ElfOutputException(String message) {
        super(message, null, false, false);
    }
}
