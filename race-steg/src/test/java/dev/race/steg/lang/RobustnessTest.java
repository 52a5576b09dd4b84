package dev.race.steg.lang;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation of good sources (characters and tokens deleted, inserted, replaced): compile() never
 * throws, never reports an internal error, and returns either clean crates or error diagnostics.
 */
class RobustnessTest {
    private static final String[] TOKENS = {"{", "}", "(", ")", "[", "]", ";", ",", ":", "::", "<", ">", "&", "*",
            "#", "#[repr(C)]", "pub", "struct", "enum", "fn", "extern", "\"C\"", "impl", "for", "mod", "use", "type",
            "trait", "self", "Self", "super", "crate", "dyn", "mut", "const", "effects", "default", "=", "-", "0x",
            "1.0.0", "'a", "/*", "*/", "//", "\"", "\t", "\n", "Box", "Option", "str", "u8", "!", "42", "@", "é"};

    @Test
    void mutatedSourcesNeverThrow() throws IOException {
        List<String> seeds = List.of(ParserTest.EVERY_CONSTRUCT, ExamplesTest.read("engine-2.0.steg").text(),
                ExamplesTest.read("plugin.steg").text());
        Random rnd = new Random(20261123);
        long deadline = System.nanoTime() + 4_000_000_000L;
        int runs = 0;
        int clean = 0;
        while (runs < 6000 && System.nanoTime() < deadline) {
            String text = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd, 1 + rnd.nextInt(4));
            List<Source> sources = new ArrayList<>();
            sources.add(new Source("m.steg", text));
            if (rnd.nextBoolean()) {
                sources.add(new Source("engine.steg", mutate(seeds.get(1), rnd, rnd.nextInt(2))));
            }
            CompileResult r = StegCompiler.compile(sources);
            assertThat(r.diagnostics()).as(text).noneMatch(d -> d.message().startsWith("internal compiler error")
                    || d.message().startsWith("input nests"));
            assertThat(r.crates().size() == sources.size() || r.hasErrors()).as(text).isTrue();
            for (Diagnostic d : r.diagnostics()) {
                assertThat(d.line()).isPositive();
                assertThat(d.column()).isPositive();
                assertThat(d.render()).contains("^");
            }
            if (!r.hasErrors()) {
                clean++;
            }
            runs++;
        }
        assertThat(runs).isGreaterThan(200);
        assertThat(clean).isLessThan(runs);
    }

    @Test
    void deepNestingIsADiagnosticNotACrash() {
        String deep = "crate d 1.0.0;\nstruct A { x: " + "&".repeat(20000) + "u8 }\n";
        CompileResult r = StegCompiler.compile(new Source("deep.steg", deep));
        assertThat(r.crates().size() == 1 || r.hasErrors()).isTrue();
    }

    static String mutate(String s, Random rnd, int times) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < times; i++) {
            int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    if (b.length() > 0) {
                        b.deleteCharAt(at);
                    }
                }
                case 1 -> b.insert(at, (char) (32 + rnd.nextInt(95)));
                case 2 -> b.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 3 -> {
                    int end = Math.min(b.length(), at + 1 + rnd.nextInt(12));
                    b.replace(at, end, TOKENS[rnd.nextInt(TOKENS.length)]);
                }
                default -> {
                    int end = Math.min(b.length(), at + 1 + rnd.nextInt(40));
                    b.delete(at, end);
                }
            }
        }
        return b.toString();
    }
}
