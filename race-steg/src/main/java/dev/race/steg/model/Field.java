package dev.race.steg.model;

import java.util.Objects;

/** A field of a struct or of an enum variant. Tuple fields are named "0", "1", ... */
public record Field(String name, Visibility visibility, Type type) {
    public Field {
        Objects.requireNonNull(name);
        Objects.requireNonNull(visibility);
        Objects.requireNonNull(type);
    }
}
