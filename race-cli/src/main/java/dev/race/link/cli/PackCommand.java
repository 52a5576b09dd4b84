package dev.race.link.cli;

import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.RacePacker;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.steg.model.Crate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code race pack}: a crate's .steg, its dependencies' .steg and its objects become one .rcrate. */
@Command(name = "pack",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Pack a crate's STEG, import views and object files into an .rcrate.",
        description = {
                "Compiles the crate's .steg together with the .steg of each dependency it was built against "
                        + "(--import), reads the object files (archives are expanded to their members), and "
                        + "writes one .rcrate: the target, the crate's STEG, the import views trimmed to what the "
                        + "crate uses, and the code with its __race_* marker relocations turned into layout queries.",
                "",
                "Refused, with every error reported: an object for another machine, a marker that does not "
                        + "decode or names a type, field, variant or method the crate and its imports do not "
                        + "declare (with every code location using it), a function the STEG declares that no "
                        + "object defines, a function, trait method or fn pointer type (of the crate, or of an import "
                        + "view it uses) that takes or returns a resilient type (a struct or enum not #[frozen]) by "
                        + "value: take &T or freeze the type. On any error no file is written and an older output is kept.",
                ""},
        footer = {"",
                "Examples:",
                "  gcc -O2 -c plugin.c -o plugin.o",
                "  race pack --steg plugin.steg --import engine.steg -o plugin.rcrate plugin.o",
                "  race pack --steg engine.steg --target aarch64 -o engine.rcrate libengine.a",
                "  race pack --steg types.steg --target x86_64 -o types.rcrate      (a crate with no code)",
                "  race pack --batch crates.txt --target x86_64 -j 2",
                "",
                "--batch FILE packs many crates in one run: each line of FILE holds the options and objects of one "
                        + "crate, as after 'race pack' (-o OUT --steg S [--import I]... [--target T] OBJECTS...; "
                        + "blank lines and lines starting with # are skipped; quote names with spaces; relative "
                        + "names are relative to the working directory). An import is parsed once for the whole "
                        + "batch, independent crates are packed at once (-j), and a crate that imports another's "
                        + "output is packed after it. A crate that fails is named by its line and nothing is "
                        + "written for it; the others are written; the exit status is 1 if any failed.",
                "",
                "Exit status: 0 success, 1 an input was rejected (errors on stderr), 2 usage error."})
final class PackCommand implements Callable<Integer> {

    @Option(names = "--steg", paramLabel = "CRATE.steg",
            description = "The crate's own declarations (required without --batch).")
    Path steg;

    @Option(names = "--import", paramLabel = "DEP.steg",
            description = "The declarations of a dependency as the crate was compiled against it; may be repeated.")
    List<Path> imports = new ArrayList<>();

    @Option(names = "--target", paramLabel = "TARGET",
            description = "The machine of the code: x86_64 or aarch64. Required when there are no objects; "
                    + "otherwise inferred when all objects agree.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.rcrate",
            description = "The .rcrate to write (atomically; required without --batch).")
    Path output;

