package dev.race.link.api;

import java.util.List;
import java.util.Objects;

/**
 * One message of a link. {@code message} is the first line and names the file and the item; {@code details} are
 * further lines (expected vs found, the code sites that depend on the item), printed indented below it.
 */
public record Diagnostic(Severity severity, String message, List<String> details) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    public static Diagnostic error(String message, List<String> details) {
        return new Diagnostic(Severity.ERROR, message, details);
    }

    public static Diagnostic error(String message) {
        return new Diagnostic(Severity.ERROR, message, List.of());
    }

    public static Diagnostic warning(String message, List<String> details) {
        return new Diagnostic(Severity.WARNING, message, details);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code race: error: MESSAGE} followed by each detail on its own line, indented by four spaces. */
    public String render() {
        StringBuilder sb = new StringBuilder("race: ").append(severity.label()).append(": ").append(message);
        for (String d : details) {
            sb.append(System.lineSeparator()).append("    ").append(d);
        }
        return sb.toString();
    }
}
