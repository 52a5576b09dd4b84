package dev.race.bindgen;

/** The language of generated bindings. */
public enum Lang {
    /** One C99 header per crate ({@code <crate>.h}), {@code static inline} accessors. */
    C,
    /** One Rust module per crate ({@code <crate>.rs}), {@code no_std}-compatible. */
    RUST
}
