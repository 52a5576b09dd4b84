package dev.race.link.pipeline;

import dev.race.format.rcrate.RcrateReader;
import dev.race.link.pipeline.CrossVersionCatalogueTest.Case;
import dev.race.link.pipeline.CrossVersionDiffTest.Line;
import dev.race.link.pipeline.ReverseCrossVersionCatalogueTest.Reverse;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code race diff CASE.steg engine-1.0.steg} (the command line, --json): the catalogue in reverse, OLD the engine a
 * new plugin was built against, NEW engine 1.0, over every case of {@link ReverseCrossVersionCatalogueTest}, whose
 * verdicts are the link's. Each error the reverse link gives the new plugin is a breaking change with the same text;
 * each warning about something engine 1.0 lacks (a field no query goes through, a field or a type the plugin's code
 * asks about first) is a "breaking if a client uses it" change with the same text; a case the link accepts has no
 * "breaking" change on an item of the new plugin's view (the plugin compiled with the case's flags against the case's
 * bindings and packed against its .steg); the exit status is 0, 4 or 12 accordingly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReverseCrossVersionDiffTest {
    Workspace ws;
    Path engine1;
    ReverseCrossVersionCatalogueTest.Plugins plugins;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engine1 = ws.write("engine-1.0.steg", CrossVersionCatalogueTest.ENGINE_1);
        plugins = new ReverseCrossVersionCatalogueTest.Plugins(ws, "x86_64", Workspace.NO_PIC, Workspace.PIE, ws::cc);
    }

    static Stream<Arguments> cases() {
        return ReverseCrossVersionCatalogueTest.cases();
    }

    /** The items of the engine view of the new plugin of {@code c}. */
    Set<String> view(Case c, Reverse r) throws Exception {
        Set<String> view = new HashSet<>();
        for (Crate k : RcrateReader.open(plugins.noPicOf(c, r, "-view")).file().imports()) {
            if (k.name().equals("engine")) k.items().forEach(it -> view.add(it.path().toString()));
        }
        assertThat(view).contains("engine::Transform");
        return view;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diffAgreesWithTheReverseLink(String name, Case c, Reverse r) throws Exception {
        Path engine = ws.write("engine-" + c.slug() + ".steg", CrossVersionCatalogueTest.stegOf(c));
        CliRunner.Cli res = CliRunner.race("diff", "--json", engine.toString(), engine1.toString());
        assertThat(res.code() & 3).as("no error or usage bit: %s", res.err()).isZero();
        List<Line> lines = CrossVersionDiffTest.changes(res.out());
        boolean semverOnly = r.outcome().stream().allMatch(o -> o.contains("{S}"));
        if (!(semverOnly && c.changes().isEmpty())) {
            assertThat(lines).as("%s changes something", name).isNotEmpty();
        }
        List<String> breaking = lines.stream().filter(l -> l.verdict().startsWith("breaking")).map(Line::message).toList();
        String client = "a client of engine@" + c.version();
        boolean linkRefuses = false;
        for (String o : r.outcome()) {
            if (!o.contains("{P}")) {
                if (o.contains("{S}")) assertThat(res.out()).contains("\"semver\"");
                continue;
            }
            String text = o.substring(o.indexOf("{P}") + 3)
                    .replace("impl engine::Plugin for plugin::Physics binds", client + "'s impl of engine::Plugin binds")
                    .replace("plugin@1.0.0", client);
            if (o.startsWith("error: ")) {
                linkRefuses = true;
                assertThat(breaking).as("%s: the reverse link's error is a breaking change%n%s", name, res.out())
                        .contains(text);
            } else {
                assertThat(lines).as("%s: the reverse link's warning is breaking if a client uses it%n%s", name, res.out())
                        .anyMatch(l -> l.verdict().equals("breaking if a client uses it") && l.message().equals(text));
            }
        }
        if (name.equals(ReverseCrossVersionCatalogueTest.LAYER_CASE)) {
            // engine 1.0 lacks a whole type: the new plugin links because it asks first, so it is breaking only for a
            // client whose code does not (the link refuses that one: ReverseCrossVersionCatalogueTest)
            assertThat(lines).contains(new Line("breaking if a client uses it", "engine::Layer",
                    "has no struct engine::Layer: expected struct Layer { id: u16, depth: i64 }, found nothing"));
            assertThat(res.out()).contains("\"note\" : \"an error for a client whose code uses it without asking whether "
                    + "it exists (its type-exists marker __race_has_6engine5Layer), a warning for one that asks first\"");
        }
        if (!linkRefuses) {
            Set<String> view = view(c, r);
            assertThat(lines).as("%s: the reverse link accepts, so nothing the new plugin's view has is breaking", name)
                    .noneMatch(l -> l.verdict().equals("breaking") && view.contains(l.item()));
        }
        assertThat(res.code()).as(res.out()).isEqualTo(lines.isEmpty() ? 0 : breaking.isEmpty() ? 4 : 12);
        assertThat(res.out()).contains("\"exit\" : " + res.code());
    }
}
