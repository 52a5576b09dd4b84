package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A build tool maps a contract refusal to its own model (the crate to rebuild, the item that drifted) from
 * {@link Diagnostic#contract()}, not from the text. On the drift demo built with gcc: the plugin built against
 * engine 1.0 linked with engine 3.0, whose {@code Transform.scale} changed type, and the plugin linked alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractFactsTest {
    private Workspace ws;
    private Path engine3;
    private Path plugin;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        DriftBuild b = new DriftBuild(ws, "facts", "gcc", Workspace.NO_PIC, "x86_64");
        engine3 = b.engine("3.0");
        plugin = b.plugin();
    }

    @Test
    void aFieldTypeChangeCarriesItsFacts() {
        LinkResult r = ws.link("app-3", engine3, plugin);
        assertThat(r.ok()).isFalse();
        List<Diagnostic> contract = r.errors().stream().filter(d -> d.code() == DiagnosticCode.CONTRACT).toList();
        assertThat(contract).as(rendered(r)).isNotEmpty();
        Diagnostic d = contract.stream().filter(x -> x.contract() != null && x.contract().member().equals("scale"))
                .findFirst().orElseThrow(() -> new AssertionError("no facts for Transform.scale in\n" + rendered(r)));
        Diagnostic.Contract c = d.contract();
        assertThat(c.crate()).isEqualTo("plugin@1.0.0");
        assertThat(c.file()).isEqualTo(plugin.toString());
        assertThat(c.exporter()).isEqualTo("engine@3.0.0");
        assertThat(c.exporterFile()).isEqualTo(engine3.toString());
        assertThat(c.item()).isEqualTo("engine::Transform");
        assertThat(c.expected()).contains("i32").doesNotContain("f32");
        assertThat(c.found()).contains("f32");
        assertThat(c.sites()).isNotEmpty().anyMatch(s -> s.contains("(in plugin_main)"));
        // the same facts as the text: a tool may show either
        assertThat(d.details()).contains("expected: " + c.expected(), "found: " + c.found());
        c.sites().forEach(s -> assertThat(d.details()).contains("used at " + s));
        assertThat(d.message()).contains(c.crate(), c.exporter(), c.item() + "." + c.member());
        // every contract error of this refusal is mapped
        assertThat(contract).allSatisfy(x -> assertThat(x.contract()).as(x.render()).isNotNull());
    }

    @Test
    void aMissingCrateNamesWhatIsMissing() {
        LinkResult r = ws.link("alone", plugin);
        Diagnostic d = r.errors().stream().filter(x -> x.code() == DiagnosticCode.MISSING_CRATE).findFirst()
                .orElseThrow(() -> new AssertionError(rendered(r)));
        Diagnostic.Contract c = d.contract();
        assertThat(c).as(d.render()).isNotNull();
        assertThat(c.crate()).isEqualTo("plugin@1.0.0");
        assertThat(c.exporter()).isNull();
        assertThat(c.exporterFile()).isNull();
        assertThat(c.item()).isEqualTo("engine");
        assertThat(c.expected()).isEqualTo("an input whose crate is engine");
        assertThat(c.sites()).isNotEmpty();
        c.sites().forEach(s -> assertThat(d.details()).contains("used at " + s));
    }
}
