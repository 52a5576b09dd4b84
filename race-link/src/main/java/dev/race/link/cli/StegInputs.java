package dev.race.link.cli;

import dev.race.layout.LayoutException;
import dev.race.layout.LayoutResult;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.link.io.SourceFiles;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Diagnostic;
import dev.race.steg.lang.Severity;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The .steg files of a command, read, compiled and laid out with one set of messages, so that every command
 * that takes .steg files ({@code race layout}, {@code race bindgen}) reports bad input the same way: read failures
 * as {@code race: error: FILE: ...}, compile errors as {@code file:line:col} with the line and a caret, layout
 * errors as {@code FILE: error: ...} naming the file of the crate that declares the type.
 */
final class StegInputs {
    private final List<Source> sources;
    private final List<Crate> crates;

    private StegInputs(List<Source> sources, List<Crate> crates) {
        this.sources = sources;
        this.crates = crates;
    }

    /** The sources, one per file, in the order given. */
    List<Source> sources() {
        return sources;
    }

    /** The crates, one per file, in the order given. */
    List<Crate> crates() {
        return crates;
    }

    /**
     * Reads and compiles {@code files} (one crate each, compiled together); prints every problem on {@code err}
     * and returns null when any is an error. {@code outcome} ends the summary line: "no layout computed".
     */
    static StegInputs compile(List<Path> files, Reporter err, String outcome) {
        List<Source> sources = new ArrayList<>();
        boolean failed = false;
        for (Path f : files) {
            try {
                sources.add(SourceFiles.read(f));
            } catch (SourceFiles.InputException e) {
                err.error(e.getMessage());
                failed = true;
            }
        }
        if (failed) {
            return null;
        }
        CompileResult compiled = StegCompiler.compile(sources);
        for (Diagnostic d : compiled.diagnostics()) {
            err.print(d.render(), d.severity() == Severity.ERROR);
        }
        if (compiled.hasErrors()) {
            err.summary(outcome);
            return null;
        }
        return new StegInputs(sources, compiled.crates());
    }

    /** Solves the layout of every struct and enum for {@code target}; prints the errors and returns null if any. */
    LayoutResult solve(TargetSpec target, Reporter err) {
        LayoutResult result = new LayoutSolver(target, crates).solveAll();
        if (result.errors().isEmpty()) {
            return result;
        }
        Map<String, String> fileOfCrate = new HashMap<>();
        for (int i = 0; i < crates.size(); i++) {
            fileOfCrate.put(crates.get(i).name(), sources.get(i).name());
        }
        for (LayoutException e : result.errors()) {
            String where = e.item() == null ? "race" : fileOfCrate.getOrDefault(e.item().crate(), "race");
            err.print(where + ": error: " + e.getMessage(), true);
        }
        err.summaryLine(result.errors().size() + " layout error(s)");
        return null;
    }
}
