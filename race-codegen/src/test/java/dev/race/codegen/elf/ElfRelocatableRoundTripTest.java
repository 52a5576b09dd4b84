package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles C with gcc, rebuilds each object as a {@link RelImage} from what race-format reads, writes it back and
 * lets readelf, gcc/GNU ld and the program itself judge the result: the listing must match the compiler's object,
 * the link must succeed without a warning (no missing .note.GNU-stack) and the program must print what the
 * compiler's own object prints.
 */
class ElfRelocatableRoundTripTest {
    /**
     * Exercises .text and .text.startup, .data with pointers into merged strings (R_X86_64_64 / R_AARCH64_ABS64),
     * .bss, a COMMON symbol, a hidden symbol, TLS (.tdata, .tbss), a weak function, a constructor (.init_array),
     * .eh_frame and a call into libc.
     */
    static final String PROGRAM = """
            #include <stdio.h>
            static int counter = 41;
            int table[4] = {1, 2, 3, 4};
            static int zeroes[8];
            int common_thing;
            __thread int tls_value = 5;
            __thread int tls_zero;
            const char *names[] = {"alpha", "beta"};
            __attribute__((visibility("hidden"))) int hidden_total = 3;
            static void __attribute__((constructor)) init(void) { counter++; }
            __attribute__((weak)) int weak_fn(int x) { return x * 2; }
            int main(void) {
                zeroes[3] = 7;
                tls_zero += 3;
                printf("%s %d %d %d %d\\n", names[1], counter, table[2] + zeroes[3], weak_fn(21),
                       tls_value + tls_zero + common_thing + hidden_total);
                return 0;
            }
            """;
    /** What PROGRAM prints: the constructor ran (42), 3 + 7, 21 * 2, 5 + 3 + 0 + 3. */
    static final String EXPECTED = "beta 42 10 42 11\n";

    @TempDir
    Path dir;

    @Test
    void x86_64NonPicObjectRoundTripsAndLinksWithLibc() throws IOException {
        Path orig = compile("gcc", "-O2", "-fno-pic", "-fcommon");
        assertThat(read(orig).machine()).isEqualTo(Elf.EM_X86_64);
        Path written = rewrite(orig);
        assertSameListing("readelf", orig, written);
        assertThat(linkAndRun(written, "gcc", "-no-pie")).isEqualTo(EXPECTED)
                .isEqualTo(linkAndRun(orig, "gcc", "-no-pie"));
    }

    /** "Any system linker": lld, mold and gold (through gcc's driver) must accept the written object too. */
    @Test
    void x86_64ObjectLinksWithLldMoldAndGold() throws IOException {
        Path written = rewrite(compile("gcc", "-O2", "-fno-pic", "-fcommon"));
        for (String linker : List.of("lld", "mold", "gold")) {
            assertThat(linkAndRun(written, "gcc", "-no-pie", "-fuse-ld=" + linker)).as(linker).isEqualTo(EXPECTED);
        }
        Path pie = rewrite(compile("gcc", "-O2", "-fcommon"));
        for (String linker : List.of("lld", "mold", "gold")) {
            assertThat(linkAndRun(pie, "gcc", "-fuse-ld=" + linker)).as(linker + " -pie").isEqualTo(EXPECTED);
        }
    }

    @Test
    void x86_64PieObjectRoundTripsAndLinksAsPie() throws IOException {
        Path orig = compile("gcc", "-O2", "-fcommon");
        Path written = rewrite(orig);
        assertSameListing("readelf", orig, written);
        // gcc's default on this platform is -fPIE: string addresses are PC-relative (no R_X86_64_32, which a PIE
        // link refuses) and pointer tables move to .data.rel.local.
        String out = Tools.run(dir, "readelf", "-W", "-S", "-r", written.getFileName().toString());
        assertThat(out).contains(".data.rel.local").doesNotContain("R_X86_64_32 ");
        assertThat(linkAndRun(written, "gcc")).isEqualTo(EXPECTED);
        assertThat(Tools.run(dir, "readelf", "-h", "prog")).contains("DYN (Position-Independent Executable");
    }

