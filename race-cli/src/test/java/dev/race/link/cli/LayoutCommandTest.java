package dev.race.link.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutCommandTest {

    public record Run(int code, String out, String err) {
    }

    static Run race(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RaceCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Path repo() {
        String prop = System.getProperty("race.repo");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root with examples/").isNotNull();
        return p;
    }

    static String example(String name) {
        return repo().resolve("examples").resolve(name).toString();
    }

    static Path resource(String name) throws Exception {
        return Path.of(LayoutCommandTest.class.getResource("/cli/" + name).toURI());
    }

    static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpExplainsCommandsAndOptions() {
        Run top = race("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("layout").contains("semantic linker");
        Run layout = race("layout", "--help");
        assertThat(layout.code()).isZero();
        assertThat(layout.out()).contains("--target").contains("x86_64").contains("aarch64").contains("--json")
                .contains("--output").contains("--type").contains("Exit status");
    }

    @Test
    void versionPrints() {
        Run r = race("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("race ");
    }

    @Test
    void tableForTheExamples() {
        Run r = race("layout", example("engine-2.0.steg"), example("plugin.steg"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("target x86_64").contains("type engine::Transform:").contains("type engine::Vec3:")
                .contains("offset").contains("frozen");
    }

    @Test
    void eachVariantShowsTheValueItsTagMarkerAnswers(@TempDir Path tmp) throws IOException {
        Path steg = tmp.resolve("t.steg");
        Files.writeString(steg, """
                crate t 1.0.0;
                #[frozen] pub enum Opt { Flag(bool), Empty, Gone }
                #[non_exhaustive] pub enum Ev { Tick, Key(u32) = 7 }
                """);
        Run r = race("layout", steg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // niche-encoded: the marker of a non-dataful variant answers the niche value, not the discriminant
        assertThat(r.out()).contains("variant Empty = 1, niche value 2\n")
                .contains("variant Gone = 2, niche value 3\n")
                .contains("variant Flag = 0, dataful: any value but the others' niche values\n")
                // resilient: always a 4-byte tag at 0 holding the discriminant
                .contains("enum, tagged (u32 tag at offset 0)")
                .contains("variant Key = 7, tag 7\n");
        Run j = race("layout", "--json", steg.toString());
        JsonNode types = new ObjectMapper().readTree(j.out()).get("types");
        JsonNode opt = types.get(0).get("variants");
        assertThat(opt.get(1).get("discriminant").asInt()).isEqualTo(1);
        assertThat(opt.get(1).get("tagValue").asInt()).isEqualTo(2);
        assertThat(opt.get(0).get("tagValue").isNull()).isTrue();
        assertThat(types.get(1).get("variants").get(1).get("tagValue").asInt()).isEqualTo(7);
    }

    @Test
    void jsonHasTheDocumentedShapeAndAgreesWithTheTable() throws IOException {
        Run r = race("layout", "--json", example("engine-2.0.steg"), example("plugin.steg"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("target").asText()).isEqualTo("x86_64");
        JsonNode types = root.get("types");
        assertThat(types.isArray()).isTrue();
        assertThat(types.size()).isGreaterThan(3);
        for (JsonNode t : types) {
            assertThat(t.get("path").asText()).contains("::");
            long size = t.get("size").asLong();
            long align = t.get("align").asLong();
            assertThat(align).isPositive();
            assertThat(size % align).as("size multiple of align for %s", t.get("path")).isZero();
            for (JsonNode f : t.get("fields")) {
                assertThat(f.get("name").asText()).isNotEmpty();
                assertThat(f.get("offset").asLong() + f.get("size").asLong()).isLessThanOrEqualTo(size);
            }
        }
        Run table = race("layout", example("engine-2.0.steg"), example("plugin.steg"));
        for (JsonNode t : types) {
            assertThat(table.out()).contains("type " + t.get("path").asText() + ": " + t.get("size").asLong() + " byte");
        }
    }

    @Test
    void sameInputSameOutput() {
        String[] args = {"layout", "--json", example("engine-2.0.steg"), example("plugin.steg")};
        assertThat(race(args).out()).isEqualTo(race(args).out());
    }

    /** The whole path from .steg text to JSON, against gcc's answers for the same C declarations. */
    @Test
    void reprCLayoutsAgreeWithGcc(@TempDir Path tmp) throws Exception {
        Run r = race("layout", "--json", resource("ffi.steg").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode types = new ObjectMapper().readTree(r.out()).get("types");

        Map<String, List<String>> fieldsOf = new HashMap<>();
        StringBuilder c = new StringBuilder(Files.readString(resource("ffi.h")));
        c.append("#include <stdio.h>\nint main(void) {\n");
        List<String> expected = new ArrayList<>();
        for (JsonNode t : types) {
            String name = t.get("path").asText().replace("ffi::", "");
            c.append(String.format("  printf(\"%s %%zu %%zu\\n\", sizeof(struct %s), _Alignof(struct %s));%n", name, name, name));
            expected.add(name + " " + t.get("size").asLong() + " " + t.get("align").asLong());
            for (JsonNode f : t.get("fields")) {
                String fn = f.get("name").asText();
                c.append(String.format("  printf(\"%s.%s %%zu\\n\", offsetof(struct %s, %s));%n", name, fn, name, fn));
                expected.add(name + "." + fn + " " + f.get("offset").asLong());
                fieldsOf.computeIfAbsent(name, k -> new ArrayList<>()).add(fn);
            }
        }
        c.append("  return 0;\n}\n");
        assertThat(fieldsOf.keySet()).containsExactlyInAnyOrder("Header", "Packed", "Aligned", "Outer");
        Path src = tmp.resolve("ffi.c");
        Files.writeString(src, c);
        Path exe = tmp.resolve("ffi");
        exec(tmp, "gcc", "-std=c11", "-O0", "-o", exe.toString(), src.toString());
        String gccSays = exec(tmp, exe.toString());
        assertThat(gccSays.lines()).containsExactlyElementsOf(expected);
    }

    private static String exec(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", cmd), output).isZero();
        return output;
    }

    @Test
    void aarch64TargetIsAccepted() {
        Run r = race("layout", "--target", "aarch64", example("engine-2.0.steg"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("target aarch64");
    }

    @Test
    void typeFilter() {
        Run r = race("layout", "--type", "engine::Transform", example("engine-2.0.steg"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("type engine::Transform:").doesNotContain("type engine::Vec3:");
        Run bad = race("layout", "--type", "engine::Nope", example("engine-2.0.steg"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("engine::Nope");
    }

    @Test
    void missingFileIsAOneLineError() {
        Run r = race("layout", "no/such/file.steg");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no/such/file.steg: no such file");
        assertNoStackTrace(r);
    }

    @Test
    void directoryIsRejected(@TempDir Path tmp) {
        Run r = race("layout", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is a directory");
    }

    @Test
    void binaryInputIsRejectedWithoutCrash(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("garbage.steg");
        Files.write(f, new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7F});
        Run r = race("layout", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("garbage.steg").contains("UTF-8");
        assertNoStackTrace(r);
    }

    @Test
    void syntaxErrorIsReportedWithLineColumnAndCaret(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.steg");
        Files.writeString(f, "crate bad 1.0.0;\npub struct A {\n    x: u32\n    y: Nope,\n}\n");
        Run r = race("layout", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":4:").contains("error:").contains("^");
        assertThat(r.out()).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void unknownTypeNamesTheType(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("unknown.steg");
        Files.writeString(f, "crate u 1.0.0;\npub struct A { x: Missing }\n");
        Run r = race("layout", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":2:19:").contains("Missing");
    }

    @Test
    void usageErrors() {
        Run none = race();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("race --help");
        Run noFiles = race("layout");
        assertThat(noFiles.code()).isEqualTo(2);
        assertThat(noFiles.err()).contains("FILE.steg");
        Run target = race("layout", "--target", "riscv", example("engine-2.0.steg"));
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.err()).contains("unknown target 'riscv'").contains("aarch64").contains("x86_64");
        Run option = race("layout", "--frobnicate", example("engine-2.0.steg"));
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("--frobnicate");
        assertNoStackTrace(option);
    }

    @Test
    void outputFileIsWrittenAtomicallyAndKeptOnFailure(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("layout.json");
        Run ok = race("layout", "--json", "-o", out.toString(), example("engine-2.0.steg"));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEmpty();
        String first = Files.readString(out);
        assertThat(first).contains("\"types\"");

        Path bad = tmp.resolve("bad.steg");
        Files.writeString(bad, "crate bad 1.0.0;\nstruct {\n");
        Run failed = race("layout", "--json", "-o", out.toString(), bad.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(Files.readString(out)).isEqualTo(first);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("layout.json", "bad.steg");
        }
    }
}
