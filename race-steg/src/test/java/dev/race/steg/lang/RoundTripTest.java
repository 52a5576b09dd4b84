package dev.race.steg.lang;

import dev.race.steg.model.Crate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** compile → print → compile gives an equal crate; print is deterministic and canonical (a fixed point). */
class RoundTripTest {
    @Test
    void handwrittenFilesRoundTrip() throws IOException {
        Crate all = only(StegCompiler.compile(new Source("all.steg", ParserTest.EVERY_CONSTRUCT)));
        String printed = StegPrinter.print(all);
        Crate again = only(StegCompiler.compile(new Source("printed.steg", printed)));
        assertThat(again).isEqualTo(all);
        assertThat(StegPrinter.print(again)).isEqualTo(printed);

        CompileResult engine = StegCompiler.compile(ExamplesTest.read("engine-2.0.steg"));
        Crate e = only(engine);
        assertThat(only(StegCompiler.compile(new Source("p", StegPrinter.print(e))))).isEqualTo(e);
    }

    @Test
    void fiveHundredRandomCratesRoundTrip() {
        int items = 0;
        for (long seed = 1; seed <= 520; seed++) {
            Crate dep = new RandomCrates(seed * 7919, "dep", null).generate(6);
            Crate main = new RandomCrates(seed, "app", dep).generate(14);
            items += main.items().size() + dep.items().size();
            String depText = StegPrinter.print(dep);
            String mainText = StegPrinter.print(main);
            CompileResult r = StegCompiler.compile(List.of(new Source("app.steg", mainText), new Source("dep.steg", depText)));
            assertThat(r.diagnostics()).as("seed %d:\n%s\n%s", seed, mainText, depText).isEmpty();
            assertThat(r.crates()).as("seed %d:\n%s", seed, mainText).containsExactly(main, dep);
            assertThat(StegPrinter.print(r.crates().get(0))).isEqualTo(mainText);
        }
        assertThat(items).isGreaterThan(5000);
    }

    static Crate only(CompileResult r) {
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.crates()).hasSize(1);
        return r.crates().get(0);
    }
}
