package dev.race.steg.model;

import java.util.Objects;

/** A function parameter; a method receiver is named "self" with type {@code &Self}, {@code &mut Self}, {@code Self} or {@code Box<Self>}. */
public record Param(String name, Type type) {
    public Param {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
    }
}
