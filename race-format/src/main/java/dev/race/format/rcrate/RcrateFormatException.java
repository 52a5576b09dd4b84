package dev.race.format.rcrate;

/**
 * The one error {@link RcrateReader} raises for an {@code .rcrate} it cannot read: corrupt, truncated, of a newer
 * format version, or inconsistent. The message names the file, the byte offset (from the start of the file) of
 * the offending field and what is wrong, e.g. {@code engine.rcrate: offset 0x1c0: relocation 5: symbol index 99
 * out of range (23 symbols)}. Carries no stack trace: it is about the input, not the program.
 */
public final class RcrateFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;
    private final String problem;

    public RcrateFormatException(String file, long offset, String problem) {
        super(file + ": offset 0x" + Long.toHexString(offset) + ": " + problem, null, false, false);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** Byte offset in the file of the field or structure that is wrong. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the file name and offset. */
    public String problem() {
        return problem;
    }
}
