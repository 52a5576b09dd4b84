package dev.race.link.cli;

import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code race link}: .rcrate files become one executable (or one relocatable object). */
@Command(name = "link",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Link .rcrate files into a static executable or one relocatable object.",
        description = {
                "Checks every crate's import views against the crates that export them (types, fields, "
                        + "functions, ownership, frozen layouts, versions), solves the layout of every type of "
                        + "every crate together, synthesizes the vtables the code asks for, resolves symbols, "
                        + "drops unreachable sections, patches every layout constant and address into the code, "
                        + "and writes the output atomically.",
                "",
                "A refused link reports every problem, naming the importing and the exporting crate, the item, "
                        + "what was expected and found, and the code that depends on it; no output is written "
                        + "and an older output file is kept.",
                ""},
        footer = {"",
                "Examples:",
                "  race link -o app engine-2.0.rcrate plugin.rcrate",
                "  race link --map app.map --layout-report layouts.json -o app engine.rcrate plugin.rcrate",
                "  race link --emit relocatable -o app.o engine.rcrate plugin.rcrate && gcc -no-pie app.o -o app",
                "  race link --forbid alloc,panic -o app engine.rcrate plugin.rcrate",
                "",
                "Exit status: 0 success (warnings may be printed), 1 the link was refused (errors on stderr), "
                        + "2 usage error."})
final class LinkCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "The file to write (atomically, with mode 0777 & ~umask for an executable, 0666 & ~umask "
                    + "otherwise); refused when it is an input or another output.")
    Path output;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "x86_64 or aarch64. Default: the target of the inputs, which must all agree.")
    String target;

    @Option(names = "--emit", paramLabel = "KIND", defaultValue = "exe",
            description = "exe (a static executable, the default) or relocatable (one ELF object with every layout "
                    + "constant and vtable resolved and the ordinary relocations kept, for gcc or ld to finish).")
    String emit;

    @Option(names = "--entry", paramLabel = "SYM", defaultValue = "_start",
            description = "The entry symbol of the executable (default: ${DEFAULT-VALUE}).")
    String entry;

    @Option(names = "--map", paramLabel = "FILE",
            description = "Write a link map: output sections with addresses and sizes, the input sections in "
                    + "them, and every global symbol.")
    Path map;

    @Option(names = "--layout-report", paramLabel = "FILE.json",
            description = "Write the solved layout of every type as JSON (the format of 'race layout --json').")
    Path layoutReport;

    @Option(names = "--semver", paramLabel = "MODE", defaultValue = "structural",
            description = "structural (default): a major-version mismatch that is structurally compatible is a "
                    + "warning; strict: it is an error.")
    String semver;

    @Option(names = "--no-gc-sections", description = "Keep input sections that nothing reaches from the entry.")
    boolean noGc;

    @Option(names = "--forbid", paramLabel = "EFFECT", split = ",",
            description = "An effect policy for the whole binary (no_std, hard real-time): refuse the link when the "
                    + "program can reach a function declared with one of these effects (e.g. alloc,panic), showing "
                    + "the call path; a function no input defines and no STEG declares counts as having every "
                    + "effect. May be repeated.")
    List<String> forbid = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: the number of processors). The output does not depend on it.")
    Integer threads;

    @Option(names = "--time-passes", description = "Print the time each pass of the link took to stderr.")
    boolean timePasses;

    @Parameters(arity = "1..*", paramLabel = "INPUT.rcrate", description = "The crates to link, in link order.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        OutputKind kind;
        switch (emit.toLowerCase(Locale.ROOT)) {
            case "exe", "executable" -> kind = OutputKind.EXECUTABLE;
            case "relocatable", "obj", "object" -> kind = OutputKind.RELOCATABLE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown output kind '" + emit + "' for option '--emit' (known: exe, relocatable)");
        }
        SemverMode mode;
        switch (semver.toLowerCase(Locale.ROOT)) {
            case "structural" -> mode = SemverMode.STRUCTURAL;
            case "strict" -> mode = SemverMode.STRICT;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown mode '" + semver + "' for option '--semver' (known: structural, strict)");
        }
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "option '--threads' needs a positive number, not " + threads);
        }
        RaceLinker.Builder b = RaceLinker.builder().inputs(inputs).output(output).target(target).outputKind(kind)
                .entry(entry).mapFile(map).layoutReport(layoutReport).semver(mode).gcSections(!noGc);
        java.util.Set<String> policy = new java.util.TreeSet<>();
        for (String e : forbid) {
            if (!e.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "option '--forbid' needs effect names such as alloc,panic, not '" + e + "'");
            }
            policy.add(e);
        }
        b.forbid(policy);
        if (threads != null) {
            b.threads(threads);
        }
        LinkResult r = b.build().link();
        for (Diagnostic d : r.diagnostics()) {
            err.println(d.render());
        }
        if (timePasses) {
            long total = 0;
            for (Map.Entry<String, Long> e : r.passMillis().entrySet()) {
                err.printf("race: %-20s %6d ms%n", e.getKey(), e.getValue());
                total += e.getValue();
            }
            err.printf("race: %-20s %6d ms%n", "total", total);
        }
        if (!r.ok()) {
            long n = r.errors().size();
            err.println("race: " + n + (n == 1 ? " error" : " errors") + "; nothing written");
            return RaceCli.EXIT_REJECTED;
        }
        return RaceCli.EXIT_OK;
    }
}
