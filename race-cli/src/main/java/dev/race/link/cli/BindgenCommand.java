package dev.race.link.cli;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.format.io.AtomicFiles;
import dev.race.layout.TargetSpec;
import dev.race.steg.model.Crate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code race bindgen}: the C header or Rust module through which code uses a crate's types, from its STEG. */
@Command(name = "bindgen",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Generate the C header or Rust module that uses a crate's types through marker symbols.",
        description = {
                "Reads CRATE.steg (and the .steg of each crate it imports, as the code is compiled against them) "
                        + "and writes its bindings: for C one header <crate>.h, for Rust one module <crate>.rs. "
                        + "They give a resilient struct's size, alignment and typed field accessors, a frozen "
                        + "struct as a real type with layout assertions, an enum's variant read and write and "
                        + "payload accessors, a trait's call wrappers and each impl's vtable, and the crate's "
                        + "functions under their #[symbol] names. Every layout constant is a marker symbol the "
                        + "linker answers, read through an idiom no optimizer can miscompile (docs/markers.md); "
                        + "nobody writes a marker by hand. The bindings declare only the crate's own items and "
                        + "refer to an import's by crate name (C: #include \"engine.h\"), so generate one file per "
                        + "crate. See docs/bindgen.md.",
                ""},
        footer = {"",
                "Examples:",
                "  race bindgen --lang c -o engine.h engine.steg",
                "  race bindgen --lang c --import engine.steg -o plugin.h plugin.steg",
                "  race bindgen --lang rust --target aarch64 --import engine.steg -o plugin.rs plugin.steg",
                "",
                "Exit status: 0 success, 1 an input was rejected (errors on stderr; file:line:col for .steg "
                        + "errors, as race layout reports them), 2 usage error."})
final class BindgenCommand implements Callable<Integer> {

    @Option(names = "--lang", required = true, paramLabel = "LANG",
            description = "The language of the bindings: c or rust.")
    String lang;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Target whose data layout the frozen types' assertions use: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}).",
            completionCandidates = TargetNames.class, defaultValue = "x86_64")
    String target;

    @Option(names = "--import", paramLabel = "DEP.steg",
            description = "The declarations of a crate CRATE.steg imports, as the code is compiled against it; "
                    + "may be repeated.")
    List<Path> imports = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the bindings to FILE (atomically); '-' or no -o writes them to standard output.")
    Path output;

    @Parameters(arity = "1", paramLabel = "CRATE.steg", description = "The crate to generate bindings for.")
    Path crateFile;

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        Lang language = switch (lang.toLowerCase(Locale.ROOT)) {
            case "c" -> Lang.C;
            case "rust" -> Lang.RUST;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown language '" + lang + "' for option '--lang' (known: c, rust)");
        };
        TargetSpec targetSpec = TargetNames.spec(spec, target);

        List<Path> files = new ArrayList<>();
        files.add(crateFile);
        files.addAll(imports);
        boolean toStdout = output == null || output.toString().equals("-");
        if (!FileChecks.check(files, toStdout ? List.of() : List.of(output), err)) {
            return RaceCli.EXIT_REJECTED;
        }
        StegInputs inputs = StegInputs.compile(files, err, "no bindings written");
        if (inputs == null || inputs.solve(targetSpec, err) == null) {
            return RaceCli.EXIT_REJECTED;
        }
        List<Crate> crates = inputs.crates();
        String text;
        try {
            text = Bindgen.generate(new BindgenRequest(language, crates.get(0), crates.subList(1, crates.size()),
                    targetSpec));
        } catch (BindgenException e) {
            for (String problem : e.problems()) {
                err.error(problem);
            }
            return RaceCli.EXIT_REJECTED;
        }

        if (toStdout) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return RaceCli.EXIT_OK;
        }
        try {
            AtomicFiles.createParents(output);
            AtomicFiles.write(output, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.error("cannot write " + output + ": " + e.getMessage());
            return RaceCli.EXIT_REJECTED;
        }
        return RaceCli.EXIT_OK;
    }
}
