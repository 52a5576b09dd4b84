package dev.race.format.pack;

import java.util.Objects;

/**
 * One reason a crate cannot be packed: {@code where} names the object ({@code plugin.o},
 * {@code libengine.a(spawn.o)}) or the crate ({@code crate plugin 0.1.0}) at fault, {@code problem} says what
 * is wrong and, for a marker, every code location that used it.
 */
public record PackError(String where, String problem) {
    public PackError {
        Objects.requireNonNull(where);
        Objects.requireNonNull(problem);
    }

    public String message() {
        return where + ": " + problem;
    }

    @Override
    public String toString() {
        return message();
    }
}
