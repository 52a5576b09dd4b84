package dev.race.link.pipeline;

import dev.race.link.pipeline.CrossVersionCatalogueTest.Case;
import dev.race.link.testing.CliRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-version catalogue's refusals and warnings through {@code race link}: the same gcc-built plugin and
 * engines as race-link's {@link CrossVersionCatalogueTest} (whose fixture this builds), linked by the command line,
 * which must exit 1 on a refusal, print the diagnostics as the API gives them and write nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossVersionCatalogueCliTest {
    final CrossVersionCatalogueTest catalogue = new CrossVersionCatalogueTest();

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        catalogue.build(tmp);
    }

    @Test
    void majorBumpStructurallyCompatibleWarnsAndRunsButStrictRefuses() throws Exception {
        Path plugin = catalogue.pluginNoPic;
        Path engine = catalogue.engine(CrossVersionCatalogueTest.majorBumpStructurallyCompatible());
        String head = CrossVersionCatalogueTest.majorBumpHead(plugin, engine);
        Path cliOut = catalogue.ws.dir.resolve("app-major-cli");
        CliRunner.Cli refused = CliRunner.race("link", "--semver", "strict", "-o", cliOut.toString(), engine.toString(),
                plugin.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err().lines().findFirst().orElse("")).isEqualTo("race: error: " + head + " (--semver strict)");
        assertThat(cliOut).doesNotExist();
        CliRunner.Cli accepted = CliRunner.race("link", "-o", cliOut.toString(), engine.toString(), plugin.toString());
        assertThat(accepted.code()).as(accepted.err()).isZero();
        assertThat(accepted.err()).startsWith("race: warning: " + head + "; every contract it uses is structurally compatible");
        assertThat(catalogue.run(cliOut)).isEqualTo(CrossVersionCatalogueTest.ORACLE);
    }

    @Test
    void theCommandLineRefusesABreakingEngineWithExitStatus1AndWritesNothing() throws Exception {
        Case c = CrossVersionCatalogueTest.breakingCases().map(a -> (Case) a.get()[1])
                .filter(k -> k.name().equals("field type changed")).findFirst().orElseThrow();
        Path plugin = catalogue.pluginNoPic;
        Path engine = catalogue.engine(c);
        Path out = catalogue.ws.dir.resolve("app-cli-refused");
        CliRunner.Cli r = CliRunner.race("link", "-o", out.toString(), engine.toString(), plugin.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("race: " + CrossVersionCatalogueTest.expand(c.outcome(), plugin, engine,
                c.version()).get(0));
        assertThat(lines).contains("    expected: i32", "    found: i64", "race: 1 error; nothing written");
        assertThat(lines).anyMatch(s -> s.matches("    used at plugin\\.o:\\.text[.a-z]*\\+0x[0-9a-f]+ \\(in main\\)"));
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(catalogue.ws.dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("app-cli-refused"));
        }
    }
}
