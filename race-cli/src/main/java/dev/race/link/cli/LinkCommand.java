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
        preprocessor = LinkCommand.LdArguments.class,
        versionProvider = RaceCli.Version.class,
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
                "  race link -static -e _start -Map=app.map -o app engine.rcrate plugin.rcrate   (ld's spellings)",
                "  race link @inputs.rsp -o app                (arguments from a response file)",
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

    @Option(names = "--emit", paramLabel = "KIND",
            description = "exe (a static executable, the default) or relocatable (one ELF object with every layout "
                    + "constant and vtable resolved and the ordinary relocations kept, for gcc or ld to finish).")
    String emit;

    @Option(names = {"-r", "--relocatable"},
            description = "As ld: the same as --emit relocatable.")
    boolean relocatable;

    @Option(names = {"-e", "--entry"}, paramLabel = "SYM", defaultValue = "_start",
            description = "The entry symbol of the executable (default: ${DEFAULT-VALUE}).")
    String entry;

    @Option(names = {"--map", "-Map"}, paramLabel = "FILE",
            description = "Write a link map: output sections with addresses and sizes, the input sections in "
                    + "them, every global symbol, and every marker with the constant or address it received and "
                    + "each place it was used. -Map FILE and -Map=FILE are ld's spellings.")
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

    @Option(names = "--gc-sections",
            description = "As ld: drop input sections that nothing reaches (what race link does by default).")
    boolean gc;

    @Option(names = "--fatal-warnings", description = "As ld: a warning refuses the link (exit 1, nothing written).")
    boolean fatalWarnings;

    @Option(names = {"-static", "-Bstatic", "--static", "-no-pie", "--no-pie"},
            description = "As ld: accepted and ignored, RACE writes static, position-dependent executables only.")
    boolean isStatic;

    @Option(names = {"-S", "--strip-debug"},
            description = "As ld: accepted and ignored, RACE never copies debugging sections into its output.")
    boolean stripDebug;

    @Option(names = {"-s", "--strip-all"},
            description = "As ld, but refused: RACE always writes the symbol table (strip the output with strip).")
    boolean stripAll;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "-v", "--version"}, versionHelp = true,
            description = "Print version information and exit (-v is ld's spelling).")
    boolean version;

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

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        if (stripAll) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "option '-s'/'--strip-all' is not supported by race link yet: RACE always writes .symtab; "
                            + "run 'strip' on the output instead");
        }
        if (relocatable && emit != null && !emit.toLowerCase(Locale.ROOT).startsWith("rel")
                && !emit.equalsIgnoreCase("obj") && !emit.equalsIgnoreCase("object")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "options '-r'/'--relocatable' and '--emit " + emit + "' ask for different outputs");
        }
        if (gc && noGc) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "options '--gc-sections' and '--no-gc-sections' contradict each other");
        }
        String kindName = relocatable ? "relocatable" : emit == null ? "exe" : emit;
        OutputKind kind;
        switch (kindName.toLowerCase(Locale.ROOT)) {
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
                .entry(entry).mapFile(map).layoutReport(layoutReport).semver(mode).gcSections(!noGc)
                .fatalWarnings(fatalWarnings);
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
            err.print(d.render(), d.isError());
            String hint = hint(d.message());
            if (hint != null) {
                err.hint(hint);
            }
        }
        if (timePasses) {
            long total = 0;
            for (Map.Entry<String, Long> e : r.passMillis().entrySet()) {
                err.plain(String.format("race: %-20s %6d ms", e.getKey(), e.getValue()));
                total += e.getValue();
            }
            err.plain(String.format("race: %-20s %6d ms", "total", total));
        }
        if (!r.ok()) {
            err.summary("nothing written");
            return RaceCli.EXIT_REJECTED;
        }
        return RaceCli.EXIT_OK;
    }

    /**
     * ld's attached values, {@code -oFILE} and {@code -eSYM}, split into {@code -o FILE} and {@code -e SYM} before
     * picocli parses the arguments of race link (after @file expansion). One-letter options are not clustered on
     * race link (so that {@code -static} and {@code -shared} are whole words), hence this.
     */
    static final class LdArguments implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, CommandLine.Model.CommandSpec spec,
                                  CommandLine.Model.ArgSpec argSpec, java.util.Map<String, Object> info) {
            List<String> in = new ArrayList<>();
            while (!args.isEmpty()) {
                in.add(args.pop()); // the top of the stack is the next argument
            }
            List<String> out = new ArrayList<>();
            boolean positional = false;
            for (String a : in) {
                positional |= a.equals("--");
                if (!positional && a.length() > 2 && (a.startsWith("-o") || a.startsWith("-e"))
                        && spec.findOption(a) == null && !a.startsWith("--")) {
                    out.add(a.substring(0, 2));
                    out.add(a.substring(2));
                } else {
                    out.add(a);
                }
            }
            for (int i = out.size() - 1; i >= 0; i--) {
                args.push(out.get(i));
            }
            return false;
        }
    }

    /** The fix for a refusal that has an obvious one, or null. */
    String hint(String message) {
        String pic = Hints.forPicRefusal(message);
        if (pic != null) {
            return pic;
        }
        if (message.contains("not an .rcrate file")) {
            for (Path in : inputs) {
                if (message.startsWith(in + ":") && isElfOrArchive(in)) {
                    String base = in.getFileName() == null ? "crate" : in.getFileName().toString().replaceAll("\\.[^.]*$", "");
                    return in + " is an ELF object or archive, not an .rcrate: run 'race pack --steg CRATE.steg -o "
                            + base + ".rcrate " + in + "' first and link the .rcrate";
                }
            }
        }
        return null;
    }

    private static boolean isElfOrArchive(Path f) {
        try (java.io.InputStream s = java.nio.file.Files.newInputStream(f)) {
            byte[] b = s.readNBytes(8);
            return (b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F')
                    || new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("!<arch>")
                    || new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("!<thin>");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** GNU ld options race link does not implement, with why; the key is the option as ld spells it. */
    private static final java.util.Map<String, String> UNSUPPORTED = new java.util.LinkedHashMap<>();

    static {
        String search = "race link takes the .rcrate files named on its command line and searches no library path";
        for (String o : new String[] {"-L", "--library-path", "-l", "--library"}) UNSUPPORTED.put(o, search);
        String dyn = "RACE writes static executables and relocatable objects, not shared libraries or dynamically "
                + "linked programs";
        for (String o : new String[] {"-shared", "--shared", "-Bshareable", "-pie", "--pie", "-static-pie",
                "--no-dynamic-linker", "-Bdynamic", "-dy", "-call_shared", "-dynamic-linker", "--dynamic-linker",
                "-I", "-rpath", "--rpath", "-rpath-link", "--rpath-link", "-soname", "--soname", "-E",
                "--export-dynamic", "--no-export-dynamic", "--as-needed", "--no-as-needed", "-Bsymbolic",
                "--version-script", "--hash-style", "--eh-frame-hdr", "--no-undefined", "--allow-shlib-undefined"}) {
            UNSUPPORTED.put(o, dyn);
        }
        String script = "RACE lays sections out itself and reads no linker script (docs/link.md, \"The passes\")";
        for (String o : new String[] {"-T", "--script", "-Ttext", "-Tdata", "-Tbss", "-Ttext-segment",
                "--section-start", "--image-base", "-N", "--omagic", "-n", "--nmagic", "--sort-section",
                "--sort-common", "-z", "-m"}) {
            UNSUPPORTED.put(o, script);
        }
        String archives = "race pack expands archives into the .rcrate, so there are no archives to group";
        for (String o : new String[] {"--whole-archive", "--no-whole-archive", "--start-group", "--end-group",
                "-(", "-)"}) {
            UNSUPPORTED.put(o, archives);
        }
        String symbols = "RACE has no option for this yet";
        for (String o : new String[] {"--defsym", "-u", "--undefined", "--wrap", "-x", "--discard-all", "-X",
                "--discard-locals", "--build-id", "--icf", "-O", "-M", "--print-map", "--cref", "-t", "--trace",
                "--print-gc-sections", "-q", "--emit-relocs", "-g", "--no-fatal-warnings", "-w", "--no-warnings",
                "--warn-common", "-y", "--trace-symbol", "--relax", "--no-relax", "-nostdlib", "--nostdlib", "-b",
                "--format", "--oformat", "-A", "--architecture", "--unresolved-symbols", "-Ur", "--noinhibit-exec",
                "--stats", "-plugin", "--plugin", "-flto"}) {
            UNSUPPORTED.putIfAbsent(o, symbols);
        }
    }

    /**
     * The one-line refusal of a GNU ld option race link does not implement ({@code -L/usr/lib}, {@code -lc},
     * {@code --gc-keep=x}, ...), or null when {@code arg} is not one.
     */
    static String unsupportedLdOption(String arg) {
        String name = arg;
        int eq = arg.indexOf('=');
        if (eq > 0) {
            name = arg.substring(0, eq);
        }
        String why = UNSUPPORTED.get(name);
        if (why == null && arg.length() > 2 && !arg.startsWith("--")) {
            // attached values: -L/usr/lib, -lc, -Ttext=..., -zrelro, -melf_x86_64
            for (String o : new String[] {"-L", "-l", "-T", "-z", "-m", "-u", "-y", "-O", "-I"}) {
                if (arg.startsWith(o)) {
                    name = o;
                    why = UNSUPPORTED.get(o);
                    break;
                }
            }
        }
        if (why == null) {
            return null;
        }
        return "race link does not support the GNU ld option '" + name + "' yet: " + why;
    }
}
