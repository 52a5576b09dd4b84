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
 * errors at the declaration of the type they reject, {@code file:line:col} with the line and a caret too.
 */
final class StegInputs {
    private final List<Source> sources;
    private final List<Crate> crates;
    private final CompileResult compiled;

    private StegInputs(List<Source> sources, CompileResult compiled) {
        this.sources = sources;
        this.crates = compiled.crates();
        this.compiled = compiled;
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
        return new StegInputs(sources, compiled);
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
            // at the declaration of the item the solver rejects, like a compile error; else the crate's file
            String where = e.item() == null ? "race" : fileOfCrate.getOrDefault(e.item().crate(), "race");
            err.print(compiled.at(e.item(), Severity.ERROR, e.getMessage()).map(Diagnostic::render)
                    .orElse(where + ": error: " + e.getMessage()), true);
        }
        int n = result.errors().size();
        err.summaryLine(n + (n == 1 ? " layout error" : " layout errors"));
        return null;
    }
}
