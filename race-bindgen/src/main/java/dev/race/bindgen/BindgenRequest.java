package dev.race.bindgen;

import dev.race.layout.TargetSpec;
import dev.race.steg.model.Crate;

import java.util.List;
import java.util.Objects;

/**
 * What to generate: bindings for {@code crate} in {@code lang}. {@code imports} are the crates it refers to (as
 * the generating build sees them: the versions the code is compiled against); their items are referred to by
 * crate name (the C header {@code #include}s {@code <dep>.h}, the Rust module names {@code crate::<dep>}), never
 * declared again. {@code target} gives the layouts of {@code #[frozen]} types, which the bindings assert.
 */
public record BindgenRequest(Lang lang, Crate crate, List<Crate> imports, TargetSpec target) {
    public BindgenRequest {
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(crate, "crate");
        imports = List.copyOf(imports);
        Objects.requireNonNull(target, "target");
    }
}