    @Test
    void aarch64ObjectRoundTripsAndRunsUnderQemu() throws IOException {
        Path orig = compile("aarch64-linux-gnu-gcc", "-O2", "-fcommon");
        assertThat(read(orig).machine()).isEqualTo(Elf.EM_AARCH64);
        Path written = rewrite(orig);
        assertSameListing("readelf", orig, written);
        assertThat(linkAndRun(written, "aarch64-linux-gnu-gcc", "-static")).isEqualTo(EXPECTED);
    }

    @Test
    void writingIsDeterministicAndReadableByRaceFormat() throws IOException {
        Path orig = compile("gcc", "-O2", "-fno-pic", "-fcommon");
        RelImage image = RelObjects.image(read(orig));
        byte[] a = ElfRelocatableWriter.write(image);
        byte[] b = ElfRelocatableWriter.write(RelObjects.image(read(orig)));
        assertThat(a).isEqualTo(b);
        ElfObject back = ElfObject.read("written.o", java.nio.ByteBuffer.wrap(a));
        // Locals first, sh_info one past the last local, and every relocation points at the right symbol name.
        int locals = (int) image.symbols().stream().filter(RelSymbol::isLocal).count();
        assertThat(back.symbols().firstGlobal()).isEqualTo(locals + 1);
        assertThat(back.symbols().count()).isEqualTo(image.symbols().size() + 1);
        // A second round trip through the reader gives the same image: nothing lost, nothing invented.
        assertThat(ElfRelocatableWriter.write(RelObjects.image(back))).isEqualTo(a);
    }

    private Path compile(String gcc, String... flags) throws IOException {
        Files.writeString(dir.resolve("prog.c"), PROGRAM);
        String[] cmd = new String[flags.length + 5];
        cmd[0] = gcc;
        System.arraycopy(flags, 0, cmd, 1, flags.length);
        cmd[flags.length + 1] = "-c";
        cmd[flags.length + 2] = "prog.c";
        cmd[flags.length + 3] = "-o";
        cmd[flags.length + 4] = "orig.o";
        Tools.run(dir, cmd);
        return dir.resolve("orig.o");
    }

    private static ElfObject read(Path file) throws IOException {
        return RelObjects.read(file);
    }

    private Path rewrite(Path orig) throws IOException {
        Path written = dir.resolve("written.o");
        Files.write(written, ElfRelocatableWriter.write(RelObjects.image(read(orig))));
        return written;
    }

    private void assertSameListing(String readelf, Path orig, Path written) throws IOException {
        RelObjects.Listing want = RelObjects.listing(dir, orig.getFileName().toString(), readelf);
        RelObjects.Listing got = RelObjects.listing(dir, written.getFileName().toString(), readelf);
        assertThat(want.sections()).isNotEmpty();
        assertThat(want.relocations()).hasSizeGreaterThan(5);
        assertThat(got.sections()).containsExactlyElementsOf(want.sections());
        assertThat(got.symbols()).containsExactlyElementsOf(want.symbols());
        assertThat(got.relocations()).containsExactlyElementsOf(want.relocations());
    }

    /** Links {@code object} into {@code prog} with {@code gcc}; the link must print nothing; returns the output. */
    String linkAndRun(Path object, String gcc, String... flags) throws IOException {
        String[] cmd = new String[flags.length + 4];
        cmd[0] = gcc;
        System.arraycopy(flags, 0, cmd, 1, flags.length);
        cmd[flags.length + 1] = object.getFileName().toString();
        cmd[flags.length + 2] = "-o";
        cmd[flags.length + 3] = "prog";
        assertThat(Tools.run(dir, cmd)).as("link output of %s", object).isEmpty();
        List<String> run = gcc.startsWith("aarch64") ? List.of("qemu-aarch64", "./prog") : List.of("./prog");
        Tools.Result r = Tools.exec(dir, run.toArray(String[]::new));
        assertThat(r.exitCode()).isZero();
        return r.output();
    }
}
