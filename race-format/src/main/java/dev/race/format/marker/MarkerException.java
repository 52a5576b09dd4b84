package dev.race.format.marker;

/**
 * A symbol that starts with {@code __race_} but does not decode, or a marker that cannot be named. The message
 * says what is wrong and at which character of the name. Carries no stack trace: it is a user error.
 */
public final class MarkerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String symbol;
    private final int position;

    public MarkerException(String symbol, int position, String problem) {
        super(describe(symbol, position, problem), null, false, false);
        this.symbol = symbol;
        this.position = position;
    }

    private static String describe(String symbol, int position, String problem) {
        return position < 0 ? problem : "marker `" + symbol + "`: at " + position + ": " + problem;
    }

    /** The symbol name that failed to decode (or the partial name when mangling failed). */
    public String symbol() {
        return symbol;
    }

    /** Index of the offending character in {@link #symbol()}, or -1 when not about a position. */
    public int position() {
        return position;
    }
}
