package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Range-extension thunks: a call ({@code bl}, CALL26) and a tail call ({@code b}, JUMP26) across 136 MiB of code,
 * beyond the ±128 MiB a branch reaches, in both directions. RACE routes them through veneers placed after the
 * calling section; the program, run under qemu-aarch64, shows every call arrived.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AArch64ThunkTest {
    static final List<String> FLAGS = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
            "-fno-builtin", "-fno-unwind-tables", "-fno-asynchronous-unwind-tables");
    static final long GAP = 136L << 20;

    Workspace ws;
    Path near;
    Path gap;
    Path far;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        AArch64Tools.require();
        ws = new Workspace(tmp);
        Path nearSteg = ws.write("near.steg", "crate near 1.0.0;\npub fn main() -> i32;\npub fn back() -> i32;\n");
        near = ws.pack("near.rcrate", nearSteg, List.of(), ws.cc(AArch64Tools.GCC, "near", Workspace.RUNTIME_C + """
                int far_fn(int x);
                int far_tail(int x);
                __attribute__((noinline)) int tail(int x) { return far_tail(x + 1); }  /* b far_tail: JUMP26 */
                int back(void) { print_str("back\\n"); return 5; }
                int main(void) {
                    print_num(far_fn(1));   /* bl far_fn: CALL26 */
                    print_num(tail(10));
                    return 0;
                }
                """, FLAGS));
        Path gapSteg = ws.write("gap.steg", "crate gap 1.0.0;\n");
        Path gapS = ws.write("gap.s", "\t.text\n\t.globl gap_start\ngap_start:\n\t.skip " + GAP + "\n");
        Path gapO = ws.dir.resolve("gap.o");
        ws.exec("aarch64-linux-gnu-as", gapS.toString(), "-o", gapO.toString());
        gap = ws.pack("gap.rcrate", gapSteg, List.of(), gapO);
        Path farSteg = ws.write("far.steg", "crate far 1.0.0;\npub fn far_fn(x: i32) -> i32;\npub fn far_tail(x: i32) -> i32;\n");
        far = ws.pack("far.rcrate", farSteg, List.of(), ws.cc(AArch64Tools.GCC, "far", """
                int back(void);
                void print_str(const char *s);
                int far_fn(int x) { print_str("far\\n"); return x + back(); }  /* bl back: CALL26, backwards */
                int far_tail(int x) { return x * 2; }
                """, FLAGS));
    }

    @Test
    void branchesBeyond128MiBGoThroughVeneersAndArrive() throws Exception {
        Path map = ws.dir.resolve("thunks.map");
        LinkResult r = ws.link("thunks", b -> b.mapFile(map).gcSections(false), near, gap, far);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        Workspace.Ran ran = ws.run(ws.dir.resolve("thunks"), "qemu-aarch64");
        assertThat(ran.out()).isEqualTo("far\nback\n6\n22\n");
        // the calls really cross the gap: far_fn lies more than 128 MiB after main
        String syms = ws.exec("aarch64-linux-gnu-nm", ws.dir.resolve("thunks").toString());
        long main = address(syms, "main");
        long farFn = address(syms, "far_fn");
        assertThat(farFn - main).isGreaterThan(1L << 27);
        // and each one goes through adrp x16 / add x16 / br x16
        String dis = ws.exec("aarch64-linux-gnu-objdump", "-d", "--start-address=0x" + Long.toHexString(main),
                "--stop-address=0x" + Long.toHexString(main + 0x400), ws.dir.resolve("thunks").toString());
        assertThat(dis).contains("br\tx16");
        Files.deleteIfExists(ws.dir.resolve("thunks"));
    }

    @Test
    void withinRangeNoThunkIsMade() throws Exception {
        Path farSteg = ws.dir.resolve("far.steg");
        LinkResult r = ws.link("near-only", b -> b.gcSections(false), near, far);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        assertThat(ws.run(ws.dir.resolve("near-only"), "qemu-aarch64").out()).isEqualTo("far\nback\n6\n22\n");
        assertThat(ws.exec("aarch64-linux-gnu-objdump", "-d", ws.dir.resolve("near-only").toString()))
                .doesNotContain("br\tx16");
        assertThat(farSteg).exists();
    }

    private static long address(String nm, String symbol) {
        for (String line : nm.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 3 && p[2].equals(symbol)) {
                return Long.parseUnsignedLong(p[0], 16);
            }
        }
        throw new AssertionError(symbol + " not in nm output");
    }
}
