package dev.race.link.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The options every subcommand that prints diagnostics shares: {@code --error-limit} and {@code --color}. */
final class DiagnosticOptions {
    static final int DEFAULT_ERROR_LIMIT = 20;

    @Option(names = "--error-limit", paramLabel = "N", defaultValue = "" + DEFAULT_ERROR_LIMIT,
            description = "Stop printing errors after N (default: ${DEFAULT-VALUE}; 0: no limit) and say how many "
                    + "more there were; the exit status and the error count are the same either way.")
    int errorLimit;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the error:, warning:, note: and hint: labels: auto (the default: only when "
                    + "stderr is a terminal and NO_COLOR is not set), always or never.")
    String color;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The reporter for the command's stderr, after checking the two options (a usage error if wrong). */
    Reporter reporter() {
        CommandLine cl = mixee.commandLine();
        if (errorLimit < 0) {
            throw new CommandLine.ParameterException(cl,
                    "option '--error-limit' needs a number of errors (0 for no limit), not " + errorLimit);
        }
        boolean on;
        switch (color.toLowerCase(Locale.ROOT)) {
            case "always" -> on = true;
            case "never" -> on = false;
            case "auto" -> on = autoColor(cl);
            default -> throw new CommandLine.ParameterException(cl,
                    "unknown value '" + color + "' for option '--color' (known: auto, always, never)");
        }
        return new Reporter(cl.getErr(), errorLimit, on);
    }

    /**
     * Whether a usage error (reported before the options are bound) is coloured: the last {@code --color} among
     * the arguments, else auto.
     */
    static boolean forUsageError(String[] args, CommandLine cl) {
        String when = "auto";
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--color=")) {
                when = args[i].substring("--color=".length());
            } else if (args[i].equals("--color") && i + 1 < args.length) {
                when = args[++i];
            }
        }
        return switch (when.toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never" -> false;
            default -> autoColor(cl);
        };
    }

    /** auto: the process's own stderr is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb". */
    private static boolean autoColor(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (!(root.getCommand() instanceof RaceCli race) || !race.processStreams) {
            return false; // embedded (tests, tools): the writers are not the terminal
        }
        Map<String, String> env = race.environment;
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        return stderrIsTerminal();
    }

    /** Linux: where file descriptor 2 points; elsewhere, whether the JVM has a console at all. */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
