package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
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
 * The drift demo for AArch64: the engines and the plugin compiled with aarch64-linux-gnu-gcc in each code model
 * gcc offers for it (its default, PIE, where markers arrive as adrp + ldr :got_lo12:; -fno-pie, adrp + add;
 * -mcmodel=tiny, adr or ldr :got: literal; -fPIC; -mcmodel=large, ABS64 literals), linked by RACE and run under
 * qemu-aarch64. Each must print exactly what the x86-64 link of the same sources prints when run natively; engine
 * 3.0 is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64DriftDemoTest {
    static final Path DRIFT = DriftDemoTest.DRIFT;
    static final List<String> BASE = List.of("-O2", "-ffreestanding", "-fno-stack-protector", "-fno-builtin",
            "-fno-asynchronous-unwind-tables");

    Workspace ws;
    String x86Engine1;
    String x86Engine2;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        // the x86-64 oracle: the same sources linked for x86-64 and run natively
        DriftBuild x86 = new DriftBuild(ws, "x86", "gcc", Workspace.NO_PIC, "x86_64");
        Path plugin = x86.plugin();
        x86Engine1 = run("x86-app-1", false, x86.engine("1.0"), plugin);
        x86Engine2 = run("x86-app-2", false, x86.engine("2.0"), plugin);
        assertThat(x86Engine1).contains("Body is 24 bytes; mass = 70, velocity = -9");
        assertThat(x86Engine2).contains("Body is 32 bytes; mass = 70, velocity = -9", "layer = 1");
    }

    private String run(String name, boolean qemu, Path... inputs) throws Exception {
        LinkResult r = ws.link(name, inputs);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = qemu ? ws.run(ws.dir.resolve(name), "qemu-aarch64") : ws.run(ws.dir.resolve(name));
        assertThat(ran.code()).as(ran.out()).isZero();
        return ran.out();
    }

    @ParameterizedTest(name = "aarch64-linux-gnu-gcc {0}")
    @ValueSource(strings = {"", "-fno-pie", "-mcmodel=tiny -fno-pie", "-mcmodel=tiny", "-fPIC",
            "-mcmodel=large -fno-pie"})
    void thePluginRunsUnderQemuWithEngine1And2AndEngine3IsRefused(String model) throws Exception {
        List<String> flags = new ArrayList<>(BASE);
        if (!model.isEmpty()) {
            flags.addAll(List.of(model.split(" ")));
        }
        String tag = "a64" + model.replace(" ", "").replace("=", "");
        DriftBuild a64 = new DriftBuild(ws, tag, AArch64Tools.GCC, flags, "aarch64");
        Path plugin = a64.plugin();
        assertThat(run(tag + "-app-1", true, a64.engine("1.0"), plugin)).isEqualTo(x86Engine1);
        assertThat(run(tag + "-app-2", true, a64.engine("2.0"), plugin)).isEqualTo(x86Engine2);
        LinkResult r = ws.link(tag + "-app-3", a64.engine("3.0"), plugin);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).contains("engine@3.0.0", "engine::Transform.scale", "i32", "f32");
        assertThat(ws.dir.resolve(tag + "-app-3")).doesNotExist();
    }
}