    @Option(names = "--batch", paramLabel = "FILE",
            description = "Pack many crates: one line of FILE per crate, each with the options and objects of a "
                    + "single pack (see below). --target given here is the default of every line.")
    Path batch;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "With --batch: pack up to N crates at once (default: the number of processors).")
    Integer jobs;

    @Parameters(arity = "0..*", paramLabel = "INPUT.o|INPUT.a",
            description = "Relocatable ELF objects and static archives holding the crate's code.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        if (target != null && RcrateTarget.byName(target) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown target '" + target + "' for option '--target' (known: aarch64, x86_64)");
        }
        if (batch != null) {
            return new Batch(this, err).run();
        }
        List<String> missing = new ArrayList<>();
        if (steg == null) {
            missing.add("'--steg=CRATE.steg'");
        }
        if (output == null) {
            missing.add("'--output=OUT.rcrate'");
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option"
                    + (missing.size() > 1 ? "s: " : ": ") + String.join(", ", missing));
        }
        if (jobs != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "option '--jobs' needs --batch");
        }
        RacePacker.Result result = RacePacker.builder().steg(steg).imports(imports).objects(inputs).target(target)
                .output(output).build().pack();
        if (result.has(DiagnosticCode.NO_TARGET)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing option '--target' (there is no object to infer it from)");
        }
        report(err, result.diagnostics());
        if (!result.ok()) {
            // a summary after the errors of the .steg front end and of the packer, as before
            DiagnosticCode last = result.errors().get(result.errors().size() - 1).code();
            if (last == DiagnosticCode.STEG || last == DiagnosticCode.PACK) {
                err.summary("nothing written");
            }
            return RaceCli.EXIT_REJECTED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(result, output));
        out.flush();
        return RaceCli.EXIT_OK;
    }

    /** The line a successful pack prints. */
    static String summary(RacePacker.Result result, Path output) {
        RcrateFile file = result.file();
        Crate crate = result.crate();
        List<Crate> views = result.imports();
        long semantic = 0;
        for (int i = 0; i < file.relocations().count(); i++) {
            semantic += file.relocations().isSemantic(i) ? 1 : 0;
        }
        List<String> kept = new ArrayList<>();
        for (Crate v : file.imports()) {
            int all = views.stream().filter(c -> c.name().equals(v.name())).findFirst().orElseThrow().items().size();
            kept.add(v.name() + "@" + v.version() + " (" + v.items().size() + " of " + all + " items)");
        }
        return "packed " + crate.name() + "@" + crate.version() + " for " + result.target().cliName() + " into "
                + output + ": " + file.objects().size() + " object(s), " + file.sections().size() + " sections, "
                + file.symbols().count() + " symbols, " + file.relocations().count() + " relocations (" + semantic
                + " semantic, " + file.queries().size() + " distinct queries); imports: "
                + (kept.isEmpty() ? "none" : String.join(", ", kept));
    }

    /** What a batch keeps of a pack's result. */
    private record Done(boolean ok, List<Diagnostic> diagnostics, String summary) {
    }

    /** Prints a pack's diagnostics, each with the hint that belongs to it. */
    static void report(Reporter err, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            err.print(d.render(), d.severity() == dev.race.link.api.Severity.ERROR);
            String hint = d.code() == DiagnosticCode.PACK ? Hints.forPicRefusal(d.message()) : null;
            if (hint != null) {
                err.hint(hint);
            }
        }
    }

    /** One crate of a batch file: the options of a single pack. */
    @Command(name = "pack")
    static final class Line {
        @Option(names = "--steg", required = true, paramLabel = "CRATE.steg")
        Path steg;

        @Option(names = "--import", paramLabel = "DEP.steg")
        List<Path> imports = new ArrayList<>();

        @Option(names = "--target", paramLabel = "TARGET")
        String target;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.rcrate")
        Path output;

        @Parameters(arity = "0..*", paramLabel = "INPUT.o|INPUT.a")
        List<Path> inputs = new ArrayList<>();

        int number;
    }

    /** {@code race pack --batch FILE}: every line read and checked first, then the crates packed together. */
    private static final class Batch {
        private final PackCommand cmd;
        private final Reporter err;
        private final CommandLine cl;

        Batch(PackCommand cmd, Reporter err) {
            this.cmd = cmd;
            this.err = err;
            this.cl = cmd.spec.commandLine();
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(cl, message);
        }

        int run() {
            if (cmd.steg != null || cmd.output != null || !cmd.imports.isEmpty() || !cmd.inputs.isEmpty()) {
                throw usage("--batch takes every crate from " + cmd.batch + "; give --steg, --import, -o and the "
                        + "objects on its lines, not on the command line");
            }
            int threads = cmd.jobs == null ? Runtime.getRuntime().availableProcessors() : cmd.jobs;
            if (threads < 1) {
                throw usage("option '--jobs' needs a number of crates at least 1, not " + threads);
            }
            List<String> text;
            try {
                text = java.nio.file.Files.readAllLines(cmd.batch);
            } catch (java.nio.file.NoSuchFileException e) {
                err.error(cmd.batch + ": no such file");
                return RaceCli.EXIT_REJECTED;
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                err.error(cmd.batch + ": cannot read: " + e.getMessage());
                return RaceCli.EXIT_REJECTED;
            }
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                String where = cmd.batch + ":" + (i + 1) + ": ";
                List<String> words = words(text.get(i), where);
                if (words.isEmpty() || words.get(0).startsWith("#")) {
                    continue;
                }
                Line line = new Line();
                line.number = i + 1;
                try {
                    new CommandLine(line).parseArgs(words.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    throw usage(where + e.getMessage());
                }
                if (line.target == null) {
                    line.target = cmd.target;
                }
                if (line.target != null && RcrateTarget.byName(line.target) == null) {
                    throw usage(where + "unknown target '" + line.target + "' for option '--target' "
                            + "(known: aarch64, x86_64)");
                }
                if (line.target == null && line.inputs.isEmpty()) {
                    throw usage(where + "missing option '--target' (there is no object to infer it from)");
                }
                lines.add(line);
            }
            List<RacePacker> packs = new ArrayList<>();
            for (Line l : lines) {
                packs.add(RacePacker.builder().steg(l.steg).imports(l.imports).objects(l.inputs).target(l.target)
                        .output(l.output).build());
            }
            // of each result only its diagnostics and its line are kept: a result holds the whole packed crate
            List<Done> results = RacePacker.packAll(packs, threads,
                    r -> new Done(r.ok(), r.diagnostics(), r.ok() ? summary(r, r.output()) : null));
            PrintWriter out = cl.getOut();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                Done r = results.get(i);
                if (!r.ok()) {
                    err.print(cmd.batch + ":" + l.number + ": note: " + l.output + " is not packed, for the errors "
                            + "below; nothing written for it", false);
                    failed.add(l.output + " (line " + l.number + ")");
                }
                report(err, r.diagnostics());
                if (r.ok()) {
                    out.println(r.summary());
                }
            }
            out.flush();
            if (failed.isEmpty()) {
                return RaceCli.EXIT_OK;
            }
            err.summaryLine(err.errors() + (err.errors() == 1 ? " error" : " errors") + "; " + failed.size() + " of "
                    + lines.size() + " crates not packed: " + String.join(", ", failed) + (failed.size() < lines.size()
                    ? "; the other " + (lines.size() - failed.size()) + " written" : ""));
            return RaceCli.EXIT_REJECTED;
        }

        /** The words of a line: blank-separated, a word may be quoted with ' or " (a name with spaces). */
        private List<String> words(String line, String where) {
            List<String> words = new ArrayList<>();
            StringBuilder w = null;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        w.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    if (w == null) {
                        w = new StringBuilder();
                    }
                } else if (Character.isWhitespace(c)) {
                    if (w != null) {
                        words.add(w.toString());
                        w = null;
                    }
                } else {
                    if (w == null) {
                        w = new StringBuilder();
                    }
                    w.append(c);
                }
            }
            if (quote != 0) {
                throw usage(where + "unterminated " + quote + " quote");
            }
            if (w != null) {
                words.add(w.toString());
            }
            return words;
        }
    }
}
