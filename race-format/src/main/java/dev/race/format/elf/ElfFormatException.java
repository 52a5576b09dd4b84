package dev.race.format.elf;

/**
 * The one error every reader in this package raises for input it cannot read: corrupt, truncated or of an
 * unsupported kind. The message names the file, the byte offset of the offending declaration and what is wrong,
 * e.g. {@code x.o: offset 0x1c40: section header 7 extends past the end of the file (0x1c40 + 0x40 > 0x1c50)}.
 * Carries no stack trace: it is about the input, not the program.
 */
public final class ElfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final long offset;
    private final String problem;

    public ElfFormatException(String fileName, long offset, String problem) {
        super(fileName + ": offset 0x" + Long.toHexString(offset) + ": " + problem, null, false, false);
        this.fileName = fileName;
        this.offset = offset;
        this.problem = problem;
    }

    public String fileName() {
        return fileName;
    }

    /** Byte offset in the file (or archive member) of the field or structure that is wrong. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the file name and offset. */
    public String problem() {
        return problem;
    }
}
