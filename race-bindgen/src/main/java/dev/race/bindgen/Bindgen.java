package dev.race.bindgen;

import dev.race.bindgen.c.CBindings;
import dev.race.bindgen.rust.RustBindings;

/**
 * {@code race bindgen} as a library: the source text of a crate's bindings. Stateless and thread-safe; no CLI
 * dependency. See docs/bindgen.md for what is generated and docs/markers.md for the marker idiom it uses.
 */
public final class Bindgen {
    private Bindgen() {
    }

    /** The bindings' source text (a C header or a Rust module); deterministic for the same request. */
    public static String generate(BindgenRequest request) throws BindgenException {
        return switch (request.lang()) {
            case C -> CBindings.generate(request);
            case RUST -> RustBindings.generate(request);
        };
    }

    /** The conventional file name of a crate's bindings: {@code <crate>.h} or {@code <crate>.rs}. */
    public static String fileName(Lang lang, String crateName) {
        return crateName + (lang == Lang.C ? ".h" : ".rs");
    }
}
