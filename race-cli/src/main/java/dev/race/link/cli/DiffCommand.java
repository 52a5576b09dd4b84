package dev.race.link.cli;

import dev.race.format.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateFormatException;
import dev.race.format.rcrate.RcrateReader;
import dev.race.layout.TargetSpec;
import dev.race.link.contract.CrateDiff;
import dev.race.link.contract.CrateDiff.Change;
import dev.race.link.contract.CrateDiff.Verdict;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code race diff}: every change between two versions of a crate, classified as the RACE link weighs it. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Classify every change between two versions of a crate as the RACE link weighs it.",
        description = {
                "Compares OLD (what a client was compiled against) with NEW (what it is linked with); each may be "
                        + "a .steg file or an .rcrate (its own crate; its import views are its dependencies). Every "
                        + "change is one line: 'compatible' (no layout or ABI change: a plain C client is fine too), "
                        + "'compatible under RACE' (offsets, sizes, tags or slots move and the linker patches them), "
                        + "'breaking' (race link refuses a client whose view has the item, with the same text) or "
                        + "'breaking if a client uses it' (the link refuses a client whose code uses the member, "
                        + "e.g. an offset-of query through a removed field, and warns otherwise). The rules are the "
                        + "link's own (docs/contracts.md), run for a client that uses everything OLD declares; "
                        + "frozen layouts and enum tags are solved for --target. See docs/diff.md.",
                ""},
        footer = {"",
                "Examples:",
                "  race diff engine-1.0.steg engine-1.1.steg",
                "  race diff --json --target aarch64 engine-1.0.rcrate engine-2.0.steg",
                "",
                "Exit status, a bitmask (as abidiff's): 0 no change; bit 1 (1) error: an input is missing or "
                        + "malformed; bit 2 (2) usage error; bit 3 (4) some change; bit 4 (8) some breaking change "
                        + "(always with 4). So 4 means only compatible changes, 12 a breaking one."})
final class DiffCommand implements Callable<Integer> {
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CHANGE = 4;
    static final int EXIT_BREAKING = 8;

