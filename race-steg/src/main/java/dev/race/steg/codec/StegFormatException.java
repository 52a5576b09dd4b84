package dev.race.steg.codec;

/**
 * The one error a STEG decoder reports for corrupt, truncated or unsupported input. The offset counts
 * bytes from the first byte of the STEG blob (the {@code S} of the magic), so a container reader can add
 * the blob's own position to point into its file.
 */
public final class StegFormatException extends RuntimeException {
    private final long offset;
    private final String problem;

    public StegFormatException(long offset, String problem) {
        super(String.format("offset 0x%X: %s", offset, problem));
        this.offset = offset;
        this.problem = problem;
    }

    /** Byte offset, from the start of the STEG blob, where the problem was found. */
    public long offset() {
        return offset;
    }

    /** The message without its offset prefix: what was expected and what was found. */
    public String problem() {
        return problem;
    }
}
