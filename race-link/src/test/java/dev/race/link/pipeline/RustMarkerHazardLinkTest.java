package dev.race.link.pipeline;

import dev.race.bindgen.Lang;
import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why the Rust bindings read markers through {@code race_const} (src/test/resources/bindings/rust-hazard): LLVM
 * assumes an extern static's address is not null, so with the naive idiom {@code addr_of!(M) as usize} the test
 * {@code offset == 0} is folded to false at opt-level 1 and above, although the linker answers 0 for the first field
 * of a one-field struct; the program goes wrong. The generated accessor on the same marker finds the field at offset
 * 0. Linked by RACE and run on x86-64 and under qemu-aarch64, static and pic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustMarkerHazardLinkTest {
    Workspace ws;
    Path steg;
    Path[] runtime;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        steg = ws.write("hz.steg", resource("hz.steg"));
        runtime = RustBindingsLinkTest.runtimes(ws);
    }

    private String resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/bindings/rust-hazard/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> builds() {
        List<Arguments> a = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String model : List.of("static", "pic")) {
                for (int opt = 1; opt <= 3; opt++) a.add(Arguments.of(target, opt, model));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "rustc {0} opt-level={1} relocation-model={2}")
    @MethodSource("builds")
    void theNaiveIdiomGoesWrongAndTheBindingsDoNot(String target, int opt, String model) throws Exception {
        boolean a64 = target.equals("aarch64");
        Path dir = ws.dir.resolve(target + "-O" + opt + "-" + model);
        DriftBuild.bindings(Lang.RUST, dir, target, DriftBuild.source(steg));
        Files.writeString(dir.resolve("lib.rs"), resource("lib.rs"));
        Path obj = dir.resolve("hz.o");
        RustBindingsLinkTest.compileRust(ws, target, opt, model, dir.resolve("lib.rs"), obj);
        Path crate = ws.pack(dir.getFileName() + ".rcrate", steg, List.of(), obj, runtime[a64 ? 1 : 0]);
        String program = dir.getFileName() + "-app";
        LinkResult r = ws.link(program, crate);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = a64 ? ws.run(ws.dir.resolve(program), "qemu-aarch64") : ws.run(ws.dir.resolve(program));
        assertThat(ran.code()).as(ran.out()).isZero();
        // first line: the naive idiom sees offset 0 (it does not: folded away); second: the bindings find the field
        assertThat(ran.out()).isEqualTo("0\n1\n");
    }
}
