package dev.race.steg.lang;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in src/test/resources/bad/ starts with one or more {@code // expect: LINE:COL: MESSAGE} lines;
 * each expected diagnostic must be reported as an error at exactly that place, rendered with its caret.
 */
class BadCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("// expect: (\\d+):(\\d+): (.+)");

    static Stream<Path> files() throws IOException {
        Path dir = Path.of("src/test/resources/bad");
        if (!Files.isDirectory(dir)) {
            dir = ExamplesTest.examples().getParent().resolve("race-steg/src/test/resources/bad");
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.toString().endsWith(".steg")).sorted().toList();
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(35);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsTheExpectedDiagnostics(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String[]> expected = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                expected.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        assertThat(expected).as("expect lines in " + file).isNotEmpty();
        String name = "bad/" + file.getFileName();
        CompileResult r = StegCompiler.compile(new Source(name, text));
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.crates()).isEmpty();
        assertThat(r.diagnostics()).noneMatch(d -> d.message().contains("internal compiler error"));
        for (String[] e : expected) {
            int line = Integer.parseInt(e[0]);
            int col = Integer.parseInt(e[1]);
            assertThat(r.diagnostics())
                    .as("%s expects %d:%d %s, got %s", name, line, col, e[2], r.diagnostics())
                    .anySatisfy(d -> {
                        assertThat(d.severity()).isEqualTo(Severity.ERROR);
                        assertThat(d.line()).isEqualTo(line);
                        assertThat(d.column()).isEqualTo(col);
                        assertThat(d.message()).contains(e[2]);
                        String[] rendered = d.render().split("\n", -1);
                        assertThat(rendered[0]).isEqualTo(name + ":" + line + ":" + col + ": error: " + d.message());
                        assertThat(rendered[2]).endsWith("^").hasSize(col);
                    });
        }
    }
}
