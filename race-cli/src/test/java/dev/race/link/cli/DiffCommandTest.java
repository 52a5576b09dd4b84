package dev.race.link.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code race diff} on files: .steg and .rcrate on either side, human and JSON output, bad input, and every bit of
 * the exit status (0 no change, 1 error, 2 usage, 4 change, 8 breaking change). The classification itself is checked
 * against the link over the whole catalogue by {@code CrateDiffCatalogueTest}.
 */
class DiffCommandTest {
    static final String V1 = """
            crate engine 1.0.0;
            #[repr(C)] #[frozen]
            pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }
            pub struct Transform { pub pos: Vec3, pub scale: f32 }
            #[non_exhaustive]
            pub enum Event { Tick, Key(u32) }
            pub fn spawn(t: &Transform) -> u64 effects(alloc, panic);
            """;

    /** V1 without its function: race pack writes it with no object (a types-only crate). */
    static final String TYPES = V1.replace("pub fn spawn(t: &Transform) -> u64 effects(alloc, panic);\n", "");

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run race(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RaceCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    String v(String from, String to) {
        assertThat(V1).contains(from);
        return V1.replace("crate engine 1.0.0;", "crate engine 1.1.0;").replace(from, to);
    }

    @Test
    void noChangeIsExitZero() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", V1.replace("1.0.0", "1.0.1")).toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("no change\n");
    }

