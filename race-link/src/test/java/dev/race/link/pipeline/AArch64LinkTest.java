package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.OutputKind;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The x86-64 end-to-end programs built for AArch64 with aarch64-linux-gnu-gcc, in gcc's default (PIE: markers
 * arrive as adrp + ldr :got_lo12:), -fno-pie (adrp + add), -mcmodel=tiny (adr, or ldr :got: literal under PIE),
 * -fPIC and -mcmodel=large (literal pools of ABS64 words); linked by RACE and run under qemu-aarch64. Each must
 * print what the same sources print on x86-64 (the constants of {@link LinkPipelineTest}, {@link VtableLinkTest}
 * and {@link RelocatableOutputTest}, which those tests check natively).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64LinkTest {
    static final List<String> BASE = List.of("-O2", "-ffreestanding", "-fno-stack-protector", "-fno-builtin",
            "-fno-asynchronous-unwind-tables");

    Workspace ws;
    Path engineSteg;
    Path pluginSteg;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engineSteg = ws.write("engine.steg", LinkPipelineTest.ENGINE_STEG);
        pluginSteg = ws.write("plugin.steg", LinkPipelineTest.PLUGIN_STEG);
    }

    private static List<String> flags(String model) {
        List<String> f = new ArrayList<>(BASE);
        if (!model.isEmpty()) {
            f.addAll(List.of(model.split(" ")));
        }
        return f;
    }

    private static String tag(String model) {
        return "m" + model.replace(" ", "").replace("=", "").replace("-", "_");
    }

    private Path engine(String model) throws Exception {
        String t = tag(model);
        return ws.pack(t + "-engine.rcrate", engineSteg, List.of(),
                ws.cc(AArch64Tools.GCC, t + "-engine", LinkPipelineTest.ENGINE_C, flags(model)));
    }

    private Path plugin(String model) throws Exception {
        String t = tag(model);
        return ws.pack(t + "-plugin.rcrate", pluginSteg, List.of(engineSteg),
                ws.cc(AArch64Tools.GCC, t + "-plugin", LinkPipelineTest.PLUGIN_C, flags(model)));
    }

    private Workspace.Ran linkAndRun(String name, Path... inputs) throws Exception {
        LinkResult r = ws.link(name, inputs);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        assertThat(r.diagnostics()).as(rendered(r)).isEmpty();
        return ws.run(ws.dir.resolve(name), "qemu-aarch64");
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"", "-fno-pie", "-mcmodel=tiny -fno-pie", "-mcmodel=tiny", "-fPIC",
            "-mcmodel=large -fno-pie"})
    void engineAndPluginLinkAndRunUnderQemu(String model) throws Exception {
        Workspace.Ran ran = linkAndRun("app" + tag(model), engine(model), plugin(model));
        assertThat(ran.out()).isEqualTo(LinkPipelineTest.EXPECTED);
        assertThat(ran.code()).isEqualTo(3);
    }

    @Test
    void objectsOfDifferentCodeModelsLinkTogether() throws Exception {
        assertThat(linkAndRun("app-mix1", engine("-fPIC"), plugin("-mcmodel=tiny -fno-pie")).out())
                .isEqualTo(LinkPipelineTest.EXPECTED);
        assertThat(linkAndRun("app-mix2", engine("-mcmodel=tiny"), plugin("-fno-pie")).out())
                .isEqualTo(LinkPipelineTest.EXPECTED);
    }

    @Test
    void readelfAndObjdumpUnderstandTheExecutable() throws Exception {
        linkAndRun("app-tools", engine("-fno-pie"), plugin("-fno-pie"));
        Path exe = ws.dir.resolve("app-tools");
        String header = ws.exec("aarch64-linux-gnu-readelf", "-W", "-h", "-l", exe.toString());
        assertThat(header).contains("AArch64", "EXEC (Executable file)").containsPattern("LOAD .* 0x10000\\n");
        String dis = ws.exec("aarch64-linux-gnu-objdump", "-d", exe.toString());
        // the markers' adrp + add became movz + nop: no adrp is left in transform_y
        String fn = dis.substring(dis.indexOf("<transform_y>:"));
        fn = fn.substring(0, fn.indexOf("\n\n"));
        assertThat(fn).doesNotContain("adrp").contains("mov\tx").contains("nop");
    }

    @Test
    void sameBytesWhateverTheThreadCount() throws Exception {
        Path engine = engine("");
        Path plugin = plugin("");
        LinkResult a = ws.link("det-a", b -> b.threads(1), engine, plugin);
        LinkResult b2 = ws.link("det-b", b -> b.threads(2), engine, plugin);
        LinkResult c = ws.link("det-c", b -> b.threads(4), engine, plugin);
        assertThat(a.ok()).as(rendered(a)).isTrue();
        assertThat(java.nio.file.Files.readAllBytes(ws.dir.resolve("det-a")))
                .isEqualTo(java.nio.file.Files.readAllBytes(ws.dir.resolve("det-b")))
                .isEqualTo(java.nio.file.Files.readAllBytes(ws.dir.resolve("det-c")));
    }

    @Test
    void anAdrpWhoseCompletionIsNotProvenIsRefusedWithItsLocation() throws Exception {
        // hand-written: the add reads x2, not the x0 the adrp wrote, so the pair cannot be relaxed
        Path s = ws.write("unpaired.s", """
                .text
                .globl main
                main:
                    adrp x0, __race_size_6plugin4Body
                    add x1, x2, :lo12:__race_size_6plugin4Body
                    mov w0, #3
                    ret
                """);
        Path o = ws.dir.resolve("unpaired.o");
        ws.exec(AArch64Tools.GCC, "-c", s.toString(), "-o", o.toString());
        Path plugin = ws.pack("unpaired.rcrate", pluginSteg, List.of(engineSteg), o);
        LinkResult r = ws.link("app-unpaired", engine("-fno-pie"), plugin);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).isEqualTo("race: error: " + plugin + "(unpaired.o):.text+0x0: "
                + "R_AARCH64_ADR_PREL_PG_HI21 against __race_size_6plugin4Body carries a layout constant but RACE "
                + "could not prove which instruction completes this adrp: no add or ldr :got_lo12: of the same "
                + "symbol and addend reads its register after it\n");
        assertThat(ws.dir.resolve("app-unpaired")).doesNotExist();
    }

    @ParameterizedTest(name = "vtable, aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"-fno-pie", "", "-fPIC"})
    void theEngineCallsThePluginThroughAVtableWithADefaultSlot(String model) throws Exception {
        Path es = ws.write("vt-engine.steg", VtableLinkTest.ENGINE_STEG);
        Path ps = ws.write("vt-plugin.steg", VtableLinkTest.PLUGIN_STEG);
        String t = "vt" + tag(model);
        Path engine = ws.pack(t + "-engine.rcrate", es, List.of(),
                ws.cc(AArch64Tools.GCC, t + "-engine", VtableLinkTest.ENGINE_C, flags(model)));
        Path plugin = ws.pack(t + "-plugin.rcrate", ps, List.of(es),
                ws.cc(AArch64Tools.GCC, t + "-plugin", VtableLinkTest.PLUGIN_C, flags(model)));
        LinkResult r = ws.link(t, engine, plugin);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        Workspace.Ran ran = ws.run(ws.dir.resolve(t), "qemu-aarch64");
        // the x86-64 test's expected output: name, build(5), priority from the default body, size, align
        assertThat(ran.out()).isEqualTo("7\n35\n70\n16\n8\n");
        String dis = ws.exec("aarch64-linux-gnu-objdump", "-d", ws.dir.resolve(t).toString());
        assertThat(dis).containsPattern("\tb\t[0-9a-f]+ <engine_default_priority>");
    }

    @ParameterizedTest(name = "--emit relocatable, aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"", "-fno-pie", "-fPIC"})
    void aRelocatableOutputIsFinishedByGccAndRunsUnderQemu(String model) throws Exception {
        Path es = ws.write("rel-engine.steg", RelocatableOutputTest.ENGINE_STEG);
        Path ps = ws.write("rel-plugin.steg", RelocatableOutputTest.PLUGIN_STEG);
        String t = "rel" + tag(model);
        List<String> f = new ArrayList<>(List.of("-O2"));
        if (!model.isEmpty()) {
            f.add(model);
        }
        Path engine = ws.pack(t + "-engine.rcrate", es, List.of(),
                ws.cc(AArch64Tools.GCC, t + "-engine", RelocatableOutputTest.ENGINE_C, f));
        Path plugin = ws.pack(t + "-plugin.rcrate", ps, List.of(es),
                ws.cc(AArch64Tools.GCC, t + "-plugin", RelocatableOutputTest.PLUGIN_C, f));
        LinkResult r = ws.link(t + ".o", b -> b.outputKind(OutputKind.RELOCATABLE), engine, plugin);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        String header = ws.exec("aarch64-linux-gnu-readelf", "-h", ws.dir.resolve(t + ".o").toString());
        assertThat(header).contains("REL (Relocatable file)", "AArch64");
        ws.exec(AArch64Tools.GCC, "-static", ws.dir.resolve(t + ".o").toString(), "-o", ws.dir.resolve(t).toString());
        Workspace.Ran ran = ws.run(ws.dir.resolve(t), "qemu-aarch64");
        assertThat(ran.code()).isZero();
        assertThat(ran.out()).isEqualTo(RelocatableOutputTest.EXPECTED);
    }
}
