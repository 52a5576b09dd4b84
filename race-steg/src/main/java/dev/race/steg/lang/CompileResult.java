package dev.race.steg.lang;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crates that compiled cleanly (in source order), every diagnostic of the run, and where each item of those
 * crates is declared, so that a later stage (the layout solver) can point at the declaration of the item it
 * rejects.
 */
public record CompileResult(List<Crate> crates, List<Diagnostic> diagnostics, Map<Path, Location> declarations) {
    /** A declaration's place: the file, the 1-based line and column of its name, and the text of that line. */
    public record Location(String file, int line, int column, String sourceLine) {
    }

    public CompileResult {
        crates = List.copyOf(crates);
        diagnostics = List.copyOf(diagnostics);
        declarations = Map.copyOf(declarations);
    }

    public CompileResult(List<Crate> crates, List<Diagnostic> diagnostics) {
        this(crates, diagnostics, Map.of());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** A diagnostic at the declaration of {@code item}, or empty when the item was not compiled here. */
    public Optional<Diagnostic> at(Path item, Severity severity, String message) {
        Location l = item == null ? null : declarations.get(item);
        return l == null ? Optional.empty()
                : Optional.of(new Diagnostic(severity, l.file(), l.line(), l.column(), message, l.sourceLine()));
    }
}
