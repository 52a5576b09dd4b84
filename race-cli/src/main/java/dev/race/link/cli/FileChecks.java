package dev.race.link.cli;

import dev.race.format.io.AtomicFiles;

import java.nio.file.Path;
import java.util.List;

/** The checks every writing command runs before it reads or writes anything. */
final class FileChecks {
    private FileChecks() {
    }

    /**
     * False, after printing the errors, when an output is the same file as an input or as another output
     * ({@link AtomicFiles#clash}, by file identity) or when an input is not a regular file (a FIFO, a directory, a
     * device: refused without opening it, so a FIFO cannot hang the command).
     */
    static boolean check(List<Path> inputs, List<Path> outputs, Reporter err) {
        boolean ok = true;
        String clash = AtomicFiles.clash(inputs, outputs);
        if (clash != null) {
            err.error(clash);
            ok = false;
        }
        for (Path in : inputs) {
            String notRegular = AtomicFiles.notRegular(in);
            if (notRegular != null) {
                err.error(notRegular);
                ok = false;
            }
        }
        return ok;
    }
}
