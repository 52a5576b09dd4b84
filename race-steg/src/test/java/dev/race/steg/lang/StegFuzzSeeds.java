package dev.race.steg.lang;

import dev.race.steg.codec.StegCodec;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the seed corpora of the two race-steg fuzz targets from the files in examples/ (docs/fuzzing.md,
 * "Seeds"): the .steg texts for {@link StegCompilerFuzzTest} (several sources joined by NUL, the target's
 * separator) and their crates encoded by {@link StegCodec} for {@code StegCodecFuzzTest}. Run by
 * {@code bench/fuzz.sh seeds}; argument: the module's src/test/resources directory.
 */
public final class StegFuzzSeeds {
    /** seed name, then the example files it joins (the first crate of each group is compiled first). */
    private static final List<List<String>> COMPILER = List.of(
            List.of("engine-1.0-steg", "engine-1.0.steg"),
            List.of("engine-2.0-steg", "engine-2.0.steg"),
            List.of("libc-steg", "platform/libc.steg"),
            List.of("engine-2.0-plugin-steg", "engine-2.0.steg", "plugin.steg"),
            List.of("drift-engine-1.0-plugin-steg", "drift/engine-1.0/engine.steg", "drift/plugin/plugin.steg"));
    static final List<String> COMPILER_SEEDS = COMPILER.stream().map(l -> l.get(0)).toList();

    private StegFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        Path compile = resources.resolve("dev/race/steg/lang/StegCompilerFuzzTestInputs/compile");
        Path decode = resources.resolve("dev/race/steg/codec/StegCodecFuzzTestInputs/decode");
        Files.createDirectories(compile);
        Files.createDirectories(decode);
        for (List<String> seed : COMPILER) {
            List<String> texts = new ArrayList<>();
            for (String file : seed.subList(1, seed.size())) {
                texts.add(Files.readString(ExamplesTest.examples().resolve(file), StandardCharsets.UTF_8));
            }
            Files.writeString(compile.resolve(seed.get(0)), String.join("\0", texts), StandardCharsets.UTF_8);
        }
        List<Source> all = new ArrayList<>();
        for (String file : List.of("engine-1.0.steg", "platform/libc.steg")) {
            all.add(new Source(file, Files.readString(ExamplesTest.examples().resolve(file))));
        }
        CompileResult one = StegCompiler.compile(all);
        CompileResult two = StegCompiler.compile(List.of(
                new Source("engine-2.0.steg", Files.readString(ExamplesTest.examples().resolve("engine-2.0.steg"))),
                new Source("plugin.steg", Files.readString(ExamplesTest.examples().resolve("plugin.steg")))));
        if (one.hasErrors() || two.hasErrors()) {
            throw new IllegalStateException("examples do not compile: " + one.diagnostics() + two.diagnostics());
        }
        write(decode, "engine-1.0-steg", one.crates().get(0));
        write(decode, "libc-steg", one.crates().get(1));
        write(decode, "engine-2.0-steg", two.crates().get(0));
        write(decode, "plugin-steg", two.crates().get(1));
    }

    private static void write(Path dir, String name, Crate c) throws IOException {
        Files.write(dir.resolve(name), StegCodec.encode(c));
    }
}