    @Test
    void aDocOnlyChangeIsNoChange() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(),
                file("b.steg", V1.replace("pub fn spawn", "/// Spawns one.\npub fn spawn")).toString());
        assertThat(r.status()).isZero();
    }

    @Test
    void compatibleChangesAreBitThreeOnly() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", v("pub scale: f32 }",
                "pub scale: f32, pub layer: u8 }").replace("effects(alloc, panic)", "effects(panic)")
                + "pub fn fresh() -> u8;\n").toString());
        assertThat(r.status()).as(r.err()).isEqualTo(4);
        assertThat(r.out().lines().toList()).containsExactly(
                "race diff: engine@1.0.0 (" + dir.resolve("a.steg") + ") -> engine@1.1.0 (" + dir.resolve("b.steg")
                        + "), target x86_64",
                "compatible under RACE: added field engine::Transform.layer: no such field \u2192 layer: u8",
                "compatible: narrowed the effects of engine::spawn: effects(alloc, panic) \u2192 effects(panic)",
                "compatible: added function engine::fresh: nothing \u2192 fn fresh() -> u8",
                "3 changes: 0 breaking, 0 breaking if a client uses it, 1 compatible under RACE, 2 compatible");
    }

    @Test
    void aBreakingChangeSetsBitsThreeAndFourWithTheLinksText() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", v("pub scale: f32", "pub scale: f64")).toString());
        assertThat(r.status()).isEqualTo(12);
        assertThat(r.out()).contains("breaking: changed field engine::Transform.scale: expected f32, found f64\n");
    }

    @Test
    void aRemovedFieldIsBreakingIfAClientUsesIt() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", v("pub scale: f32 }", "}")
                .replace("pub pos: Vec3, }", "pub pos: Vec3 }")).toString());
        assertThat(r.status()).as(r.err() + r.out()).isEqualTo(12);
        assertThat(r.out()).contains("breaking if a client uses it: has no field engine::Transform.scale: expected "
                + "scale: f32, found no such field\n    an error for a client whose code reads or writes it");
    }

    @Test
    void theTargetSolvesFrozenLayouts() throws Exception {
        String wide = v("pub z: f32 }", "pub z: f32, pub w: u64 }");
        for (String t : List.of("x86_64", "aarch64")) {
            Run r = race("diff", "--target", t, file("a.steg", V1).toString(), file("b.steg", wide).toString());
            assertThat(r.status()).isEqualTo(12);
            assertThat(r.out()).contains("target " + t).contains("breaking: changed the layout of frozen engine::Vec3: "
                    + "expected size 12, align 4, x at 0, y at 4, z at 8, found size 24, align 8, x at 0, y at 4, z at 8, w at 16");
        }
    }

    @Test
    void json() throws Exception {
        Run r = race("diff", "--json", file("a.steg", V1).toString(), file("b.steg", v("pub scale: f32", "pub scale: f64")
                + "pub fn fresh();\n").toString());
        assertThat(r.status()).isEqualTo(12);
        List<String> verdicts = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        int exit = -1;
        try (JsonParser p = new JsonFactory().createParser(r.out())) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("verdict")) verdicts.add(p.getText());
                    if (name.equals("message")) messages.add(p.getText());
                    if (name.equals("exit")) exit = p.getIntValue();
                }
            }
        }
        assertThat(verdicts).containsExactly("breaking", "compatible");
        assertThat(messages).containsExactly("changed field engine::Transform.scale: expected f32, found f64",
                "added function engine::fresh: expected nothing, found fn fresh()");
        assertThat(exit).isEqualTo(12);
        assertThat(r.out()).contains("\"kind\" : \"FIELD_TYPE_CHANGED\"").contains("\"item\" : \"engine::Transform\"")
                .contains("\"member\" : \"scale\"");
    }

    @Test
    void rcrateOnEitherSide() throws Exception {
        Path steg1 = file("engine-1.steg", TYPES);
        Path rc = dir.resolve("engine-1.rcrate");
        Run pack = race("pack", "--target", "x86_64", "--steg", steg1.toString(), "-o", rc.toString());
        assertThat(pack.status()).as(pack.err()).isZero();
        Path steg2 = file("engine-2.steg", TYPES.replace("1.0.0", "1.1.0").replace("pub scale: f32", "pub scale: f64"));
        Run a = race("diff", rc.toString(), steg2.toString());
        assertThat(a.status()).as(a.err()).isEqualTo(12);
        assertThat(a.out()).contains("breaking: changed field engine::Transform.scale: expected f32, found f64");
        Run b = race("diff", steg1.toString(), rc.toString());
        assertThat(b.status()).as(b.err()).isZero();
        Run c = race("diff", rc.toString(), rc.toString());
        assertThat(c.status()).isZero();
    }

    @Test
    void aMissingFileIsBitOne() throws Exception {
        Run r = race("diff", dir.resolve("nope.steg").toString(), file("b.steg", V1).toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("race: error: " + dir.resolve("nope.steg") + ": no such file");
        Run s = race("diff", file("a.steg", V1).toString(), dir.resolve("nope.rcrate").toString());
        assertThat(s.status()).isEqualTo(1);
        assertThat(s.err()).contains("nope.rcrate: no such file");
    }

    @Test
    void aSyntaxErrorIsLocated() throws Exception {
        Path bad = file("bad.steg", "crate engine 1.1.0;\npub struct Transform { pub pos: Vec3, pub scale f32 }\n");
        Run r = race("diff", file("a.steg", V1).toString(), bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(bad.toString()) + ":2:\\d+: error: ")
                .contains("no diff computed");
    }

    @Test
    void aCorruptRcrateIsBitOne() throws Exception {
        Path rc = dir.resolve("engine.rcrate");
        assertThat(race("pack", "--target", "x86_64", "--steg", file("engine.steg", TYPES).toString(), "-o", rc.toString()).status()).isZero();
        byte[] bytes = Files.readAllBytes(rc);
        Files.write(dir.resolve("cut.rcrate"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dir.resolve("flip.rcrate"), bytes);
        for (String name : List.of("cut.rcrate", "flip.rcrate")) {
            Run r = race("diff", dir.resolve(name).toString(), file("b.steg", V1).toString());
            assertThat(r.status()).as(name + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("race: error: ").contains(name);
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnsolvableFrozenLayoutIsBitOne() throws Exception {
        String bad = v("pub struct Vec3 { pub x: f32, pub y: f32, pub z: f32 }",
                "pub struct Vec3 { pub x: [u8; 0x7fffffffffffffff], pub y: [u8; 0x7fffffffffffffff], pub z: f32 }");
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", bad).toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("race: error: engine@1.1.0: cannot solve the layout of engine::Vec3: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void twoDifferentCratesAreAnError() throws Exception {
        Run r = race("diff", file("a.steg", V1).toString(), file("b.steg", "crate other 1.0.0;\n").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("race diff compares two versions of one crate");
    }

    @Test
    void usageErrorsAreBitTwo() throws Exception {
        assertThat(race("diff", file("a.steg", V1).toString()).status()).isEqualTo(2);
        Run t = race("diff", "--target", "mips", file("a.steg", V1).toString(), file("b.steg", V1).toString());
        assertThat(t.status()).isEqualTo(2);
        assertThat(t.err()).contains("unknown target 'mips'");
        assertThat(race("diff", "--bogus", "a", "b").status()).isEqualTo(2);
    }

    @Test
    void helpDocumentsTheBitmask() {
        Run r = race("diff", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("0 no change; bit 1 (1) error")
                .contains("bit 2 (2) usage error").contains("bit 3 (4) some change").contains("bit 4 (8) some breaking change");
    }
}
