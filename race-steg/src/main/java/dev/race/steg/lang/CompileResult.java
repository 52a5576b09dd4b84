package dev.race.steg.lang;

import dev.race.steg.model.Crate;

import java.util.List;

/** The crates that compiled cleanly (in source order) and every diagnostic of the run. */
public record CompileResult(List<Crate> crates, List<Diagnostic> diagnostics) {
    public CompileResult {
        crates = List.copyOf(crates);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
