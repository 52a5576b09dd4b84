package dev.race.link.api;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.layout.TargetSpec;
import dev.race.link.RacePacker;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pack API on the drift demo's engine and plugin, compiled by gcc against their generated bindings. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RacePackerTest {
    private Path dir;
    private Path drift;
    private Path engineObj;
    private Path pluginObj;

    @BeforeAll
    void compile(@TempDir Path tmp) throws Exception {
        dir = tmp;
        drift = Path.of(System.getProperty("race.repo", "..")).resolve("examples/drift").toAbsolutePath();
        if (!Files.isDirectory(drift)) {
            drift = Path.of("..").resolve("examples/drift").toAbsolutePath();
        }
        Crate engine = crate(drift.resolve("engine-1.0/engine.steg"));
        Crate plugin = StegCompiler.compile(List.of(source(drift.resolve("plugin/plugin.steg")),
                source(drift.resolve("engine-1.0/engine.steg")))).crates().get(0);
        TargetSpec x86 = TargetSpec.named("x86_64");
        Files.writeString(tmp.resolve("engine.h"), Bindgen.generate(new BindgenRequest(Lang.C, engine, List.of(), x86)));
        Files.writeString(tmp.resolve("plugin.h"),
                Bindgen.generate(new BindgenRequest(Lang.C, plugin, List.of(engine), x86)));
        engineObj = tmp.resolve("engine.o");
        pluginObj = tmp.resolve("plugin.o");
        gcc(drift.resolve("engine-1.0/engine.c"), engineObj);
        gcc(drift.resolve("plugin/plugin.c"), pluginObj);
    }

    private static Source source(Path p) throws Exception {
        return new Source(p.toString(), Files.readString(p));
    }

    private static Crate crate(Path p) throws Exception {
        return StegCompiler.compile(source(p)).crates().get(0);
    }

    private void gcc(Path c, Path o) throws Exception {
        Process p = new ProcessBuilder("gcc", "-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
                "-fno-asynchronous-unwind-tables", "-fno-builtin", "-I", dir.toString(), "-c", c.toString(), "-o",
                o.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void packsTheEngineAndThePluginAgainstTheEnginesRcrate() throws Exception {
        Path engine = dir.resolve("out/engine.rcrate");
        RacePacker.Result e = RacePacker.builder().steg(drift.resolve("engine-1.0/engine.steg")).object(engineObj)
                .output(engine).build().pack();
        assertThat(e.diagnostics()).isEmpty();
        assertThat(e.ok()).isTrue();
        assertThat(e.target()).isEqualTo(RcrateTarget.X86_64);
        assertThat(RcrateReader.open(engine).crateName()).isEqualTo("engine");

        // the import read out of the engine's .rcrate packs the same bytes as the engine's .steg
        Path viaRcrate = dir.resolve("plugin-a.rcrate");
        Path viaSteg = dir.resolve("plugin-b.rcrate");
        RacePacker.Result a = RacePacker.builder().steg(drift.resolve("plugin/plugin.steg")).importRcrate(engine)
                .object(pluginObj).output(viaRcrate).build().pack();
        RacePacker.Result b = RacePacker.builder().steg(drift.resolve("plugin/plugin.steg"))
                .importSteg(drift.resolve("engine-1.0/engine.steg")).object(pluginObj).output(viaSteg).build().pack();
        assertThat(a.errors()).isEmpty();
        assertThat(b.errors()).isEmpty();
        assertThat(Files.readAllBytes(viaRcrate)).isEqualTo(Files.readAllBytes(viaSteg));
        assertThat(a.file().imports()).extracting(Crate::name).containsExactly("engine");
    }

    @Test
    void aBadStegIsAStegDiagnosticWithItsPlaceAndNothingIsWritten() throws Exception {
        Path bad = dir.resolve("bad.steg");
        Files.writeString(bad, "crate engine 1.0.0;\npub struct Vec3 { x: f32,, }\n");
        Path out = dir.resolve("bad.rcrate");
        RacePacker.Result r = RacePacker.builder().steg(bad).object(engineObj).output(out).build().pack();
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).isNotEmpty().allMatch(d -> d.code() == DiagnosticCode.STEG);
        Diagnostic d = r.errors().get(0);
        assertThat(d.location().file()).isEqualTo(bad.toString());
        assertThat(d.location().line()).isEqualTo(2);
        assertThat(d.render()).startsWith(bad + ":2:");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingInputsAndUnknownTargetsHaveTheirCodes() {
        RacePacker.Result missing = RacePacker.builder().steg(drift.resolve("engine-1.0/engine.steg"))
                .object(dir.resolve("nope.o")).output(dir.resolve("m.rcrate")).build().pack();
        assertThat(missing.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INPUT_FILE);
        assertThat(missing.errors().get(0).message()).contains("nope.o");

        RacePacker.Result target = RacePacker.builder().steg(drift.resolve("engine-1.0/engine.steg"))
                .target("sparc").build().pack();
        assertThat(target.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.TARGET);

        RacePacker.Result none = RacePacker.builder().steg(drift.resolve("engine-1.0/engine.steg")).build().pack();
        assertThat(none.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.NO_TARGET);

        // the plugin's code uses engine::Transform, so without the engine it does not compile
        RacePacker.Result noImport = RacePacker.builder().steg(drift.resolve("plugin/plugin.steg"))
                .object(pluginObj).build().pack();
        assertThat(noImport.errors()).isNotEmpty().allMatch(d -> d.code() == DiagnosticCode.STEG);
    }
}
