package dev.race.format.importer;

import dev.race.format.elf.ElfObject;

import java.util.List;

/**
 * The result of {@link ObjectImporter#scan}: the semantic relocations, how many relocations are ordinary, and
 * every error found (the scan does not stop at the first).
 */
public record ImportScan(ElfObject object, List<SemanticRelocation> semantic, int ordinary,
                         List<ImportError> errors) {
    public ImportScan {
        semantic = List.copyOf(semantic);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
