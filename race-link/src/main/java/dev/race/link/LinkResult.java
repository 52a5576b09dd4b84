package dev.race.link;

import dev.race.link.api.Diagnostic;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a link produced: its diagnostics (errors and warnings, in the order found), the output file when one was
 * written, and the time each pass took.
 *
 * @param ok          true when no error was reported and the output (if any) was written
 * @param diagnostics every error and warning
 * @param output      the file written, or null (failed link, or no output asked for)
 * @param image       the bytes of the output (also when no file was asked for), or null when the link failed
 * @param passMillis  pass name to wall milliseconds, in run order
 */
public record LinkResult(boolean ok, List<Diagnostic> diagnostics, Path output, byte[] image,
                         Map<String, Long> passMillis) {
    public LinkResult {
        diagnostics = List.copyOf(diagnostics);
        passMillis = Collections.unmodifiableMap(new LinkedHashMap<>(passMillis));
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
