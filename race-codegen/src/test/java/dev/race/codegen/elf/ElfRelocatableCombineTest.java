package dev.race.codegen.elf;

import dev.race.format.elf.ElfObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two compiled objects merged into one {@link RelImage} as {@code ld -r} would merge them (the merge lives in
 * {@link RelObjects#combine}; the real one is the link pipeline's), written, and finished by gcc: the program must
 * run and print what linking the two original objects prints. This is the shape of {@code --emit relocatable}:
 * one object holding several inputs, with their cross references resolved and libc references left open.
 */
class ElfRelocatableCombineTest {
    private static final String LIB = """
            #include <stdio.h>
            static int calls;
            static const char *prefix = "sum";
            int scale[3] = {10, 100, 1000};
            static void __attribute__((constructor)) hello(void) { puts("lib ready"); }
            int add(int a, int b) { calls++; return a + b; }
            int calls_so_far(void) { return calls; }
            const char *label(void) { return prefix; }
            """;
    private static final String MAIN = """
            #include <stdio.h>
            extern int scale[3];
            int add(int, int);
            int calls_so_far(void);
            const char *label(void);
            static long buffer[4];
            static const char *words[] = {"zero", "one", "two"};
            int main(void) {
                buffer[2] = add(scale[1], 2);
                buffer[3] = add(1, 1);
                printf("%s=%ld %s %d\\n", label(), buffer[2] + buffer[3], words[2], calls_so_far());
                return 0;
            }
            """;
    /** What the two files print: the library's constructor, then sum = 102 + 2, words[2], two calls. */
    private static final String EXPECTED = "lib ready\nsum=104 two 2\n";

    @TempDir
    Path dir;

    @Test
    void x86_64TwoObjectsCombinedLinkAndRun() throws IOException {
        combinedRuns("gcc", List.of("-O2", "-fno-pic"), List.of("-no-pie"), List.of());
        combinedRuns("gcc", List.of("-O2"), List.of(), List.of());
    }

    @Test
    void aarch64TwoObjectsCombinedLinkAndRunUnderQemu() throws IOException {
        combinedRuns("aarch64-linux-gnu-gcc", List.of("-O2"), List.of("-static"), List.of("qemu-aarch64"));
    }

    private void combinedRuns(String gcc, List<String> cflags, List<String> ldflags, List<String> runner)
            throws IOException {
        Files.writeString(dir.resolve("lib.c"), LIB);
        Files.writeString(dir.resolve("main.c"), MAIN);
        for (String name : List.of("lib", "main")) {
            Tools.run(dir, cmd(List.of(gcc), cflags, List.of("-c", name + ".c", "-o", name + ".o")));
        }
        ElfObject lib = RelObjects.read(dir.resolve("lib.o"));
        ElfObject main = RelObjects.read(dir.resolve("main.o"));
        RelImage image = RelObjects.combine(List.of(lib, main));
        // One .text, one .data...: the sections were merged by name, and add/scale are no longer undefined.
        assertThat(image.sections().stream().map(RelSection::name)).doesNotHaveDuplicates().contains(".text");
        assertThat(image.symbols().stream().filter(s -> s.section() == RelSymbol.UNDEF).map(RelSymbol::name))
                .contains("printf").doesNotContain("add", "scale", "label", "calls_so_far");
        Files.write(dir.resolve("both.o"), ElfRelocatableWriter.write(image));

        // The oracle: the same two objects linked by gcc directly.
        Tools.run(dir, cmd(List.of(gcc), ldflags, List.of("lib.o", "main.o", "-o", "reference")));
        String want = run(runner, "./reference");
        assertThat(want).isEqualTo(EXPECTED);

        assertThat(Tools.run(dir, cmd(List.of(gcc), ldflags, List.of("both.o", "-o", "combined")))).isEmpty();
        assertThat(run(runner, "./combined")).isEqualTo(want);
        // GNU ld itself accepts the object as input to another relocatable link.
        assertThat(Tools.run(dir, gcc.replace("gcc", "ld"), "-r", "both.o", "-o", "again.o")).isEmpty();
    }

    private String run(List<String> runner, String exe) throws IOException {
        Tools.Result r = Tools.exec(dir, cmd(runner, List.of(exe)));
        assertThat(r.exitCode()).as(exe).isZero();
        return r.output();
    }

    @SafeVarargs
    private static String[] cmd(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }
}
