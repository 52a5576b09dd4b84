package dev.race.link.api;

import java.util.List;
import java.util.Objects;

/**
 * One message of a link or a pack. {@code message} is the first line and names the file and the item;
 * {@code details} are further lines (expected vs found, the code sites that depend on the item), printed indented
 * below it. {@code code} says what kind of problem it is; {@code location}, when not null, is the place in a
 * .steg source the message is about.
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String message, List<String> details,
                         Location location) {
    /** A place in a source file: 1-based line and column, and the text of that line. */
    public record Location(String file, int line, int column, String sourceLine) {
        public Location {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sourceLine, "sourceLine");
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    /** A diagnostic of kind {@link DiagnosticCode#LINK} with no source location. */
    public Diagnostic(Severity severity, String message, List<String> details) {
        this(severity, DiagnosticCode.LINK, message, details, null);
    }

    public static Diagnostic error(String message, List<String> details) {
        return new Diagnostic(Severity.ERROR, message, details);
    }

    public static Diagnostic error(String message) {
        return new Diagnostic(Severity.ERROR, message, List.of());
    }

    public static Diagnostic error(DiagnosticCode code, String message, List<String> details) {
        return new Diagnostic(Severity.ERROR, code, message, details, null);
    }

    public static Diagnostic error(DiagnosticCode code, String message) {
        return new Diagnostic(Severity.ERROR, code, message, List.of(), null);
    }

    public static Diagnostic warning(String message, List<String> details) {
        return new Diagnostic(Severity.WARNING, message, details);
    }

    public static Diagnostic warning(DiagnosticCode code, String message, List<String> details) {
        return new Diagnostic(Severity.WARNING, code, message, details, null);
    }

    /** A diagnostic of the .steg front end, with its place in the source. */
    public static Diagnostic of(dev.race.steg.lang.Diagnostic d) {
        Severity s = d.severity() == dev.race.steg.lang.Severity.ERROR ? Severity.ERROR : Severity.WARNING;
        return new Diagnostic(s, DiagnosticCode.STEG, d.message(), List.of(),
                new Location(d.file(), d.line(), d.column(), d.sourceLine()));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * {@code race: error: MESSAGE} followed by each detail on its own line, indented by four spaces; a diagnostic
     * with a source location is {@code file:line:col: error: MESSAGE}, the source line and a caret under the column.
     */
    public String render() {
        if (location != null) {
            return new dev.race.steg.lang.Diagnostic(severity == Severity.ERROR ? dev.race.steg.lang.Severity.ERROR
                    : dev.race.steg.lang.Severity.WARNING, location.file(), location.line(), location.column(),
                    message, location.sourceLine()).render();
        }
        StringBuilder sb = new StringBuilder("race: ").append(severity.label()).append(": ").append(message);
        for (String d : details) {
            sb.append(System.lineSeparator()).append("    ").append(d);
        }
        return sb.toString();
    }
}
