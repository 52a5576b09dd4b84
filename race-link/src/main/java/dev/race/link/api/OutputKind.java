package dev.race.link.api;

/** What a link writes: a static executable, or one relocatable object for another linker to finish. */
public enum OutputKind {
    /** A static {@code ET_EXEC} ELF executable. */
    EXECUTABLE,
    /** One {@code ET_REL} object: semantic relocations resolved, vtables materialized, ordinary ones kept. */
    RELOCATABLE
}
