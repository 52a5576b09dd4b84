package dev.race.link.cli;

import dev.race.link.contract.StableSurface;
import dev.race.steg.lang.Diagnostic;
import dev.race.steg.lang.Severity;
import dev.race.steg.lang.Source;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code race check --stable-surface}: exported items whose types have no stable ABI under RACE. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Check a crate's exported surface for types with no stable ABI under RACE.",
        description = {
                "With --stable-surface, reports every pub item of CRATE.steg whose types have no stable ABI under "
                        + "RACE: a function, trait method or fn pointer type taking or returning a resilient "
                        + "(not #[frozen]) type by value; a #[frozen] type holding a resilient one; a fn pointer "
                        + "with the Rust ABI held in a #[frozen] type or named by a pub type alias. Each finding is "
                        + "file:line:col with the line, a caret and a hint. See docs/diff.md.",
                ""},
        footer = {"",
                "Examples:",
                "  race check --stable-surface engine.steg",
                "  race check --stable-surface --import engine.steg plugin.steg",
                "",
                "Exit status: 0 the surface is stable, 1 a finding (or a .steg error), 2 usage error."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--stable-surface", required = true,
            description = "Report exported items whose types have no stable ABI under RACE.")
    boolean stableSurface;

    @Option(names = "--import", paramLabel = "DEP.steg",
            description = "The declarations of a crate CRATE.steg imports; may be repeated.")
    List<java.nio.file.Path> imports = new ArrayList<>();

    @Parameters(arity = "1", paramLabel = "CRATE.steg", description = "The crate to check.")
    java.nio.file.Path crateFile;

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        List<java.nio.file.Path> files = new ArrayList<>(List.of(crateFile));
        files.addAll(imports);
        StegInputs in = StegInputs.compile(files, err, "nothing checked");
        if (in == null) {
            return RaceCli.EXIT_REJECTED;
        }
        Crate crate = in.crates().get(0);
        Source source = in.sources().get(0);
        List<StableSurface.Finding> fs = StableSurface.check(crate, in.crates().subList(1, in.crates().size()));
        for (StableSurface.Finding f : fs) {
            int[] lc = locate(source.text(), f.item(), f.member());
            String line = source.text().split("\r?\n", -1)[lc[0] - 1];
            err.print(new Diagnostic(Severity.ERROR, source.name(), lc[0], lc[1], f.message(), line).render(), true);
            err.hint(f.hint());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (fs.isEmpty()) {
            out.println("race: " + crate.name() + "@" + crate.version() + ": every pub item has a stable ABI under RACE");
            out.flush();
            return RaceCli.EXIT_OK;
        }
        err.summaryLine(fs.size() + (fs.size() == 1 ? " item" : " items") + " of " + crate.name() + "@"
                + crate.version() + " with no stable ABI under RACE");
        return RaceCli.EXIT_REJECTED;
    }

    /**
     * The 1-based line and column of {@code member} of {@code item} in {@code text}: the item's declaration (inside
     * its modules), then the field, parameter, variant or method the member names; as near as can be found.
     */
    static int[] locate(String text, Path item, String member) {
        String code = blankComments(text);
        int pos = 0;
        List<String> segs = item.segments();
        for (int i = 1; i < segs.size() - 1; i++) {
            pos = find(code, "\\bmod\\s+(" + Pattern.quote(segs.get(i)) + ")\\b", pos, pos);
        }
        pos = find(code, "\\b(?:struct|enum|trait|fn|type)\\s+(" + Pattern.quote(segs.get(segs.size() - 1)) + ")\\b", pos, pos);
        Matcher method = Pattern.compile("of method (\\w+)").matcher(member);
        if (method.find()) pos = find(code, "\\bfn\\s+(" + Pattern.quote(method.group(1)) + ")\\b", pos, pos);
        Matcher m;
        if ((m = Pattern.compile("^parameter (\\w+)").matcher(member)).find()
                || (m = Pattern.compile("field (\\w+)$").matcher(member)).find()) {
            pos = find(code, "\\b(" + Pattern.quote(m.group(1)) + ")\\s*:", pos, pos);
        } else if (member.startsWith("return type")) {
            pos = find(code, "(->)", pos, pos);
        } else if (member.matches("\\w+\\.\\w+")) {
            String[] vf = member.split("\\.");
            pos = find(code, "\\b(" + Pattern.quote(vf[0]) + ")\\b", pos, pos);
            pos = find(code, "\\b(" + Pattern.quote(vf[1]) + ")\\s*:", pos, pos);
        } else if (member.matches("\\w+")) {
            pos = find(code, "\\b(" + Pattern.quote(member) + ")\\s*:", pos, pos);
        }
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    private static int find(String code, String regex, int from, int otherwise) {
        Matcher m = Pattern.compile(regex).matcher(code);
        return m.find(from) ? m.start(1) : otherwise;
    }

    /** {@code text} with every comment replaced by spaces (line breaks kept), so offsets stay the same. */
    private static String blankComments(String text) {
        StringBuilder b = new StringBuilder(text);
        int depth = 0;
        boolean line = false;
        boolean str = false;
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            char n = i + 1 < b.length() ? b.charAt(i + 1) : 0;
            if (line) {
                if (c == '\n') line = false;
                else b.setCharAt(i, ' ');
            } else if (depth > 0) {
                if (c == '*' && n == '/') {
                    depth--;
                    b.setCharAt(i, ' ');
                    b.setCharAt(++i, ' ');
                } else if (c == '/' && n == '*') {
                    depth++;
                    b.setCharAt(i, ' ');
                    b.setCharAt(++i, ' ');
                } else if (c != '\n') {
                    b.setCharAt(i, ' ');
                }
            } else if (str) {
                if (c == '\\') i++;
                else if (c == '"') str = false;
            } else if (c == '"') {
                str = true;
            } else if (c == '/' && n == '/') {
                line = true;
                b.setCharAt(i, ' ');
            } else if (c == '/' && n == '*') {
                depth = 1;
                b.setCharAt(i, ' ');
                b.setCharAt(++i, ' ');
            }
        }
        return b.toString();
    }
}
