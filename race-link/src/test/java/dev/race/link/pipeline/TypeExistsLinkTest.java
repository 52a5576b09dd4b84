package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Type-exists across versions (docs/markers.md, "Optional features"): engine 1.1 adds a whole resilient enum,
 * {@code engine::Mode}; a plugin built against 1.1 keeps one in its own storage through the generated accessors
 * (size, tag and offset markers of Mode) behind {@code engine_Mode_exists()} (marker {@code __race_has_6engine4Mode}).
 * With 1.1 it takes the branch and reads back what it wrote; with 1.0, which has no Mode, the link warns and the
 * plugin takes its fallback, where it prints the answers the link gave Mode's size and tag markers: the poison value
 * {@code 0x7FFF0000}. The same plugin without the guard is refused by engine 1.0, naming the type and the code. On
 * x86-64 and under qemu-aarch64.
 */
class TypeExistsLinkTest {
    static final String ENGINE_1 = """
            crate engine 1.0.0;
            pub struct Transform { pub scale: i32 }
            pub fn print_num(v: i64) effects(io);
            pub fn print_str(s: *const u8) effects(io);
            """;
    static final String ENGINE_1_1 = ENGINE_1.replace("1.0.0", "1.1.0")
            .replace("pub struct Transform", "pub enum Mode { Fast, Slow(i32) }\npub struct Transform");
    static final String PLUGIN_STEG = """
            crate plugin 1.0.0;
            pub fn main() -> i32 effects(io);
            """;
    static final String PLUGIN_C = """
            #include "engine.h"
            #include "plugin.h"
            static uint32_t buf[16]; /* a resilient enum of at most 64 bytes, 4-aligned */
            static void say(const char *s, int64_t v) { print_str((const uint8_t *)s); print_num(v); }
            int main(void) {
            #ifdef UNGUARDED
                if (engine_Mode_size() <= sizeof buf) {
            #else
                if (engine_Mode_exists() && engine_Mode_size() <= sizeof buf) {
            #endif
                    engine_Mode_set_variant(buf, engine_Mode_Slow);
                    *engine_Mode_Slow_0(buf) = 5;
                    say("plugin: Slow? ", engine_Mode_variant(buf) == engine_Mode_Slow);
                    say("plugin: Slow.0 ", *engine_Mode_Slow_0(buf));
                } else {
                    print_str((const uint8_t *)"plugin: this engine has no Mode\\n");
                    say("plugin: Mode size ", (int64_t)engine_Mode_size());
                    engine_Mode_set_variant(buf, engine_Mode_Slow);
                    say("plugin: Slow tag ", buf[0]); /* a resilient enum keeps its 4-byte tag at 0 */
                }
                return 0;
            }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void aWholeNewTypeLinksBehindItsTypeGuard(String target, @TempDir Path tmp) throws Exception {
        boolean arm = target.equals("aarch64");
        if (arm) {
            AArch64Tools.require();
        }
        Workspace ws = new Workspace(tmp);
        String gcc = arm ? AArch64Tools.GCC : "gcc";
        List<String> flags = new ArrayList<>(arm ? AArch64CrossVersionCatalogueTest.BASE : Workspace.NO_PIC);
        if (arm) {
            flags.add("-fno-pie");
        }
        Path runtime = ws.cc(gcc, "runtime", Workspace.RUNTIME_C, flags);
        Path steg1 = ws.write("engine-1.0.steg", ENGINE_1);
        Path steg11 = ws.write("engine-1.1.steg", ENGINE_1_1);
        Path engine1 = ws.pack("engine-1.0.rcrate", steg1, List.of(), runtime);
        Path engine11 = ws.pack("engine-1.1.rcrate", steg11, List.of(), runtime);
        Path include = tmp.resolve("include");
        CrossVersionCatalogueTest.header(include, target, ENGINE_1_1);
        CrossVersionCatalogueTest.header(include, target, PLUGIN_STEG, ENGINE_1_1);
        Path pluginSteg = ws.write("plugin.steg", PLUGIN_STEG);
        List<String> f = CrossVersionCatalogueTest.withHeaders(flags, include);
        Path guarded = ws.pack("guarded.rcrate", pluginSteg, List.of(steg11), ws.cc(gcc, "guarded", PLUGIN_C, f));
        List<String> fu = new ArrayList<>(f);
        fu.add("-DUNGUARDED");
        Path unguarded = ws.pack("unguarded.rcrate", pluginSteg, List.of(steg11), ws.cc(gcc, "unguarded", PLUGIN_C, fu));
        String[] qemu = arm ? new String[]{"qemu-aarch64"} : new String[0];

        // the engine the plugin was built against: Mode exists, the guard answers 1
        LinkResult with11 = ws.link("app-1.1", engine11, guarded);
        assertThat(with11.diagnostics()).as(rendered(with11)).isEmpty();
        Workspace.Ran ran11 = ws.run(tmp.resolve("app-1.1"), qemu);
        assertThat(ran11.code()).as(ran11.out()).isZero();
        assertThat(ran11.out()).isEqualTo("plugin: Slow? 1\nplugin: Slow.0 5\n");

        // engine 1.0 has no Mode: a warning, the poison value for Mode's size and tag, the fallback
        LinkResult with1 = ws.link("app-1.0", engine1, guarded);
        assertThat(with1.errors()).as(rendered(with1)).isEmpty();
        String head = "plugin@1.0.0 (" + guarded + ") imports engine@1.1.0 but engine@1.0.0 (" + engine1 + ") ";
        assertThat(with1.diagnostics()).filteredOn(d -> d.message().contains("engine::Mode")).singleElement()
                .satisfies(d -> {
                    assertThat(d.message()).isEqualTo(head
                            + "has no enum engine::Mode: expected enum Mode { Fast, Slow(i32) }, found nothing");
                    assertThat(d.details()).contains("guarded by __race_has_6engine4Mode, which answers 0 with this "
                            + "version, so the link goes on");
                });
        assertThat(with1.diagnostics()).extracting(Diagnostic::message).allSatisfy(m -> assertThat(m)
                .satisfiesAnyOf(x -> assertThat(x).contains("has no enum engine::Mode"),
                        x -> assertThat(x).contains("an older version; every contract it uses is structurally compatible")));
        Workspace.Ran ran1 = ws.run(tmp.resolve("app-1.0"), qemu);
        assertThat(ran1.code()).as(ran1.out()).isZero();
        long poison = SemanticPasses.GUARDED_POISON;
        assertThat(poison).isEqualTo(0x7FFF0000L);
        assertThat(ran1.out()).isEqualTo("plugin: this engine has no Mode\nplugin: Mode size " + poison
                + "\nplugin: Slow tag " + poison + "\n");

        // without the guard engine 1.0 refuses it, with the plugin's code as the site, and writes nothing
        LinkResult refused = ws.link("app-unguarded", engine1, unguarded);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("plugin@1.0.0 (" + unguarded + ") imports engine@1.1.0 but engine@1.0.0 ("
                    + engine1 + ") has no enum engine::Mode: expected enum Mode { Fast, Slow(i32) }, found nothing");
            assertThat(d.details()).anyMatch(s -> s.startsWith("used at unguarded.o:.text"));
            assertThat(d.render()).doesNotContain("guarded by");
        });
        assertThat(tmp.resolve("app-unguarded")).doesNotExist();
    }
}
