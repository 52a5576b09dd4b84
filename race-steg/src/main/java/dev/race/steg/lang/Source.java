package dev.race.steg.lang;

import java.util.Objects;

/** One input file: {@code name} is the path as the user gave it (it appears in diagnostics), {@code text} its content. */
public record Source(String name, String text) {
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
