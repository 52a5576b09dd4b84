package dev.race.link.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.race.link.cli.LayoutCommandTest.race;
import static org.assertj.core.api.Assertions.assertThat;

class BindgenCommandTest {
    static final String ENGINE = """
            crate engine 1.0.0;
            #[repr(C)] #[frozen]
            pub struct Vec3 { pub x: i32, pub y: i32, pub z: i32 }
            pub struct Transform { pub pos: Vec3, pub scale: i32 }
            #[symbol = "engine_transform_init"]
            pub fn transform_init(t: &mut Transform, scale: i32);
            """;
    static final String PLUGIN = """
            crate plugin 1.0.0;
            pub struct Body { pub mass: i32, pub transform: engine::Transform }
            """;

    @Test
    void helpExplainsTheCommandWithExamples() {
        LayoutCommandTest.Run top = race("--help");
        assertThat(top.out()).contains("bindgen");
        LayoutCommandTest.Run r = race("bindgen", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--lang", "--target", "--import", "--output", "CRATE.steg", "Examples:",
                "race bindgen --lang c -o engine.h engine.steg", "docs/bindgen.md", "Exit status");
    }

    @Test
    void writesTheHeaderAtomicallyAndToStandardOutput(@TempDir Path tmp) throws Exception {
        Path engine = Files.writeString(tmp.resolve("engine.steg"), ENGINE);
        Path plugin = Files.writeString(tmp.resolve("plugin.steg"), PLUGIN);
        Path h = tmp.resolve("out/engine.h");
        LayoutCommandTest.Run r = race("bindgen", "--lang", "c", "-o", h.toString(), engine.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        String header = Files.readString(h);
        assertThat(header).startsWith("/* engine.h: C bindings of crate engine 1.0.0 (target x86_64)")
                .contains("static inline int32_t *engine_Transform_scale(const void *self)")
                .contains("void engine_transform_init(void *t, int32_t scale);");
        try (var files = Files.list(h.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("engine.h");
        }
        // '-' and no -o: the same text on standard output
        assertThat(race("bindgen", "--lang", "c", "-o", "-", engine.toString()).out()).isEqualTo(header);
        assertThat(race("bindgen", "--lang", "C", engine.toString()).out()).isEqualTo(header);
        // an importer: its header includes the import's and declares only its own items
        LayoutCommandTest.Run p = race("bindgen", "--lang", "c", "--target", "aarch64", "--import", engine.toString(),
                plugin.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("(target aarch64)", "#include \"engine.h\"",
                "static inline void *plugin_Body_transform(const void *self)").doesNotContain("engine_Transform_scale");
    }

    @Test
    void aStegWithErrorsGivesExactlyTheDiagnosticsOfRaceLayout(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.steg"), """
                crate engine 1.0.0;
                pub struct Transform { pub pos: Vec4, pub scale: i32 }
                pub struct Oops { a: u8
                """);
        LayoutCommandTest.Run layout = race("layout", bad.toString());
        LayoutCommandTest.Run bindgen = race("bindgen", "--lang", "c", "-o", tmp.resolve("x.h").toString(), bad.toString());
        assertThat(layout.code()).isEqualTo(1);
        assertThat(bindgen.code()).isEqualTo(1);
        List<String> l = Arrays.asList(layout.err().split("\n"));
        List<String> b = Arrays.asList(bindgen.err().split("\n"));
        assertThat(l.get(0)).matches(java.util.regex.Pattern.quote(bad.toString()) + ":\\d+:\\d+: error: .*");
        assertThat(l.get(2)).endsWith("^");
        // every located line is the same; only the closing summary says what was not done
        assertThat(b.subList(0, b.size() - 1)).isEqualTo(l.subList(0, l.size() - 1));
        assertThat(l.get(l.size() - 1)).endsWith("; no layout computed");
        assertThat(b.get(b.size() - 1)).isEqualTo(l.get(l.size() - 1).replace("no layout computed", "no bindings written"));
        assertThat(tmp.resolve("x.h")).doesNotExist();

        // layout errors too, at the declaration of the item the solver rejects (line:col, the line and a caret)
        Path cyclic = Files.writeString(tmp.resolve("big.steg"), """
                crate engine 1.0.0;
                pub struct A { pub a: [[u64; 0x100000000]; 0x100000000] }
                """);
        LayoutCommandTest.Run lc = race("layout", cyclic.toString());
        LayoutCommandTest.Run bc = race("bindgen", "--lang", "c", cyclic.toString());
        assertThat(bc.code()).isEqualTo(lc.code()).isEqualTo(1);
        assertThat(bc.err()).isEqualTo(lc.err())
                .isEqualTo(cyclic + ":2:12: error: engine::A: size overflows a signed 64-bit integer\n"
                        + "pub struct A { pub a: [[u64; 0x100000000]; 0x100000000] }\n"
                        + "           ^\n"
                        + "race: 1 layout error\n");
        assertThat(bc.out()).isEmpty();
        // an unreadable file
        LayoutCommandTest.Run missing = race("bindgen", "--lang", "c", tmp.resolve("nope.steg").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("race: error: " + tmp.resolve("nope.steg") + ": no such file\n");
    }

    @Test
    void aBindgenProblemIsARejectedInputNamingBothPaths(@TempDir Path tmp) throws Exception {
        Path clash = Files.writeString(tmp.resolve("clash.steg"), """
                crate engine 1.0.0;
                mod a { pub struct b { pub x: u8 } }
                pub struct a_b { pub y: u8 }
                """);
        LayoutCommandTest.Run r = race("bindgen", "--lang", "c", "-o", tmp.resolve("engine.h").toString(), clash.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("race: error: C name `engine_a_b` is generated for both `engine::a::b` and "
                + "`engine::a_b`; rename one of them\n").doesNotContain("Exception");
        assertThat(tmp.resolve("engine.h")).doesNotExist();
    }

    @Test
    void anUnknownLanguageOrTargetIsAUsageError(@TempDir Path tmp) throws Exception {
        Path engine = Files.writeString(tmp.resolve("engine.steg"), ENGINE);
        LayoutCommandTest.Run r = race("bindgen", "--lang", "go", engine.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("race: error: unknown language 'go' for option '--lang' (known: c, rust)")
                .contains("race bindgen --help");
        LayoutCommandTest.Run t = race("bindgen", "--lang", "c", "--target", "sparc", engine.toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("unknown target 'sparc'", "aarch64", "x86_64");
        LayoutCommandTest.Run none = race("bindgen", engine.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--lang");
    }

    @Test
    void rustIsReachable(@TempDir Path tmp) throws Exception {
        Path engine = Files.writeString(tmp.resolve("engine.steg"), ENGINE);
        LayoutCommandTest.Run r = race("bindgen", "--lang", "rust", engine.toString());
        // the Rust generator's output is its own tests' business (RustBindingsTest); here: the command reaches it
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("engine 1.0.0").contains("engine_transform_init");
    }
}
