package dev.race.steg.model;

import java.util.Objects;

/** A trait method; {@code defaultSymbol} is the symbol of its default body ({@code = default(sym)}), or null. */
public record TraitMethod(String name, FnSig sig, String defaultSymbol) {
    public TraitMethod {
        Objects.requireNonNull(name);
        Objects.requireNonNull(sig);
    }
}
