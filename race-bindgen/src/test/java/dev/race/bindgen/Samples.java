package dev.race.bindgen;

import dev.race.layout.TargetSpec;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample crates of src/test/resources/bindgen, compiled, and the bindings generated from them. */
final class Samples {
    private Samples() {
    }

    static String resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/bindgen/" + name)) {
            assertThat(in).as("resource /bindgen/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the sources (text) together; the crates in source order. */
    static List<Crate> crates(String... texts) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            sources.add(new Source("s" + i + ".steg", texts[i]));
        }
        CompileResult r = StegCompiler.compile(sources);
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        assertThat(r.crates()).hasSize(texts.length);
        return r.crates();
    }

    /** The C header of the first crate, the others its imports. */
    static String header(String target, String... texts) throws BindgenException {
        List<Crate> cs = crates(texts);
        return Bindgen.generate(new BindgenRequest(Lang.C, cs.get(0), cs.subList(1, cs.size()), TargetSpec.named(target)));
    }
}
