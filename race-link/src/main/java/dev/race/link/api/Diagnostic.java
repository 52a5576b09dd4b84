package dev.race.link.api;

import java.util.List;
import java.util.Objects;

/**
 * One message of a link or a pack. {@code message} is the first line and names the file and the item;
 * {@code details} are further lines (expected vs found, the code sites that depend on the item), printed indented
 * below it. {@code code} says what kind of problem it is; {@code location}, when not null, is the place in a
 * .steg source the message is about; {@code contract}, when not null (a {@link DiagnosticCode#CONTRACT} or
 * {@link DiagnosticCode#MISSING_CRATE} diagnostic), the same facts as the text in fields a build tool can map
 * without parsing it.
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String message, List<String> details,
                         Location location, Contract contract) {
    /** A place in a source file: 1-based line and column, and the text of that line. */
    public record Location(String file, int line, int column, String sourceLine) {
        public Location {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sourceLine, "sourceLine");
        }
    }

    /**
     * A broken contract between an importing input and the crate it imports.
     *
     * @param crate        the input whose view is broken, as {@code name@version} ({@code plugin@1.0.0})
     * @param file         that input's file, as given to the link
     * @param exporter     the exporting input as {@code name@version}, or null when no input exports the crate
     * @param exporterFile its file, or null
     * @param item         the item of the view ({@code engine::Config}; the imported crate's name for a version
     *                     or a missing crate)
     * @param member       the part of the item the mismatch is about ({@code scale} for a field, {@code Rect}
     *                     for a variant, {@code parameter t} ...), or empty for the item as a whole
     * @param expected     what the importer's view says (.steg text)
     * @param found        what the exporter has (.steg text; {@code nothing} when it has no such thing)
     * @param sites        the places in the importer's code that depend on the item ({@code plugin.o: .text+0x14
     *                     (offset-of engine::Config.scale)}), in the order the message lists them; may be empty
     */
    public record Contract(String crate, String file, String exporter, String exporterFile, String item,
                           String member, String expected, String found, List<String> sites) {
        public Contract {
            Objects.requireNonNull(crate, "crate");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(item, "item");
            member = member == null ? "" : member;
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(found, "found");
            sites = List.copyOf(sites);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    /** A diagnostic without contract facts. */
    public Diagnostic(Severity severity, DiagnosticCode code, String message, List<String> details,
                      Location location) {
        this(severity, code, message, details, location, null);
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

    /** This diagnostic with its contract facts. */
    public Diagnostic withContract(Contract facts) {
        return new Diagnostic(severity, code, message, details, location, facts);
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
