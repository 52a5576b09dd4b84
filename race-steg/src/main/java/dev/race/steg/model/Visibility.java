package dev.race.steg.model;

/** Rust visibility: {@code pub}, {@code pub(crate)}, or private (no keyword). */
public enum Visibility {
    PUBLIC("pub "), CRATE("pub(crate) "), PRIVATE("");

    private final String keyword;

    Visibility(String keyword) {
        this.keyword = keyword;
    }

    /** The source text that introduces this visibility, with a trailing space, or "" for private. */
    public String keyword() {
        return keyword;
    }
}
