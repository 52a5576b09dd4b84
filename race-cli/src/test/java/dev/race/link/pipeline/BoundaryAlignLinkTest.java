package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.format.elf.ElfObject;
import dev.race.format.pack.PackBeforeTheRule;
import dev.race.format.pack.PackResult;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.link.LinkResult;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
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
 * Issue 10's silent cases of resilient types by value and of alignment, end to end on x86-64 and under qemu-aarch64
 * (docs/contracts.md, "Resilient types cross calls behind pointers" and "Alignment"). A plugin compiled once against
 * engine 1.0's generated bindings passes a {@code T} behind a pointer, allocates a {@code Buf}, reaches a
 * {@code Handle} only through a pointer and writes {@code Rec.v} in place:
 * <ul>
 *   <li>{@code #[repr(align(64))]} on the {@code Handle} it never sizes links and runs right; on the {@code Buf} it
 *       allocates in 8-aligned storage it is refused (TYPE_ALIGN_RAISED); {@code #[repr(packed)]} on {@code Rec},
 *       whose {@code v} it loads with an aligned access, is refused (FIELD_ALIGN_LOWERED);</li>
 *   <li>{@code pub fn take(t: T) -> i32} with a resilient 8-byte {@code T} is refused by {@code race pack} (the
 *       engine, and a plugin packed against it), and freezing {@code T} makes it packable;</li>
 *   <li>the .rcrates an older toolchain packed without the rule (the plugin calling {@code take} by value, engine
 *       2.0 whose {@code T} is 40 bytes) are refused by the link, naming the engine's declaration and the plugin's
 *       view with its call site, and nothing is written.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundaryAlignLinkTest {
    static final Path DIR = DriftDemoTest.repo().resolve("race-link/src/test/resources/boundaries");
    static final String RUNS = "take 42\nbuf 42\nhandle 702\nrec 42\n";
    static final String BY_VALUE_PHRASE = "passes a resilient type by value in parameter t of engine::take: expected "
            + "&engine::T (or engine::T #[frozen]), found engine::T by value";

    Workspace ws;
    String engine1;
    final Map<String, Path> plugins = new HashMap<>();

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        engine1 = Files.readString(DIR.resolve("engine.steg"));
        for (String target : List.of("x86_64", "aarch64")) {
            Path o = plugin(target, "plugin", engine1);
            plugins.put(target, ws.pack(target + "-plugin.rcrate", DIR.resolve("plugin.steg"),
                    List.of(DIR.resolve("engine.steg")), o));
        }
    }

    private DriftBuild build(String target, String tag, String... defines) {
        List<String> flags = new ArrayList<>(List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
                "-fno-stack-protector", "-fno-builtin", "-fno-asynchronous-unwind-tables"));
        for (String d : defines) flags.add("-D" + d);
        return new DriftBuild(ws, target + "-" + tag, target.equals("aarch64") ? AArch64Tools.GCC : "gcc", flags, target);
    }

    /** plugin.c compiled against the bindings of plugin.steg and of {@code engineText}. */
    private Path plugin(String target, String tag, String engineText, String... defines) throws Exception {
        Path inc = ws.dir.resolve(target + "-" + tag + "-include");
        Source engine = new Source("engine.steg", engineText);
        DriftBuild.bindings(Lang.C, inc, target, engine);
        DriftBuild.bindings(Lang.C, inc, target, DriftBuild.source(DIR.resolve("plugin.steg")), engine);
        return build(target, tag, defines).compile(DIR.resolve("plugin.c"), "plugin", inc);
    }

    /** Engine 1.0's .steg with each (from, to) replaced, written as {@code <target>-<tag>/engine.steg}. */
    private Path engineSteg(String target, String tag, String... fromTo) throws Exception {
        String text = engine1;
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return ws.write(target + "-" + tag + "/engine.steg", text);
    }

    /** engine.c compiled with {@code defines} against the bindings of {@code steg}. */
    private Path engineObject(String target, String tag, Path steg, String... defines) throws Exception {
        DriftBuild.bindings(Lang.C, steg.getParent(), target, DriftBuild.source(steg));
        return build(target, tag, defines).compile(DIR.resolve("engine.c"), "engine", steg.getParent(),
                DriftDemoTest.DRIFT);
    }

    static Stream<Arguments> alignment() {
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            out.add(Arguments.of(target, "unchanged", "pub struct T", "pub struct T", null));
            out.add(Arguments.of(target, "align(64) on a type reached only through a pointer", "pub struct Handle",
                    "#[repr(align(64))]\npub struct Handle", null));
            out.add(Arguments.of(target, "align(64) on a type the plugin allocates", "pub struct Buf",
                    "#[repr(align(64))]\npub struct Buf",
                    "raised the alignment of engine::Buf, which plugin@1.0.0 allocates: expected align 8, found align 64"));
            out.add(Arguments.of(target, "packed under a used field", "pub struct Rec", "#[repr(packed)]\npub struct Rec",
                    "lowered the alignment of field engine::Rec.v: expected align 4, found align 1"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("alignment")
    void alignmentRaisedUnderAnAllocationOrLoweredUnderAUsedFieldIsRefused(String target, String name, String from,
                                                                          String to, String refused) throws Exception {
        String tag = name.replaceAll("[^a-z0-9]+", "-");
        Path steg = engineSteg(target, tag, "crate engine 1.0.0;", "crate engine 1.1.0;", from, to);
        Path o = engineObject(target, tag, steg);
        Path engine = ws.pack(target + "-" + tag + "-engine.rcrate", steg, List.of(), o);
        String program = target + "-" + tag + "-app";
        LinkResult r = ws.link(program, engine, plugins.get(target));
        if (refused == null) {
            assertThat(r.errors()).as(rendered(r)).isEmpty();
            Workspace.Ran ran = build(target, tag).run(program);
            assertThat(ran.code()).as(ran.out()).isZero();
            assertThat(ran.out()).isEqualTo(RUNS);
        } else {
            assertThat(r.ok()).isFalse();
            assertThat(r.errors()).hasSize(1);
            assertThat(r.errors().get(0).message()).isEqualTo("plugin@1.0.0 (" + plugins.get(target) + ") imports "
                    + "engine@1.0.0 but engine@1.1.0 (" + engine + ") " + refused);
            assertThat(rendered(r)).contains("used at " + target + "-plugin-plugin.o:");
            assertThat(ws.dir.resolve(program)).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void packRefusesAResilientTypeByValueAndAcceptsItFrozen(String target) throws Exception {
        Path steg = engineSteg(target, "by-value", "take(t: &T)", "take(t: T)");
        Path o = engineObject(target, "by-value", steg, "BY_VALUE");
        Path out = ws.dir.resolve(target + "-by-value-engine.rcrate");
        CliRunner.Cli r = CliRunner.race("pack", "--steg", steg.toString(), "-o", out.toString(), o.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("race: error: crate engine 1.0.0: " + BY_VALUE_PHRASE + "; a type that is not "
                + "#[frozen] may change its size and alignment between versions")
                .contains("take &engine::T (or &mut, Box<..>, a raw pointer) or mark engine::T #[frozen]")
                .endsWith("race: 1 error; nothing written\n");
        assertThat(out).doesNotExist();

        // a plugin packed against that engine's .steg is refused too: its view of take passes T by value
        Path p = plugin(target, "by-value-plugin", Files.readString(steg), "BY_VALUE");
        Path pout = ws.dir.resolve(target + "-by-value-plugin.rcrate");
        CliRunner.Cli pr = CliRunner.race("pack", "--steg", DIR.resolve("plugin.steg").toString(), "--import",
                steg.toString(), "-o", pout.toString(), p.toString());
        assertThat(pr.code()).as(pr.err()).isEqualTo(1);
        assertThat(pr.err()).startsWith("race: error: crate plugin 1.0.0: the view of engine 1.0.0 it uses "
                + BY_VALUE_PHRASE + ";");
        assertThat(pout).doesNotExist();

        // frozen, T's layout is promised and it may cross by value
        Path frozen = engineSteg(target, "by-value-frozen", "take(t: &T)", "take(t: T)", "pub struct T",
                "#[repr(C)] #[frozen]\npub struct T");
        Path fo = engineObject(target, "by-value-frozen", frozen, "FROZEN");
        ws.pack(target + "-by-value-frozen-engine.rcrate", frozen, List.of(), fo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void theLinkRefusesRcratesPackedBeforeTheRule(String target) throws Exception {
        Path steg1 = engineSteg(target, "old-1.0", "take(t: &T)", "take(t: T)");
        Path steg2 = engineSteg(target, "old-2.0", "crate engine 1.0.0;", "crate engine 2.0.0;", "take(t: &T)", "take(t: T)",
                "pub struct T { pub a: i32, pub b: i32 }", "pub struct T { pub a: i32, pub b: i32, pub extra: [i64; 4] }");
        Path engine2 = oldPack(target, target + "-old-engine-2.0.rcrate", steg2, null,
                engineObject(target, "old-2.0", steg2, "BY_VALUE", "GROWN"));
        Path plugin = oldPack(target, target + "-old-plugin.rcrate", DIR.resolve("plugin.steg"), steg1,
                plugin(target, "old-plugin", Files.readString(steg1), "BY_VALUE"));

        String program = target + "-old-app";
        LinkResult r = ws.link(program, engine2, plugin);
        assertThat(r.ok()).isFalse();
        List<String> messages = r.errors().stream().map(d -> d.message()).toList();
        assertThat(messages).contains(
                "engine@2.0.0 (" + engine2 + ") " + BY_VALUE_PHRASE,
                "plugin@1.0.0 (" + plugin + ") imports engine@1.0.0, which " + BY_VALUE_PHRASE);
        assertThat(rendered(r)).contains("used at " + target + "-old-plugin-plugin.o:")
                .contains("(in plugin_main)")
                .contains("take &engine::T (or &mut, Box<..>, a raw pointer) or mark engine::T #[frozen]");
        assertThat(ws.dir.resolve(program)).doesNotExist();

        // through the CLI: exit status 1, no file
        Path out = ws.dir.resolve(program + "-cli");
        CliRunner.Cli cli = CliRunner.race("link", "-o", out.toString(), engine2.toString(), plugin.toString());
        assertThat(cli.code()).isEqualTo(1);
        assertThat(cli.err()).contains("race: error: plugin@1.0.0 (" + plugin + ") imports "
                + "engine@1.0.0, which " + BY_VALUE_PHRASE);
        assertThat(out).doesNotExist();
    }

    /** Packs as an older toolchain did, without the by-value rule, and writes the .rcrate. */
    private Path oldPack(String target, String name, Path steg, Path importSteg, Path object) throws Exception {
        List<Source> sources = new ArrayList<>(List.of(DriftBuild.source(steg)));
        if (importSteg != null) sources.add(DriftBuild.source(importSteg));
        CompileResult c = StegCompiler.compile(sources);
        assertThat(c.hasErrors()).as("%s", c.diagnostics()).isFalse();
        List<Crate> crates = c.crates();
        ElfObject obj = ElfObject.read(object.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(object)));
        PackResult r = PackBeforeTheRule.pack(crates.get(0), crates.subList(1, crates.size()),
                RcrateTarget.byName(target), List.of(obj));
        assertThat(r.errors()).isEmpty();
        Path out = ws.dir.resolve(name);
        RcrateWriter.writeAtomically(out, r.file());
        return out;
    }
}
