package dev.race.link.api;

/** How serious a {@link Diagnostic} is: an error fails the link, a warning does not. */
public enum Severity {
    ERROR("error"), WARNING("warning"), NOTE("note");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** {@code error}, {@code warning} or {@code note}, as printed. */
    public String label() {
        return label;
    }
}