    @Option(names = "--json", description = "Print the changes as JSON instead of one line each.")
    boolean json;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Target whose layouts the frozen-layout and enum-tag rules solve: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}).",
            completionCandidates = TargetNames.class, defaultValue = "x86_64")
    String target;

    @Option(names = "--import", paramLabel = "DEP.steg",
            description = "A crate that a .steg OLD or NEW refers to (both sides); may be repeated.")
    List<Path> imports = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "OLD", description = "The version clients were compiled against (.steg or .rcrate).")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The version they are linked with (.steg or .rcrate).")
    Path newFile;

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One side of the diff: its crate and the crates it refers to. */
    record Side(String file, Crate crate, List<Crate> deps) {
    }

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        TargetSpec targetSpec = TargetNames.spec(spec, target);
        Side old = read(oldFile, imports, err);
        Side neu = read(newFile, imports, err);
        if (old == null || neu == null) {
            return EXIT_ERROR;
        }
        if (!old.crate().name().equals(neu.crate().name())) {
            err.error(old.file() + " declares crate " + old.crate().name() + " but " + neu.file()
                    + " declares crate " + neu.crate().name() + "; race diff compares two versions of one crate");
            return EXIT_ERROR;
        }
        CrateDiff.Result r = CrateDiff.diff(old.crate(), old.deps(), neu.crate(), neu.deps(), targetSpec);
        if (!r.problems().isEmpty()) {
            r.problems().forEach(err::error);
            return EXIT_ERROR;
        }
        int status = (r.changes().isEmpty() ? 0 : EXIT_CHANGE) | (r.breaking() ? EXIT_BREAKING : 0);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(old, neu, targetSpec, r, status) : text(old, neu, targetSpec, r));
        out.flush();
        return status;
    }

    /** A .steg (compiled with {@code imports}, messages as race layout gives them) or an .rcrate; null after an error. */
    static Side read(Path file, List<Path> imports, Reporter err) {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".rcrate")) {
            String notRegular = AtomicFiles.notRegular(file); // a FIFO would block the open
            if (notRegular != null) {
                err.error(notRegular);
                return null;
            }
            try {
                RcrateFile f = RcrateReader.open(file).file();
                List<Crate> deps = new ArrayList<>();
                for (Crate c : f.imports()) {
                    if (!c.name().equals(f.crate().name())) deps.add(c);
                }
                return new Side(file.toString(), f.crate(), deps);
            } catch (NoSuchFileException e) {
                err.error(file + ": no such file");
            } catch (IOException e) {
                err.error(file + ": cannot read: " + e.getMessage());
            } catch (RcrateFormatException e) {
                err.error(e.getMessage());
            }
            return null;
        }
        List<Path> files = new ArrayList<>(List.of(file));
        files.addAll(imports);
        StegInputs in = StegInputs.compile(files, err, "no diff computed");
        if (in == null) {
            return null;
        }
        List<Crate> cs = in.crates();
        return new Side(file.toString(), cs.get(0), cs.subList(1, cs.size()));
    }

    static String text(Side old, Side neu, TargetSpec target, CrateDiff.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("race diff: ").append(id(old.crate())).append(" (").append(old.file()).append(") -> ")
                .append(id(neu.crate())).append(" (").append(neu.file()).append("), target ").append(target.name())
                .append('\n');
        for (Change c : r.changes()) {
            b.append(c.verdict().words()).append(": ");
            if (c.verdict().breaking()) {
                b.append(c.message());
            } else {
                b.append(c.what()).append(": ").append(c.expected()).append(" \u2192 ").append(c.found());
            }
            b.append('\n');
            if (!c.note().isEmpty()) b.append("    ").append(c.note()).append('\n');
        }
        String semver = semver(old.crate().version(), neu.crate().version());
        if (semver != null) b.append("note: ").append(semver).append('\n');
        Map<Verdict, Integer> n = counts(r);
        if (r.changes().isEmpty()) {
            b.append("no change\n");
        } else {
            b.append(r.changes().size()).append(r.changes().size() == 1 ? " change: " : " changes: ")
                    .append(n.get(Verdict.BREAKING)).append(" breaking, ")
                    .append(n.get(Verdict.BREAKING_IF_USED)).append(" breaking if a client uses it, ")
                    .append(n.get(Verdict.COMPATIBLE_UNDER_RACE)).append(" compatible under RACE, ")
                    .append(n.get(Verdict.COMPATIBLE)).append(" compatible\n");
        }
        return b.toString();
    }

    static String json(Side old, Side neu, TargetSpec target, CrateDiff.Result r, int status) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            side(g, "old", old);
            side(g, "new", neu);
            g.writeStringField("target", target.name());
            g.writeArrayFieldStart("changes");
            for (Change c : r.changes()) {
                g.writeStartObject();
                g.writeStringField("verdict", c.verdict().words());
                g.writeBooleanField("breaking", c.verdict().breaking());
                g.writeStringField("kind", c.kind());
                g.writeStringField("item", c.item().toString());
                g.writeStringField("member", c.member());
                g.writeStringField("subject", c.subject());
                g.writeStringField("what", c.what());
                g.writeStringField("expected", c.expected());
                g.writeStringField("found", c.found());
                g.writeStringField("message", c.message());
                if (!c.note().isEmpty()) g.writeStringField("note", c.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            String semver = semver(old.crate().version(), neu.crate().version());
            if (semver != null) g.writeStringField("semver", semver);
            g.writeObjectFieldStart("counts");
            for (Map.Entry<Verdict, Integer> e : counts(r).entrySet()) g.writeNumberField(e.getKey().words(), e.getValue());
            g.writeEndObject();
            g.writeNumberField("exit", status);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static void side(JsonGenerator g, String name, Side s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("file", s.file());
        g.writeStringField("crate", s.crate().name());
        g.writeStringField("version", s.crate().version().toString());
        g.writeEndObject();
    }

    private static Map<Verdict, Integer> counts(CrateDiff.Result r) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) n.put(v, 0);
        r.changes().forEach(c -> n.merge(c.verdict(), 1, Integer::sum));
        return n;
    }

    private static String id(Crate c) {
        return c.name() + "@" + c.version();
    }

    /** What the link's semver policy (docs/contracts.md, "Semver") says of the two versions, or null when silent. */
    static String semver(Version o, Version n) {
        String why;
        if (!line(o).equals(line(n))) {
            why = "is semver-incompatible with";
        } else if (n.compareTo(o) < 0) {
            why = "is older than";
        } else {
            return null;
        }
        return n + " " + why + " " + o + ": race link warns for a client of " + o
                + " whose contracts hold, and --semver strict refuses it";
    }

    private static String line(Version v) {
        if (v.major() > 0) return String.valueOf(v.major());
        if (v.minor() > 0) return "0." + v.minor();
        return "0.0." + v.patch();
    }
}
