package dev.race.steg.lang;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one source, filling in the source line each one points at. */
final class Reporter {
    private final Source source;
    private final String[] lines;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Reporter(Source source) {
        this.source = source;
        this.lines = source.text().split("\r\n|\r|\n", -1);
    }

    void error(Ast.Pos pos, String message) {
        add(Severity.ERROR, pos, message);
    }

    void warning(Ast.Pos pos, String message) {
        add(Severity.WARNING, pos, message);
    }

    void add(Severity severity, Ast.Pos pos, String message) {
        int line = pos == null ? 1 : Math.max(1, pos.line());
        int col = pos == null ? 1 : Math.max(1, pos.col());
        String text = line <= lines.length ? lines[line - 1] : "";
        diagnostics.add(new Diagnostic(severity, source.name(), line, col, message, text));
    }

    /** A diagnostic of this source found before (a syntax error of an earlier parse). */
    void add(Diagnostic d) {
        diagnostics.add(d);
    }

    /** Where {@code pos} is in this source, with the text of its line. */
    CompileResult.Location locate(Ast.Pos pos) {
        int line = pos == null ? 1 : Math.max(1, pos.line());
        int col = pos == null ? 1 : Math.max(1, pos.col());
        return new CompileResult.Location(source.name(), line, col, line <= lines.length ? lines[line - 1] : "");
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    Source source() {
        return source;
    }
}
