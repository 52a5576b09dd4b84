package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EnumBindingsTest's plugin in Rust (src/test/resources/bindings/rust-enums/lib.rs): compiled once against engine
 * 1.0's resilient {@code #[non_exhaustive] enum Event} through the generated Rust bindings, at opt-level 0
 * (static) and 3 (pic), for x86-64 and AArch64; it reads and writes Event tags with {@code variant()} and
 * {@code set_variant()}. Linked with the engine after every change the contract accepts (EnumBindingsTest's list),
 * it must print exactly what the C plugin prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustEnumBindingsLinkTest {
    static final Path DIR = EnumBindingsTest.DIR;
    /** (opt-level, relocation model) of the plugin builds. */
    static final List<String[]> BUILDS = List.of(new String[]{"0", "static"}, new String[]{"3", "pic"});

    Workspace ws;
    String engine1;
    /** target -> the packed plugin of each build. */
    final Map<String, List<Path>> plugins = new HashMap<>();

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engine1 = Files.readString(DIR.resolve("engine.steg"));
        for (String target : List.of("x86_64", "aarch64")) {
            boolean a64 = target.equals("aarch64");
            List<Path> packed = new ArrayList<>();
            for (String[] b : BUILDS) {
                Path dir = tmp.resolve(target + "-rust-O" + b[0] + "-" + b[1]);
                Source engine = new Source("engine.steg", engine1);
                DriftBuild.bindings(Lang.RUST, dir, target, engine);
                DriftBuild.bindings(Lang.RUST, dir, target, DriftBuild.source(DIR.resolve("plugin.steg")), engine);
                try (InputStream in = getClass().getResourceAsStream("/bindings/rust-enums/lib.rs")) {
                    assertThat(in).as("test resource bindings/rust-enums/lib.rs").isNotNull();
                    Files.write(dir.resolve("lib.rs"), in.readAllBytes());
                }
                Path obj = dir.resolve("plugin.o");
                RustBindingsLinkTest.compileRust(ws, target, b[0], b[1], dir.resolve("lib.rs"), obj);
                packed.add(ws.pack(dir.getFileName() + ".rcrate", DIR.resolve("plugin.steg"),
                        List.of(DIR.resolve("engine.steg")), obj));
            }
            plugins.put(target, packed);
        }
    }

    private DriftBuild cBuild(String target, String tag, String define) {
        List<String> flags = new ArrayList<>(List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror",
                "-ffreestanding", "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables"));
        if (!define.isEmpty()) flags.add("-D" + define);
        if (!target.equals("aarch64")) flags.add(RustBindingsLinkTest.REALIGN);
        return new DriftBuild(ws, target + "-" + tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc", flags,
                target);
    }

    /** Engine 1.0 with one change, as version 1.1.0, compiled (C, with {@code define}) against its own bindings. */
    private Path engine(String target, String name, String from, String to, String define) throws Exception {
        assertThat(engine1).contains(from);
        String text = engine1.replace("crate engine 1.0.0;", "crate engine 1.1.0;").replace(from, to);
        Path steg = ws.write(target + "-" + name + "/engine.steg", text);
        DriftBuild.bindings(Lang.C, steg.getParent(), target, new Source(steg.toString(), text));
        Path o = cBuild(target, name, define).compile(DIR.resolve("engine.c"), "engine", steg.getParent(),
                DriftDemoTest.DRIFT);
        return ws.pack(target + "-" + name + "-engine.rcrate", steg, List.of(), o);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dev.race.link.pipeline.EnumBindingsTest#accepted")
    void theRustPluginReadsAndWritesTagsRightUnderTheNewEngine(String target, String name, String from, String to,
                                                              String define, String fifth) throws Exception {
        String tag = name.replaceAll("[^a-z]+", "-");
        Path engine = engine(target, tag, from, to, define);
        List<Path> builds = plugins.get(target);
        for (int i = 0; i < builds.size(); i++) {
            String program = target + "-" + tag + "-rust-app-" + i;
            LinkResult r = ws.link(program, engine, builds.get(i));
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = cBuild(target, tag, "").run(program);
            assertThat(ran.code()).as(ran.out()).isZero();
            assertThat(ran.out()).as("plugin built at opt-level=%s relocation-model=%s", BUILDS.get(i)[0],
                    BUILDS.get(i)[1]).isEqualTo(EnumBindingsTest.READS.formatted(fifth));
        }
    }
}
