package dev.race.link.cli;

import dev.race.format.io.AtomicFiles;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateFormatException;
import dev.race.format.rcrate.RcrateReader;
import dev.race.link.report.DumpReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.LinkContext;
import dev.race.link.pipeline.LinkOptions;
import dev.race.link.pipeline.MarkerTable;
import dev.race.link.pipeline.Pipeline;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code race dump}: print what an .rcrate holds. */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Print what an .rcrate holds.",
        description = {
                "Reads an .rcrate (checking every byte of it) and prints its header (target, crate@version, the "
                        + "objects the code came from, the import views), its sections grouped by object, its "
                        + "symbols, its relocations with their ABI type names and, for semantic ones, the layout "
                        + "query in words (e.g. offset-of engine::Transform.scale), which code locations depend "
                        + "on which item, the crate's STEG and each import view as .steg text.",
                ""},
        footer = {"",
                "Examples:",
                "  race dump plugin.rcrate",
                "  race dump plugin.rcrate --against engine-2.0.rcrate",
                "  race dump --json plugin.rcrate > plugin.json",
                "",
                "Exit status: 0 success, 1 the file is missing, truncated or corrupt (one line on stderr), "
                        + "2 usage error."})
final class DumpCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON (the same content, for tools) instead of tables.")
    boolean json;

    @Option(names = "--against", paramLabel = "CRATE.rcrate", arity = "1..*",
            description = "Also answer each query of FILE.rcrate as a link with these crates would (the crates it "
                    + "imports, at the versions to check): the constant or address each marker receives and where "
                    + "it is used. The crates' contracts are checked as race link checks them. May be repeated.")
    List<Path> against = new ArrayList<>();

    @Parameters(arity = "1", paramLabel = "FILE.rcrate", description = "The .rcrate to print.")
    Path file;

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        String notRegular = AtomicFiles.notRegular(file); // a FIFO would block the open
        if (notRegular != null) {
            err.error(notRegular);
            return RaceCli.EXIT_REJECTED;
        }
        RcrateFile f;
        try {
            f = RcrateReader.open(file).file();
        } catch (NoSuchFileException e) {
            err.error(file + ": no such file");
            return RaceCli.EXIT_REJECTED;
        } catch (IOException e) {
            err.error(file + ": cannot read: " + e.getMessage());
            return RaceCli.EXIT_REJECTED;
        } catch (RcrateFormatException e) {
            err.error(e.getMessage());
            return RaceCli.EXIT_REJECTED;
        }
        String name = file.getFileName().toString();
        String text = json ? DumpReport.json(name, f) : DumpReport.text(name, f);
        if (!against.isEmpty()) {
            List<MarkerTable.Row> rows = answers(err);
            if (rows == null) {
                return RaceCli.EXIT_REJECTED;
            }
            text = json ? withAnswers(text, rows) : text + "\nanswers against " + String.join(", ",
                    against.stream().map(Path::toString).toList()) + " (" + rows.size() + (rows.size() == 1
                    ? " marker" : " markers") + ")\n" + (rows.isEmpty() ? "(none)\n" : MarkerTable.text(rows));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return RaceCli.EXIT_OK;
    }

    /** The passes of a link of FILE with the --against crates through answer-queries; null after printing errors. */
    private List<MarkerTable.Row> answers(Reporter err) {
        List<Path> inputs = new ArrayList<>(List.of(file));
        inputs.addAll(against);
        if (!FileChecks.check(inputs, List.of(), err)) {
            return null;
        }
        LinkOptions options = new LinkOptions(inputs, null, null, OutputKind.RELOCATABLE, "_start", null, null,
                SemverMode.STRUCTURAL, false, 1, LinkOptions.DEFAULT_BASE);
        LinkContext cx = Pipeline.runThrough(options, "answer-queries");
        for (Diagnostic d : cx.diagnostics()) {
            err.print(d.render(), d.isError());
        }
        if (cx.hasErrors()) {
            err.summary("no query answered");
            return null;
        }
        return MarkerTable.rows(cx, 0);
    }

    /** The JSON dump with an "answers" array before its closing brace. */
    private static String withAnswers(String dump, List<MarkerTable.Row> rows) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (MarkerTable.Row r : rows) {
                g.writeStartObject();
                g.writeStringField("marker", r.marker());
                g.writeStringField("query", r.query());
                g.writeStringField("value", r.value());
                g.writeArrayFieldStart("used_at");
                for (String u : r.uses()) {
                    g.writeString(u);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = dump.lastIndexOf('}');
        return dump.substring(0, end).stripTrailing() + ",\n  \"answers\" : " + w + "\n}\n";
    }
}
