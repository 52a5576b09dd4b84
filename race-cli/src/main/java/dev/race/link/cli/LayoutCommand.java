package dev.race.link.cli;

import dev.race.layout.LayoutResult;
import dev.race.layout.TargetSpec;
import dev.race.layout.TypeLayout;
import dev.race.format.io.AtomicFiles;
import dev.race.link.report.LayoutReport;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code race layout}: solve and print the layout of every struct and enum declared in .steg files. */
@Command(name = "layout",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Solve and print the layout of every struct and enum in .steg files.",
        description = {
                "Parses the given .steg files (one crate each; a file may refer to another file's items by "
                        + "path, e.g. engine::Transform), solves the layout of every struct and enum for the "
                        + "target, and prints each type's size, alignment, field offsets and padding holes, in "
                        + "the spirit of rustc's -Zprint-type-sizes.",
                "",
                "Resilient types (no #[repr]) get the RACE layout: fields reordered to minimize padding, never "
                        + "larger than the C layout. #[repr(C)] follows the SysV x86-64 / AAPCS64 C rules.",
                ""},
        footer = {"",
                "Examples:",
                "  race layout examples/engine-2.0.steg",
                "  race layout --target aarch64 --json engine.steg plugin.steg",
                "",
                "Exit status: 0 success, 1 an input was rejected (errors on stderr as "
                        + "file:line:col), 2 usage error."})
final class LayoutCommand implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Target whose data layout to use: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = TargetNames.class, defaultValue = "x86_64")
    String target;

    @Option(names = "--json", description = "Print the layouts as JSON instead of a table.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (atomically) instead of standard output.")
    java.nio.file.Path output;

    @Option(names = "--type", paramLabel = "PATH",
            description = "Only report this type (a full path such as engine::Transform); may be repeated.")
    List<String> onlyTypes = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "FILE.steg", description = "The crates to lay out, one .steg file each.")
    List<java.nio.file.Path> files;

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        TargetSpec targetSpec = TargetNames.spec(spec, target);

        if (!FileChecks.check(files, output == null ? List.of() : List.of(output), err)) {
            return RaceCli.EXIT_REJECTED;
        }
        StegInputs inputs = StegInputs.compile(files, err, "no layout computed");
        if (inputs == null) {
            return RaceCli.EXIT_REJECTED;
        }
        LayoutResult result = inputs.solve(targetSpec, err);
        if (result == null) {
            return RaceCli.EXIT_REJECTED;
        }

        List<TypeLayout> layouts = result.layouts();
        if (!onlyTypes.isEmpty()) {
            List<TypeLayout> selected = new ArrayList<>();
            for (String t : onlyTypes) {
                Path p = Path.parse(t);
                TypeLayout found = layouts.stream().filter(l -> p.equals(l.path())).findFirst().orElse(null);
                if (found == null) {
                    err.error("no struct or enum named '" + t + "' in the given crates");
                    return RaceCli.EXIT_REJECTED;
                }
                selected.add(found);
            }
            layouts = selected;
        }

        List<Crate> crates = inputs.crates();
        String text = json ? LayoutReport.json(targetSpec, crates, layouts) : LayoutReport.table(targetSpec, layouts);
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                AtomicFiles.createParents(output);
                AtomicFiles.write(output, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.error("cannot write " + output + ": " + e.getMessage());
                return RaceCli.EXIT_REJECTED;
            }
        }
        return RaceCli.EXIT_OK;
    }
}
