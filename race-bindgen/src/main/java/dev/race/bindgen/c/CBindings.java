package dev.race.bindgen.c;

import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;

import java.util.List;

/** Placeholder: being written. */
public final class CBindings {
    private CBindings() {
    }

    public static String generate(BindgenRequest request) throws BindgenException {
        throw new BindgenException(List.of("CBindings: not written yet"));
    }
}
