package dev.race.steg.lang;

import java.util.List;
import java.util.Objects;

/**
 * A source after parsing, before names are resolved: its syntax tree and its syntax errors. Immutable, so one
 * parse serves any number of compilations, on any number of threads ({@link StegCompiler#parse},
 * {@link StegCompiler#compileParsed}): a tool that compiles many crates against the same imports parses each
 * import once.
 */
public final class ParsedSource {
    private final Source source;
    final Ast.FileNode ast;
    final boolean syntaxOk;
    final List<Diagnostic> syntaxDiagnostics;

    ParsedSource(Source source, Ast.FileNode ast, boolean syntaxOk, List<Diagnostic> syntaxDiagnostics) {
        this.source = Objects.requireNonNull(source, "source");
        this.ast = Objects.requireNonNull(ast, "ast");
        this.syntaxOk = syntaxOk;
        this.syntaxDiagnostics = List.copyOf(syntaxDiagnostics);
    }

    public Source source() {
        return source;
    }

    /** True when the source parsed without a syntax error. */
    public boolean syntaxOk() {
        return syntaxOk;
    }
}
