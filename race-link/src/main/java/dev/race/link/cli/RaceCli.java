package dev.race.link.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

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
        footer = {"", "Run 'race COMMAND --help' for the options of one command.",
                "Exit status: 0 success, 1 inputs rejected (see the diagnostics), 2 usage error; race diff's is a "
                        + "bitmask (see 'race diff --help')."})
public final class RaceCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REJECTED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'race --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit status. Used by tests and embedders. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RaceCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("race: error: " + ex.getMessage());
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
