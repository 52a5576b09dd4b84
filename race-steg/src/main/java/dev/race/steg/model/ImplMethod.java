package dev.race.steg.model;

import java.util.Objects;

/** {@code fn name = symbol;} in an impl block. */
public record ImplMethod(String name, String symbol) {
    public ImplMethod {
        Objects.requireNonNull(name);
        Objects.requireNonNull(symbol);
    }
}
