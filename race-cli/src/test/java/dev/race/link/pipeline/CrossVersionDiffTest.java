package dev.race.link.pipeline;

import dev.race.format.rcrate.RcrateReader;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code race diff engine-1.0.steg ENGINE.steg} (the command line, --json) over every case of the linked and run
 * catalogue, {@link CrossVersionCatalogueTest}, whose outcomes are the link's: each error the link gives the plugin
 * is a breaking change with the same text and sets bit 4 of the exit status; each warning about a removed field is a
 * "breaking if a client uses it" change; a case the link accepts has no "breaking" change on an item of the plugin's
 * view; a case with only compatible changes exits 4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossVersionDiffTest {
    Workspace ws;
    java.nio.file.Path engine1;
    final Set<String> view = new HashSet<>();

    @BeforeAll
    void build(@TempDir java.nio.file.Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engine1 = ws.write("engine-1.0.steg", CrossVersionCatalogueTest.ENGINE_1);
        java.nio.file.Path pluginSteg = ws.write("plugin.steg", CrossVersionCatalogueTest.PLUGIN_STEG);
        java.nio.file.Path include = CrossVersionCatalogueTest.pluginInclude(ws, "x86_64");
        java.nio.file.Path plugin = ws.pack("plugin.rcrate", pluginSteg, List.of(engine1), ws.cc("plugin",
                CrossVersionCatalogueTest.resource("plugin.c"),
                CrossVersionCatalogueTest.withHeaders(Workspace.NO_PIC, include)));
        for (Crate c : RcrateReader.open(plugin).file().imports()) {
            if (c.name().equals("engine")) c.items().forEach(it -> view.add(it.path().toString()));
        }
        assertThat(view).isNotEmpty();
    }

    static Stream<Arguments> cases() {
        return Stream.concat(CrossVersionCatalogueTest.compatibleCases(), CrossVersionCatalogueTest.breakingCases());
    }

    record Line(String verdict, String item, String message) {
    }

    /** The changes of a --json report (verdict, item, message), read with a regex over the fixed field order. */
    static List<Line> changes(String json) {
        List<Line> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"verdict\" : \"([^\"]*)\",.*?\"item\" : \"([^\"]*)\",.*?\"message\" : \"((?:[^\"\\\\]|\\\\.)*)\"",
                Pattern.DOTALL).matcher(json);
        while (m.find()) out.add(new Line(m.group(1), m.group(2), m.group(3).replace("\\\"", "\"")));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diffAgreesWithTheLinkedCatalogue(String name, CrossVersionCatalogueTest.Case c) throws Exception {
        java.nio.file.Path engine = ws.write("engine-" + c.slug() + ".steg", CrossVersionCatalogueTest.stegOf(c));
        CliRunner.Cli r = CliRunner.race("diff", "--json", engine1.toString(), engine.toString());
        assertThat(r.code() & 3).as("no error or usage bit: %s", r.err()).isZero();
        List<Line> lines = changes(r.out());
        boolean semverOnly = c.outcome().stream().allMatch(o -> o.contains("{S}"));
        if (!(semverOnly && c.changes().isEmpty())) {
            assertThat(lines).as("%s changes something", name).isNotEmpty();
        }
        List<String> breaking = lines.stream().filter(l -> l.verdict().startsWith("breaking")).map(Line::message).toList();
        boolean linkRefuses = false;
        for (String o : c.outcome()) {
            if (!o.contains("{P}")) {
                if (o.contains("{S}")) assertThat(r.out()).contains("\"semver\"");
                continue;
            }
            String text = o.substring(o.indexOf("{P}") + 3)
                    .replace("impl engine::Plugin for plugin::Physics binds", "a client of engine@1.0.0's impl of engine::Plugin binds")
                    .replace("plugin@1.0.0", "a client of engine@1.0.0");
            if (o.startsWith("error: ")) {
                linkRefuses = true;
                assertThat(breaking).as("%s: the link's error is a breaking change", name).contains(text);
            } else {
                assertThat(lines).as("%s: the link's warning is breaking if a client uses it", name)
                        .contains(new Line("breaking if a client uses it", lines.stream().filter(l -> l.message().equals(text))
                                .map(Line::item).findFirst().orElse("?"), text));
            }
        }
        if (!linkRefuses) {
            assertThat(lines).as("%s: the link accepts, so nothing the plugin's view has is breaking", name)
                    .noneMatch(l -> l.verdict().equals("breaking") && view.contains(l.item()));
        }
        boolean anyBreaking = !breaking.isEmpty();
        assertThat(r.code()).as(r.out()).isEqualTo(lines.isEmpty() ? 0 : anyBreaking ? 12 : 4);
        assertThat(r.out()).contains("\"exit\" : " + r.code());
        assertThat(Path.parse("engine::Transform").toString()).isIn(view);
    }
}
