package dev.race.link.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The {@code race} command line. Each subcommand is a thin adapter over the library API; exit status
 * 0 is success, 1 means the inputs were rejected (diagnostics on stderr), 2 means a usage error.
 */
@Command(name = "race",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        description = {
                "RACE, a semantic linker: it resolves the layout-dependent constants of separately compiled "
                        + "Rust and C crates (field offsets, sizes, vtable slots, enum tags) at link time, and "
                        + "checks every cross-crate contract.",
                ""},
        subcommands = {LayoutCommand.class, PackCommand.class, LinkCommand.class, DumpCommand.class, BindgenCommand.class,
                DiffCommand.class, CheckCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'race COMMAND --help' for the options of one command. Every command takes --error-limit N "
                + "(errors shown, default 20), --color=auto|always|never, --help, --version and @FILE (arguments read "
                + "from FILE).",
                "Exit status: 0 success, 1 inputs rejected (see the diagnostics), 2 usage error; race diff's is a "
                        + "bitmask (see 'race diff --help')."})
public final class RaceCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REJECTED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether the writers are the process's own stdout and stderr (from {@link #main}), for {@code --color=auto}. */
    boolean processStreams;
    /** The environment {@code --color=auto} consults (NO_COLOR, TERM). */
    Map<String, String> environment = Map.of();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'race --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), true,
                System.getenv()));
    }

    /**
     * Runs the CLI with the given streams; returns the exit status. Used by tests and embedders; {@code --color=auto}
     * gives no colour here, the writers not being a terminal.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false, Map.of());
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, boolean processStreams, Map<String, String> env) {
        RaceCli race = new RaceCli();
        race.processStreams = processStreams;
        race.environment = env;
        CommandLine cl = new CommandLine(race);
        // GNU ld spellings such as -static and -shared are whole words, not clusters of one-letter options
        cl.getSubcommands().get("link").setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            Reporter usage = new Reporter(c.getErr(), 0, DiagnosticOptions.forUsageError(a, c));
            if (ex instanceof CommandLine.UnmatchedArgumentException u
                    && c.getCommandSpec().userObject() instanceof LinkCommand) {
                for (String arg : u.getUnmatched()) {
                    String refusal = LinkCommand.unsupportedLdOption(arg);
                    if (refusal != null) {
                        usage.error(refusal);
                        return EXIT_USAGE;
                    }
                }
            }
            // picocli keeps only the message of the InvalidPathException a Path option or parameter failed with
            java.util.regex.Matcher bad = java.util.regex.Pattern
                    .compile("cannot convert '(.*)' to interface java\\.nio\\.file\\.Path \\(java\\.nio\\.file\\.InvalidPath")
                    .matcher(String.valueOf(ex.getMessage()));
            if (bad.find()) {
                // under LANG=C the JVM decodes arguments as ASCII: a non-ASCII file name cannot even be named
                usage.error("the file name '" + bad.group(1) + "' cannot be represented in "
                        + "this locale's character set (" + System.getProperty("sun.jnu.encoding", "unknown")
                        + "); run race under a UTF-8 locale (LC_ALL=C.UTF-8), as bin/race does");
                return EXIT_USAGE;
            }
            usage.error(ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            // an internal error: still no stack trace unless asked for
            c.getErr().println("race: internal error: " + ex);
            if (System.getenv("RACE_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            } else {
                c.getErr().println("(set RACE_DEBUG=1 for a stack trace, and please report it)");
            }
            return 70;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RaceCli.class.getPackage().getImplementationVersion();
            return new String[] {"race " + (v == null ? "(development build)" : v)};
        }
    }
}
