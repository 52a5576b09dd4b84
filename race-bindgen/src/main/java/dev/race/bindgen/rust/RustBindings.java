package dev.race.bindgen.rust;

import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;

import java.util.List;

/** Placeholder: being written. */
public final class RustBindings {
    private RustBindings() {
    }

    public static String generate(BindgenRequest request) throws BindgenException {
        throw new BindgenException(List.of("RustBindings: not written yet"));
    }
}
