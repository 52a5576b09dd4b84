package dev.race.layout;

import dev.race.steg.model.Type;

import java.util.Objects;

/** A placed field: its offset from the start of the enclosing struct (or enum, for variant fields), size and alignment. */
public record FieldLayout(String name, Type type, long offset, long size, long align) {
    public FieldLayout {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
    }
}
