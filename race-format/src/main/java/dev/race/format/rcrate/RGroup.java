package dev.race.format.rcrate;

import java.util.List;
import java.util.Objects;

/** A section group (SHT_GROUP): its signature symbol name, whether it is COMDAT, and its sections (crate indices). */
public record RGroup(String signature, boolean comdat, List<Integer> sections) {
    public RGroup {
        Objects.requireNonNull(signature);
        sections = List.copyOf(sections);
    }
}
