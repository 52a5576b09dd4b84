package dev.race.steg.lang;

import dev.race.steg.model.Crate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the .steg front end (docs/fuzzing.md). The bytes are decoded as UTF-8 (malformed sequences
 * become U+FFFD) and split at NUL characters into up to four sources compiled together, so that cross-crate
 * paths are reached too. A finding is: an exception out of {@link StegCompiler#compile}, a diagnostic reporting
 * an internal compiler error, or a clean compile whose crates, printed by {@link StegPrinter} and compiled again,
 * are not the same crates.
 *
 * <p>Called by {@link StegCompilerFuzzTest} (regression mode in {@code mvn verify}) and, as a class with
 * {@code fuzzerTestOneInput}, by the standalone Jazzer driver in {@code bench/fuzz.sh}.
 */
public final class StegCompilerFuzzTarget {
    static final int MAX_SOURCES = 4;

    private StegCompilerFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<Source> sources = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < MAX_SOURCES - 1; i++) {
            int nul = text.indexOf('\0', from);
            if (nul < 0) break;
            sources.add(new Source("fuzz" + i + ".steg", text.substring(from, nul)));
            from = nul + 1;
        }
        sources.add(new Source("fuzz" + sources.size() + ".steg", text.substring(from)));

        CompileResult r = StegCompiler.compile(sources);
        noInternalError(r, sources);
        if (r.hasErrors()) return;

        List<Source> printed = new ArrayList<>();
        for (Crate c : r.crates()) {
            printed.add(new Source("printed-" + c.name() + ".steg", StegPrinter.print(c)));
        }
        CompileResult again = StegCompiler.compile(printed);
        noInternalError(again, printed);
        if (again.hasErrors()) {
            throw new AssertionError("printed crates do not compile again:\n" + render(again) + "\n" + text(printed));
        }
        if (!again.crates().equals(r.crates())) {
            throw new AssertionError("printed crates compile to different crates:\n" + text(printed));
        }
    }

    private static void noInternalError(CompileResult r, List<Source> sources) {
        for (Diagnostic d : r.diagnostics()) {
            // the compiler's own phrase starts the message; the source text a message quotes may contain it too
            if (d.message().startsWith("internal compiler error")) {
                throw new AssertionError(d.render() + "\n" + text(sources));
            }
        }
    }

    private static String render(CompileResult r) {
        StringBuilder sb = new StringBuilder();
        r.diagnostics().forEach(d -> sb.append(d.render()).append('\n'));
        return sb.toString();
    }

    private static String text(List<Source> sources) {
        StringBuilder sb = new StringBuilder();
        sources.forEach(s -> sb.append("--- ").append(s.name()).append('\n').append(s.text()).append('\n'));
        return sb.toString();
    }
}
