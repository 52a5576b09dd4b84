package dev.race.format.pack;

import dev.race.format.rcrate.RcrateFile;

import java.util.List;

/** The packed crate, or (when {@code errors} is not empty) null and every error found. */
public record PackResult(RcrateFile file, List<PackError> errors) {
    public PackResult {
        errors = List.copyOf(errors);
        if (errors.isEmpty() == (file == null)) {
            throw new IllegalArgumentException("a pack result has either a file or errors");
        }
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
