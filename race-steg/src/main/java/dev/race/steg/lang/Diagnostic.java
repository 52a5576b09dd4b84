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

    /** "file:line:col: error: message", then the source line, then a caret under the column (tabs kept so it lines up). */
    public String render() {
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            caret.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return file + ":" + line + ":" + column + ": " + (severity == Severity.ERROR ? "error" : "warning") + ": "
                + message + "\n" + sourceLine + "\n" + caret;
    }
}
