package dev.race.format.rcrate;

import dev.race.format.marker.Marker;
import dev.race.steg.model.Crate;

import java.util.List;
import java.util.Objects;

/**
 * The content of an .rcrate: the target, the crate's own STEG ({@code crate}: its identity is the
 * crate's name and version), the import views (each dependency's STEG as it was when this crate was
 * compiled, trimmed to what it uses), the names of the objects the code came from, and the code:
 * sections, COMDAT groups, symbols, relocations, and the distinct layout queries semantic relocations
 * refer to. A crate with no code has empty sections, symbols and relocations.
 */
public record RcrateFile(RcrateTarget target, Crate crate, List<Crate> imports, List<String> objects,
                         List<RSection> sections, List<RGroup> groups, RSymbols symbols,
                         RRelocations relocations, List<Marker> queries) {
    public RcrateFile {
        Objects.requireNonNull(target);
        Objects.requireNonNull(crate);
        imports = List.copyOf(imports);
        objects = List.copyOf(objects);
        sections = List.copyOf(sections);
        groups = List.copyOf(groups);
        Objects.requireNonNull(symbols);
        Objects.requireNonNull(relocations);
        queries = List.copyOf(queries);
    }
}
