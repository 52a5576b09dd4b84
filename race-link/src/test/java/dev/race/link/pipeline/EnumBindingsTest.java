package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enum tags through the generated bindings, across versions (issue 9): a plugin compiled once against engine 1.0's
 * resilient {@code #[non_exhaustive] enum Event} reads the tags of events the engine makes and writes tags the
 * engine reads. For every change the contract accepts — a unit, tuple or struct variant added, a variant added in
 * front (every tag value moves), a payload type grown — it is linked with the new engine (compiled against its own
 * version's bindings) and must print what the program computes by hand, on x86-64 and under qemu-aarch64. A change
 * that would alter what the old code reads (a {@code #[repr(u8)]} shrinking the tag, a payload's type changed) is
 * refused with a message naming the enum and a site in the plugin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnumBindingsTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/enums");
    static final String READS = """
            plugin reads: tick
            plugin reads: key 7
            plugin reads: move 3,-4
            plugin reads: circle 9
            plugin reads: %s
            engine reads: tick
            engine reads: key 42
            engine reads: move 5,6
            engine reads: circle 11
            """;
    static final String UNKNOWN = "a variant this plugin does not know";

    Workspace ws;
    String engine1;
    final Map<String, Path> plugins = new HashMap<>();

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engine1 = Files.readString(DIR.resolve("engine.steg"));
        for (String target : List.of("x86_64", "aarch64")) {
            DriftBuild b = build(target, "plugin");
            Path inc = tmp.resolve(target + "-plugin-include");
            Source engine = new Source("engine.steg", engine1);
            Source plugin = DriftBuild.source(DIR.resolve("plugin.steg"));
            DriftBuild.bindings(Lang.C, inc, target, engine);
            DriftBuild.bindings(Lang.C, inc, target, plugin, engine);
            Path o = b.compile(DIR.resolve("plugin.c"), "plugin", inc);
            plugins.put(target, ws.pack(target + "-plugin.rcrate", DIR.resolve("plugin.steg"),
                    List.of(DIR.resolve("engine.steg")), o));
        }
    }

    private DriftBuild build(String target, String tag) {
        return new DriftBuild(ws, target + "-" + tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc",
                List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-stack-protector",
                        "-fno-builtin", "-fno-asynchronous-unwind-tables"), target);
    }

    /** Engine 1.0 with one change, as version 1.1.0, compiled with {@code define} against its own bindings. */
    private Path engine(String target, String name, String from, String to, String define) throws Exception {
        assertThat(engine1).contains(from);
        String text = engine1.replace("crate engine 1.0.0;", "crate engine 1.1.0;").replace(from, to);
        Path steg = ws.write(target + "-" + name + "/engine.steg", text);
        Path inc = steg.getParent();
        DriftBuild.bindings(Lang.C, inc, target, new Source(steg.toString(), text));
        DriftBuild b = new DriftBuild(ws, target + "-" + name, build(target, name).compiler,
                define.isEmpty() ? build(target, name).flags : with(build(target, name).flags, "-D" + define), target);
        Path o = b.compile(DIR.resolve("engine.c"), "engine", inc, DriftDemoTest.DRIFT);
        return ws.pack(target + "-" + name + "-engine.rcrate", steg, List.of(), o);
    }

    private static List<String> with(List<String> flags, String extra) {
        List<String> out = new ArrayList<>(flags);
        out.add(extra);
        return out;
    }

    // every change keeps Event's alignment (4): the plugin allocates Events, and an alignment raised under an
    // allocation is refused (docs/contracts.md, "Alignment")
    static Stream<Arguments> accepted() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            out.add(Arguments.of(target, "unchanged", "crate engine", "crate engine", "", "tick"));
            out.add(Arguments.of(target, "unit variant added", "Circle(Params) }", "Circle(Params), Quit }",
                    "ADDED_UNIT", UNKNOWN));
            out.add(Arguments.of(target, "tuple variant added", "Circle(Params) }", "Circle(Params), Wheel(i32, i32) }",
                    "ADDED_TUPLE", UNKNOWN));
            out.add(Arguments.of(target, "struct variant added", "Circle(Params) }",
                    "Circle(Params), Drag { x: i32, y: i32, button: u8 } }", "ADDED_STRUCT", UNKNOWN));
            out.add(Arguments.of(target, "variant added in front: every tag moves", "pub enum Event { Tick",
                    "pub enum Event { Idle, Tick", "ADDED_FRONT", UNKNOWN));
            out.add(Arguments.of(target, "payload grown", "pub struct Params { pub r: i32 }",
                    "pub struct Params { pub extra: i32, pub r: i32 }", "GROWN", "tick"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("accepted")
    void theOldPluginReadsAndWritesTagsRightUnderTheNewEngine(String target, String name, String from, String to,
                                                             String define, String fifth) throws Exception {
        String tag = name.replaceAll("[^a-z]+", "-");
        Path engine = engine(target, tag, from, to, define);
        String program = target + "-" + tag + "-app";
        LinkResult r = ws.link(program, engine, plugins.get(target));
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = build(target, tag).run(program);
        assertThat(ran.code()).as(ran.out()).isZero();
        assertThat(ran.out()).isEqualTo(READS.formatted(fifth));
    }

    static Stream<Arguments> refused() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            out.add(Arguments.of(target, "a repr shrinks the tag", "#[non_exhaustive]\npub enum Event",
                    "#[non_exhaustive] #[repr(u8)]\npub enum Event",
                    "changed where enum engine::Event keeps its tag: expected a 4-byte tag at offset 0, found a "
                            + "1-byte tag at offset 0"));
            out.add(Arguments.of(target, "a payload's type changed", "Key(u32)", "Key(u64)",
                    "changed variant engine::Event::Key: expected Key(u32), found Key(u64)"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void aChangeThatAltersWhatOldCodeReadsIsRefusedWithASite(String target, String name, String from, String to,
                                                            String message) throws Exception {
        String tag = name.replaceAll("[^a-z]+", "-");
        Path engine = engine(target, tag, from, to, "");
        String program = target + "-" + tag + "-app";
        LinkResult r = ws.link(program, engine, plugins.get(target));
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).contains("plugin@1.0.0", "engine@1.1.0", message, "used at " + target + "-plugin-plugin.o:");
        assertThat(ws.dir.resolve(program)).doesNotExist();
    }
}
