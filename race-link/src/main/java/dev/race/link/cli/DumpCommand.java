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

import java.io.IOException;
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
                "  race dump --json plugin.rcrate > plugin.json",
                "",
                "Exit status: 0 success, 1 the file is missing, truncated or corrupt (one line on stderr), "
                        + "2 usage error."})
final class DumpCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON (the same content, for tools) instead of tables.")
    boolean json;

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
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? DumpReport.json(name, f) : DumpReport.text(name, f));
        out.flush();
        return RaceCli.EXIT_OK;
    }
}
