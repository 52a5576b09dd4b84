package dev.race.link.cli;

import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a command's diagnostics go: it prints them on stderr, stops printing errors after the
 * {@code --error-limit} (counting the rest, as rustc does), colours the {@code error:}/{@code warning:}/{@code note:}/
 * {@code hint:} labels as gcc does when {@code --color} says so, and prints the summary line with the number of every
 * error, shown or not. Warnings are never capped. The exit status does not depend on the limit.
 */
final class Reporter {
    static final String RESET = "\033[0m";
    static final String BOLD = "\033[1m";
    static final String RED = "\033[1;31m";
    static final String MAGENTA = "\033[1;35m";
    static final String CYAN = "\033[1;36m";
    static final String GREEN = "\033[1;32m";

    /** A label at the start of a line (indentation allowed) or after a locus such as "race: " or "f.steg:2:7: ". */
    private static final Pattern LABEL = Pattern.compile("^(\\s*)((?:\\S(?:[^:\\n]*?):(?:\\d+:)*\\s)?)"
            + "(error|warning|note|hint):");

    private final PrintWriter err;
    private final int limit;
    private final boolean color;
    private int errors;
    private int hidden;
    /** Whether the last error was past the limit, so the hint that belongs to it is left out too. */
    private boolean lastHidden;
    private final java.util.Set<String> hints = new java.util.HashSet<>();

    Reporter(PrintWriter err, int limit, boolean color) {
        this.err = err;
        this.limit = limit;
        this.color = color;
    }

    /** {@code race: error: MESSAGE}. */
    void error(String message) {
        print("race: error: " + message, true);
    }

    /** {@code race: warning: MESSAGE}. */
    void warning(String message) {
        print("race: warning: " + message, false);
    }

    /** A rendered diagnostic (its lines after the first are its details); counted when it is an error. */
    void print(String rendered, boolean isError) {
        if (isError) {
            errors++;
            lastHidden = limit > 0 && errors > limit;
            if (lastHidden) {
                hidden++;
                return;
            }
        } else {
            lastHidden = false;
        }
        err.println(color ? colorize(rendered) : rendered);
    }

    /**
     * {@code hint: TEXT} after the diagnostic it belongs to; left out when that one was not shown, and when the same
     * hint was already given (300 refusals with one fix get it once).
     */
    void hint(String text) {
        if (!lastHidden && hints.add(text)) {
            err.println(color ? colorize("hint: " + text) : "hint: " + text);
        }
    }

    /** A line that is not a diagnostic (timings, progress), printed as it is. */
    void plain(String line) {
        err.println(line);
    }

    /** The errors reported so far, shown or not. */
    int errors() {
        return errors;
    }

    /**
     * The line that says how many errors the limit left out (when it did), then
     * {@code race: N errors; OUTCOME}, with N every error reported.
     */
    void summary(String outcome) {
        summaryLine(errors + (errors == 1 ? " error" : " errors") + "; " + outcome);
    }

    /** As {@link #summary(String)}, with the whole text after {@code race: } given. */
    void summaryLine(String text) {
        if (hidden > 0) {
            String note = "race: note: " + hidden + " more " + (hidden == 1 ? "error" : "errors")
                    + " not shown (--error-limit " + limit + "); use --error-limit=0 to see them all";
            err.println(color ? colorize(note) : note);
            hidden = 0;
        }
        err.println("race: " + text);
        err.flush();
    }

    /** {@code text} with the label of each line coloured (and the locus before it bold), as gcc does. */
    static String colorize(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            Matcher m = LABEL.matcher(lines[i]);
            if (m.find()) {
                String label = m.group(3);
                String c = switch (label) {
                    case "error" -> RED;
                    case "warning" -> MAGENTA;
                    case "note" -> CYAN;
                    default -> GREEN;
                };
                b.append(m.group(1));
                if (!m.group(2).isEmpty()) {
                    b.append(BOLD).append(m.group(2), 0, m.group(2).length() - 1).append(RESET).append(' ');
                }
                b.append(c).append(label).append(':').append(RESET).append(lines[i].substring(m.end()));
            } else {
                b.append(lines[i]);
            }
        }
        return b.toString();
    }
}
