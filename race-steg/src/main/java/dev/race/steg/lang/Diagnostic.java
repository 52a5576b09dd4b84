package dev.race.steg.lang;

import java.util.Objects;

/**
 * A problem found in a source, at a 1-based line and column (columns count characters; a tab is one).
 * {@code sourceLine} is the text of that line, without its line terminator.
 */
public record Diagnostic(Severity severity, String file, int line, int column, String message, String sourceLine) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sourceLine, "sourceLine");
    }

    /** Longer source lines are shown as a window around the column, elided with {@code ...} on the cut sides. */
    public static final int MAX_SHOWN_LINE = 160;
    /** The characters shown on each side of the column when a line is elided. */
    private static final int WINDOW_SIDE = 60;

    /**
     * "file:line:col: error: message", then the source line, then a caret under the column (tabs kept so it lines
     * up). A line longer than {@link #MAX_SHOWN_LINE} characters is cut to the {@code WINDOW_SIDE} characters on
     * either side of the column, with {@code ...} where text was left out, so a minified or generated line does not
     * flood the terminal.
     */
    public String render() {
        String shown = sourceLine;
        int at = column - 1;
        if (sourceLine.length() > MAX_SHOWN_LINE) {
            int start = Math.max(0, Math.min(at, sourceLine.length()) - WINDOW_SIDE);
            int end = Math.min(sourceLine.length(), Math.max(at, start) + WINDOW_SIDE);
            shown = (start > 0 ? "..." : "") + sourceLine.substring(start, end) + (end < sourceLine.length() ? "..." : "");
            at = at - start + (start > 0 ? 3 : 0);
        }
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < at; i++) {
            caret.append(i < shown.length() && shown.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return file + ":" + line + ":" + column + ": " + (severity == Severity.ERROR ? "error" : "warning") + ": "
                + message + "\n" + shown + "\n" + caret;
    }
}
