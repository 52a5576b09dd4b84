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
 * rustc as the oracle for the Rust bindings of enums whose layout is fixed (repr(u8), repr(i16), repr(C),
 * #[frozen] tagged, niche-encoded and single-variant: src/test/resources/bindings/rust-enum-oracle): values rustc
 * builds from the same declarations are read through the generated accessors, values the accessors write are
 * matched by rustc, and the sizes and alignments the linker answers equal rustc's. The crate (the Rust object and a
 * C runtime) is linked by RACE and run on x86-64 and under qemu-aarch64 at opt-level 0 and 3, static and pic; it
 * prints the line of each failed check and then their count, which must be 0.
 *
 * <p>{@code repr(i16)}'s negative discriminant included: with relocation-model=static rustc (like gcc -fno-pic)
 * loads a marker's address with a zero-extending {@code mov $sym, %r32} (R_X86_64_32), which holds the tag
 * marker's answer because that is the tag's bit pattern at its width (0xFFFE), not the signed -2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustEnumOracleLinkTest {
    Workspace ws;
    Path steg;
    Path[] runtime;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        try (InputStream in = getClass().getResourceAsStream("/bindings/rust-enum-oracle/fx.steg")) {
            assertThat(in).isNotNull();
            steg = ws.write("fx.steg", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        runtime = RustBindingsLinkTest.runtimes(ws);
    }

    static Stream<Arguments> builds() {
        List<Arguments> a = new ArrayList<>();
        for (String target : List.of("x86_64", "aarch64")) {
            for (String model : List.of("static", "pic")) {
                for (int opt : new int[]{0, 3}) a.add(Arguments.of(target, opt, model));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "rustc {0} opt-level={1} relocation-model={2}")
    @MethodSource("builds")
    void theBindingsReadAndWriteEnumsAsRustcLaysThemOut(String target, int opt, String model) throws Exception {
        boolean a64 = target.equals("aarch64");
        Path dir = ws.dir.resolve(target + "-O" + opt + "-" + model);
        DriftBuild.bindings(Lang.RUST, dir, target, DriftBuild.source(steg));
        try (InputStream in = getClass().getResourceAsStream("/bindings/rust-enum-oracle/lib.rs")) {
            assertThat(in).isNotNull();
            Files.write(dir.resolve("lib.rs"), in.readAllBytes());
        }
        Path obj = dir.resolve("fx.o");
        RustBindingsLinkTest.compileRust(ws, target, opt, model, dir.resolve("lib.rs"), obj,
                "--check-cfg", "cfg(negative_tags)", "--cfg", "negative_tags");
        Path crate = ws.pack(dir.getFileName() + ".rcrate", steg, List.of(), obj, runtime[a64 ? 1 : 0]);
        String program = dir.getFileName() + "-app";
        LinkResult r = ws.link(program, crate);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = a64 ? ws.run(ws.dir.resolve(program), "qemu-aarch64") : ws.run(ws.dir.resolve(program));
        assertThat(ran.code()).as(ran.out()).isZero();
        assertThat(ran.out()).as("lines of lib.rs whose check failed, then their count").isEqualTo("0\n");
    }
}
