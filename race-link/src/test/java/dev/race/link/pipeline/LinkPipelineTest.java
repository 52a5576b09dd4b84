package dev.race.link.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on real gcc output: an engine crate whose {@code Transform} is resilient (its own code reaches the
 * fields through markers too) and a plugin that embeds it by value, compiled once with {@code -fno-pic} and once as
 * gcc's default PIE. The program's output is the oracle: it only comes out right if every offset and size the two
 * crates were patched with agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkPipelineTest {
    static final String ENGINE_STEG = """
            crate engine 2.0.0;
            #[repr(C)]
            pub struct Vec3 { pub x: i32, pub y: i32, pub z: i32 }
            pub struct Transform { pub layer: u8, pub scale: i32, pub pos: Vec3 }
            pub fn transform_init(t: &mut Transform, x: i32, y: i32, z: i32, scale: i32);
            pub fn transform_y(t: &Transform) -> i32;
            pub fn transform_layer(t: &Transform) -> i32;
            pub fn print_num(v: i64);
            pub fn print_str(s: *const u8);
            """;
    static final String ENGINE_C = Workspace.RUNTIME_C + """
            extern const char __race_off_6engine9Transform_3pos1x[];
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_off_6engine9Transform_3pos1z[];
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_off_6engine9Transform_5layer[];
            #define F(T, b, m) (*(T *)((char *)(b) + (unsigned long)(m)))
            void transform_init(void *t, int x, int y, int z, int scale) {
                F(int, t, __race_off_6engine9Transform_3pos1x) = x;
                F(int, t, __race_off_6engine9Transform_3pos1y) = y;
                F(int, t, __race_off_6engine9Transform_3pos1z) = z;
                F(int, t, __race_off_6engine9Transform_5scale) = scale;
                F(unsigned char, t, __race_off_6engine9Transform_5layer) = 7;
            }
            int transform_y(const void *t) { return F(int, t, __race_off_6engine9Transform_3pos1y); }
            int transform_layer(const void *t) { return F(unsigned char, t, __race_off_6engine9Transform_5layer); }
            """;
    static final String PLUGIN_STEG = """
            crate plugin 1.0.0;
            use engine::Transform;
            pub struct Body { pub mass: i32, pub transform: Transform }
            pub fn main() -> i32;
            """;
    static final String PLUGIN_C = """
            extern const char __race_off_6plugin4Body_9transform[];
            extern const char __race_off_6plugin4Body_4mass[];
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_size_6plugin4Body[];
            #define F(T, b, m) (*(T *)((char *)(b) + (unsigned long)(m)))
            void transform_init(void *t, int x, int y, int z, int scale);
            int transform_y(const void *t);
            int transform_layer(const void *t);
            void print_num(long v);
            void print_str(const char *s);
            static long body[32];
            int main(void) {
                char *t = (char *)body + (unsigned long)__race_off_6plugin4Body_9transform;
                transform_init(t, 1, 2, 3, 5);
                F(int, t, __race_off_6engine9Transform_3pos1y) += F(int, t, __race_off_6engine9Transform_5scale) * 10;
                F(int, body, __race_off_6plugin4Body_4mass) = 9;
                print_str("plugin says hello\\n");
                print_num(transform_y(t));
                print_num(transform_layer(t));
                print_num(F(int, body, __race_off_6plugin4Body_4mass));
                print_num((long)__race_size_6plugin4Body);
                return 3;
            }
            """;
    /** What the program prints when every constant agrees (Body is 4 + 20 bytes: mass, then Transform). */
    static final String EXPECTED = "plugin says hello\n52\n7\n9\n24\n";

    Workspace ws;
    Path engineSteg;
    Path pluginSteg;
    Path engineNoPic;
    Path pluginNoPic;
    Path enginePie;
    Path pluginPie;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engineSteg = ws.write("engine.steg", ENGINE_STEG);
        pluginSteg = ws.write("plugin.steg", PLUGIN_STEG);
        engineNoPic = ws.pack("engine.rcrate", engineSteg, List.of(), ws.cc("engine", ENGINE_C, Workspace.NO_PIC));
        pluginNoPic = ws.pack("plugin.rcrate", pluginSteg, List.of(engineSteg),
                ws.cc("plugin", PLUGIN_C, Workspace.NO_PIC));
        enginePie = ws.pack("engine-pie.rcrate", engineSteg, List.of(),
                ws.cc("engine-pie", ENGINE_C, Workspace.PIE));
        pluginPie = ws.pack("plugin-pie.rcrate", pluginSteg, List.of(engineSteg),
                ws.cc("plugin-pie", PLUGIN_C, Workspace.PIE));
    }

    private Workspace.Ran linkAndRun(String name, Path... inputs) throws Exception {
        LinkResult r = ws.link(name, inputs);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        assertThat(r.diagnostics()).isEmpty();
        return ws.run(ws.dir.resolve(name));
    }

    @Test
    void noPicObjectsLinkAndRun() throws Exception {
        Workspace.Ran ran = linkAndRun("app-nopic", engineNoPic, pluginNoPic);
        assertThat(ran.out()).isEqualTo(EXPECTED);
        assertThat(ran.code()).isEqualTo(3);
    }

    @Test
    void pieObjectsLinkAndRun() throws Exception {
        // gcc's default PIE: the markers are lea sym(%rip) (rewritten to mov $imm32) and the calls PLT32
        String dis = ws.exec("objdump", "-dr", ws.dir.resolve("plugin-pie.o").toString());
        assertThat(dis).contains("R_X86_64_PC32\t__race_off_");
        Workspace.Ran ran = linkAndRun("app-pie", enginePie, pluginPie);
        assertThat(ran.out()).isEqualTo(EXPECTED);
    }

    @Test
    void mixedObjectsLinkAndRun() throws Exception {
        assertThat(linkAndRun("app-mixed", enginePie, pluginNoPic).out()).isEqualTo(EXPECTED);
        assertThat(linkAndRun("app-mixed2", engineNoPic, pluginPie).out()).isEqualTo(EXPECTED);
    }

    @Test
    void readelfAndObjdumpUnderstandTheExecutable() throws Exception {
        linkAndRun("app-tools", engineNoPic, pluginNoPic);
        Path app = ws.dir.resolve("app-tools");
        String syms = ws.exec("readelf", "-W", "-s", "-l", app.toString());
        assertThat(syms).contains(" main", " _start", " transform_init", "LOAD");
        String dis = ws.exec("objdump", "-d", app.toString());
        assertThat(dis).contains("<main>:", "<transform_y>:");
        assertThat(Files.getPosixFilePermissions(app)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void gdbStopsAtAFunctionAndShowsTheCallChain() throws Exception {
        linkAndRun("app-gdb", engineNoPic, pluginNoPic);
        String out = ws.exec("gdb", "-nx", "-batch", "-ex", "break transform_y", "-ex", "run", "-ex", "bt",
                ws.dir.resolve("app-gdb").toString());
        assertThat(out).contains("Breakpoint 1, ").contains("in transform_y ()").containsPattern("#1 .* in main \\(\\)");
    }

    @Test
    void sameBytesWhateverTheThreadCount() throws Exception {
        LinkResult one = ws.link("det-1", b -> b.threads(1), engineNoPic, pluginNoPic, enginePie.getParent()
                .resolve("plugin.rcrate"));
        assertThat(one.ok()).isFalse(); // plugin given twice: a duplicate crate
        LinkResult a = ws.link("det-a", b -> b.threads(1), engineNoPic, pluginNoPic);
        LinkResult b2 = ws.link("det-b", b -> b.threads(2), engineNoPic, pluginNoPic);
        LinkResult c = ws.link("det-c", b -> b.threads(2), engineNoPic, pluginNoPic);
        assertThat(Files.readAllBytes(ws.dir.resolve("det-a"))).isEqualTo(Files.readAllBytes(ws.dir.resolve("det-b")))
                .isEqualTo(Files.readAllBytes(ws.dir.resolve("det-c")));
        assertThat(a.image()).isEqualTo(b2.image()).isEqualTo(c.image());
    }

    @Test
    void aFailedLinkKeepsTheOlderOutputAndLeavesNoTemporaryFile() throws Exception {
        Path out = ws.dir.resolve("atomic");
        Files.writeString(out, "older output");
        Path broken = ws.dir.resolve("broken.rcrate");
        Files.write(broken, new byte[] {'R', 'C', 'R', 'A', 'T', 'E', 0, 0, 1});
        LinkResult r = ws.link("atomic", engineNoPic, pluginNoPic, broken);
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r)).startsWith("race: error: " + broken);
        assertThat(Files.readString(out)).isEqualTo("older output");
        LinkResult ok = ws.link("atomic", engineNoPic, pluginNoPic);
        assertThat(ok.ok()).as(rendered(ok)).isTrue();
        assertThat(ws.run(out).out()).isEqualTo(EXPECTED);
        try (Stream<Path> files = Files.list(ws.dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void undefinedSymbolsAreReportedWithEverySite() throws Exception {
        Path steg = ws.write("lonely.steg", "crate lonely 1.0.0;\npub fn main() -> i32;\n");
        Path o = ws.cc("lonely", """
                int missing_fn(int);
                extern int missing_var;
                int main(void) { return missing_fn(1) + missing_fn(2) + missing_var; }
                """, Workspace.NO_PIC);
        Path rc = ws.pack("lonely.rcrate", steg, List.of(), o);
        LinkResult r = ws.link("lonely", engineNoPic, rc);
        assertThat(r.ok()).isFalse();
        String text = rendered(r);
        assertThat(text).contains("race: error: undefined symbol missing_fn\n"
                        + "    referenced from " + rc + "(lonely.o):.text.startup+0x")
                .contains("(in main)")
                .contains("race: error: undefined symbol missing_var");
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0).details()).hasSize(2); // both calls
        assertThat(ws.dir.resolve("lonely")).doesNotExist();
    }

    @Test
    void duplicateDefinitionsNameBothPlaces() throws Exception {
        Path steg = ws.write("dup.steg", "crate dup 1.0.0;\n");
        Path o = ws.cc("dup", "int transform_y(const void *t) { (void)t; return 0; }\n", Workspace.NO_PIC);
        Path rc = ws.pack("dup.rcrate", steg, List.of(), o);
        LinkResult r = ws.link("dup", engineNoPic, pluginNoPic, rc);
        assertThat(rendered(r)).contains("race: error: duplicate symbol transform_y (defined 2 times)\n"
                + "    defined in " + engineNoPic + "(engine.o):.text+0x")
                .contains("    defined in " + rc + "(dup.o):.text+0x0 (in transform_y)");
    }

    @Test
    void theEntryMustExist() {
        LinkResult r = ws.link("noentry", b -> b.entry("go"), engineNoPic, pluginNoPic);
        assertThat(rendered(r)).isEqualTo("race: error: entry symbol go is not defined by any input\n");
    }

    @Test
    void equalStringsAndConstantsAreStoredOnce() throws Exception {
        Path steg = ws.write("strs.steg", "crate strs 1.0.0;\npub fn main() -> i32;\n");
        Path a = ws.cc("strs_a", """
                void print_str(const char *s);
                void other(void);
                double scale(double x) { return x * 2.5; }
                int main(void) { print_str("same words\\n"); other(); return (int)scale(2.0); }
                """, Workspace.NO_PIC);
        Path b = ws.cc("strs_b", """
                void print_str(const char *s);
                double twice(double x) { return x * 2.5; }
                void other(void) { print_str("same words\\n"); print_str("other words\\n"); }
                """, Workspace.PIE);
        Path rc = ws.pack("strs.rcrate", steg, List.of(), a, b);
        LinkResult r = ws.link("strs", engineNoPic, rc);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        Workspace.Ran ran = ws.run(ws.dir.resolve("strs"));
        assertThat(ran.out()).isEqualTo("same words\nsame words\nother words\n");
        assertThat(ran.code()).isEqualTo(5);
        String rodata = ws.exec("readelf", "-W", "-x", ".rodata", ws.dir.resolve("strs").toString());
        String bytes = String.join("", hexBytes(rodata));
        assertThat(count(bytes, hex("same words\n"))).isEqualTo(1);
        assertThat(count(bytes, "0000000000000440")).isEqualTo(1); // 2.5 as a double, once
    }

    @Test
    void commonSymbolsAreAllocatedOnce() throws Exception {
        Path steg = ws.write("com.steg", "crate com 1.0.0;\npub fn main() -> i32;\n");
        List<String> flags = new ArrayList<>(Workspace.NO_PIC);
        flags.add("-fcommon");
        Path a = ws.cc("com_a", "int counter; void bump(void); int main(void) { bump(); bump(); return counter; }\n",
                flags);
        Path b = ws.cc("com_b", "int counter; void bump(void) { counter += 20; }\n", flags);
        assertThat(ws.exec("readelf", "-W", "-s", a.toString())).containsPattern("COM\\s+counter");
        Path rc = ws.pack("com.rcrate", steg, List.of(), a, b);
        LinkResult r = ws.link("com", engineNoPic, rc);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        assertThat(ws.run(ws.dir.resolve("com")).code()).isEqualTo(40);
        assertThat(ws.exec("readelf", "-W", "-s", ws.dir.resolve("com").toString())).containsOnlyOnce(" counter");
    }

    @Test
    void unreachableSectionsAreCollectedUnlessAskedToKeepThem() throws Exception {
        Path steg = ws.write("gc.steg", "crate gc 1.0.0;\npub fn main() -> i32;\n");
        List<String> flags = new ArrayList<>(Workspace.NO_PIC);
        flags.add("-ffunction-sections");
        Path o = ws.cc("gc", "int unused_helper(int x) { return x * 3; }\nint main(void) { return 0; }\n", flags);
        Path rc = ws.pack("gc.rcrate", steg, List.of(), o);
        assertThat(ws.link("gc", engineNoPic, rc).ok()).isTrue();
        assertThat(ws.exec("readelf", "-W", "-s", ws.dir.resolve("gc").toString())).doesNotContain("unused_helper");
        assertThat(ws.link("nogc", b -> b.gcSections(false), engineNoPic, rc).ok()).isTrue();
        assertThat(ws.exec("readelf", "-W", "-s", ws.dir.resolve("nogc").toString())).contains("unused_helper");
    }

    @Test
    void mapAndLayoutReportDescribeTheLink() throws Exception {
        Path map = ws.dir.resolve("app.map");
        Path json = ws.dir.resolve("layouts.json");
        LinkResult r = ws.link("app-reports", b -> b.mapFile(map).layoutReport(json), engineNoPic, pluginNoPic);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        String text = Files.readString(map);
        assertThat(text).contains("# entry _start at 0x", ".text", engineNoPic + "(engine.o):.text",
                " main (" + pluginNoPic + "(plugin.o):.text.startup+0x");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("target").asText()).isEqualTo("x86_64");
        List<String> paths = new ArrayList<>();
        root.get("types").forEach(t -> paths.add(t.get("path").asText()));
        assertThat(paths).contains("engine::Transform", "plugin::Body");
    }

    @Test
    void inputsForAnotherTargetAreRefused() {
        LinkResult r = ws.link("wrong", b -> b.target("aarch64"), engineNoPic);
        assertThat(rendered(r)).isEqualTo("race: error: " + engineNoPic
                + ": crate engine@2.0.0 is for x86_64, but --target is for aarch64 (all inputs of a link must be "
                + "for one target)\n");
    }

    private static List<String> hexBytes(String readelfHex) {
        List<String> out = new ArrayList<>();
        for (String line : readelfHex.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("0x")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            for (int i = 1; i < parts.length && i <= 4; i++) {
                if (parts[i].matches("[0-9a-f]+")) {
                    out.add(parts[i]);
                }
            }
        }
        return out;
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes()) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    private static int count(String hay, String needle) {
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
