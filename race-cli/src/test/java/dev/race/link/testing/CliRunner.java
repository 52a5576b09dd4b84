package dev.race.link.testing;

import dev.race.link.cli.RaceCli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code race} command line in this JVM, as {@code bin/race} would, and captures what it prints. */
public final class CliRunner {
    private CliRunner() {
    }

    /** The exit status and what the command printed on stdout and stderr. */
    public record Cli(int code, String out, String err) {
    }

    public static Cli race(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RaceCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }
}
