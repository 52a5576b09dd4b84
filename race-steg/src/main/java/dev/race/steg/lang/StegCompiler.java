package dev.race.steg.lang;

import java.util.List;

/** Entry point of the .steg front end: parses and resolves sources into model crates. */
public final class StegCompiler {
    private StegCompiler() {
    }

    /**
     * Parses and resolves several sources together: each source is one crate ({@code crate NAME VERSION;}
     * first), and a path whose first segment names another of the given crates resolves in that crate.
     * Never throws for bad input: every problem is a {@link Diagnostic}; {@code crates} holds the crates that
     * compiled cleanly (in source order). Several errors are reported in one run.
     */
    public static CompileResult compile(List<Source> sources) {
        return compile(sources, StrategyCatalog::discover);
    }

    /**
     * As {@link #compile(List)}, checking named layout strategies ({@code #[repr(strategy = "name")]}) against
     * {@code catalog} rather than the one {@link StrategyCatalog#discover()} finds; null checks none (the names are
     * recorded unchecked, with the versions the sources pin or 0).
     */
    public static CompileResult compile(List<Source> sources, StrategyCatalog catalog) {
        return compile(sources, () -> catalog);
    }

    private static CompileResult compile(List<Source> sources, java.util.function.Supplier<StrategyCatalog> catalogs) {
        try {
            return new Compilation(sources, catalogs).run();
        } catch (StackOverflowError e) {
            return failure(sources, "input nests too deeply to compile");
        } catch (RuntimeException e) {
            // a bug in the compiler, not in the input; still reported as a diagnostic, never thrown
            return failure(sources, "internal compiler error: " + e);
        }
    }

    public static CompileResult compile(Source source) {
        return compile(List.of(source));
    }

    /**
     * Parses one source for {@link #compileParsed}: the result is immutable and may be compiled any number of
     * times, with any other sources, on any thread. {@code compileParsed(parse(a), parse(b))} gives the same result
     * as {@code compile(a, b)}. Never throws for bad input: syntax errors are reported by the compilations.
     */
    public static ParsedSource parse(Source source) {
        try {
            return Compilation.parse(source);
        } catch (StackOverflowError e) {
            return unparsable(source, "input nests too deeply to compile");
        } catch (RuntimeException e) {
            return unparsable(source, "internal compiler error: " + e);
        }
    }

    /** As {@link #compile(List)}, of sources parsed before by {@link #parse}. */
    public static CompileResult compileParsed(List<ParsedSource> sources) {
        try {
            return new Compilation(sources, true).run();
        } catch (StackOverflowError e) {
            return failure(sources.stream().map(ParsedSource::source).toList(), "input nests too deeply to compile");
        } catch (RuntimeException e) {
            return failure(sources.stream().map(ParsedSource::source).toList(), "internal compiler error: " + e);
        }
    }

    private static ParsedSource unparsable(Source source, String message) {
        Reporter r = new Reporter(source);
        r.error(new Ast.Pos(1, 1), message);
        return new ParsedSource(source, new Ast.FileNode(null, new Ast.Pos(1, 1), List.of(), List.of()), false, r.diagnostics());
    }

    private static CompileResult failure(List<Source> sources, String message) {
        Source s = sources.isEmpty() ? new Source("<input>", "") : sources.get(0);
        Reporter r = new Reporter(s);
        r.error(new Ast.Pos(1, 1), message);
        return new CompileResult(List.of(), r.diagnostics());
    }
}
