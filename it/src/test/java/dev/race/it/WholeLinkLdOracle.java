package dev.race.it;

import dev.race.bench.gen.LinkWorkload;
import dev.race.bench.gen.LinkWorkload.CrateFiles;
import dev.race.bench.gen.LinkWorkload.Workload;
import dev.race.format.elf.ElfObject;
import dev.race.format.pack.CratePacker;
import dev.race.format.pack.PackResult;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GNU ld as the oracle for RACE's patcher (DESIGN.md: given the same layout constants, RACE's output must be
 * byte-identical to GNU ld's for {@code -fno-pic} input). A generated workload of 120 objects (every constant marker
 * kind ({@code off}, {@code size}, {@code align}, {@code tag}, {@code slot}), nested member paths, cross-object calls, {@code .rodata}, {@code .data}, {@code .bss}) is compiled by gcc,
 * packed, and linked twice: by {@link RaceLinker}, and by {@code ld.bfd} given {@code layout.o} (the constants as
 * absolute symbols, values from RACE's layout solver) and RACE's output section addresses. Both place input
 * sections in command-line order, so every input section lands at the same address; the test compares each one's
 * bytes (located through ld's map), the global symbols, and what both programs print.
 *
 * <p>One subclass per target: {@link LdOracleTest} (x86-64, {@code -fno-pic}) and {@link AArch64LdOracleTest}
 * (AArch64, {@code -mcmodel=large}, where markers are literal-pool words and {@code movz}/{@code movk}: the forms
 * GNU ld patches the same way; the small model's {@code adrp}+{@code add} pairs are rewritten to {@code movz} by
 * RACE, which ld never does, so they are checked by race-codegen's golden and oracle tests instead).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WholeLinkLdOracle {
    /** The target's name for race ({@code x86_64}, {@code aarch64}). */
    abstract String target();

    /** The C compiler, which also assembles {@code layout.s}. */
    abstract String cc();

    /** The flags every workload object is compiled with. */
    abstract List<String> cflags();

    /** GNU ld for the target. */
    abstract String ld();

    /** What runs a program of the target: empty natively, {@code qemu-aarch64} otherwise. */
    abstract List<String> runner();

    private static final Pattern MAP_INPUT =
            Pattern.compile("^ (\\.[A-Za-z0-9_.]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+(\\S+\\.o)$");

    private static final Pattern OWN_SYMBOL = Pattern.compile("(f|g|run|mt|r|d|b)_\\d+(_\\d+)?|arena|_start");

    Path dir;
    Workload workload;
    ElfImage race;
    List<String> sectionStarts;

    /** One input section as ld placed it. */
    record Placed(String object, String section, long addr, long size) {
    }

    @BeforeAll
    void buildAndLink(@TempDir Path tmp) throws Exception {
        dir = tmp;
        assertThat(Tools.present(cc())).as(cc() + " is not installed (CI installs it: .ci/run)").isTrue();
        assertThat(Tools.present(ld())).as(ld() + " is not installed (CI installs it: .ci/run)").isTrue();
        workload = LinkWorkload.write(dir, new LinkWorkload.Options(120, 3, 8, 0, 3, 7, true), target());
        compile(workload);
        Tools.check(dir, List.of(cc(), "-c", "layout.s", "-o", "layout.o"));
        List<Path> rcrates = new ArrayList<>();
        for (CrateFiles c : workload.crates()) rcrates.add(pack(c));

        LinkResult r = RaceLinker.builder().inputs(rcrates).output(dir.resolve("race.exe")).gcSections(false)
                .build().link();
        assertThat(r.errors()).as("race link diagnostics").isEmpty();
        assertThat(r.ok()).isTrue();
        race = ElfImage.read(dir.resolve("race.exe"));
        sectionStarts = new ArrayList<>();
        for (ElfImage.Section s : race.sections()) {
            if (s.alloc()) sectionStarts.add("--section-start=" + s.name() + "=0x" + Long.toHexString(s.addr()));
        }
    }

    private void compile(Workload w) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> jobs = new ArrayList<>();
            for (String src : w.sources()) {
                List<String> cmd = new ArrayList<>(List.of(cc()));
                cmd.addAll(cflags());
                cmd.addAll(List.of("-c", src, "-o", src.replace(".c", ".o")));
                jobs.add(pool.submit(() -> Tools.check(dir, cmd)));
            }
            for (Future<String> f : jobs) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private Path pack(CrateFiles c) throws IOException {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(c.steg(), Files.readString(dir.resolve(c.steg()))));
        if (c.importSteg() != null) {
            sources.add(new Source(c.importSteg(), Files.readString(dir.resolve(c.importSteg()))));
        }
        CompileResult compiled = StegCompiler.compile(sources);
        assertThat(compiled.hasErrors()).as("%s compiles: %s", c.steg(), compiled.diagnostics()).isFalse();
        List<ElfObject> objects = new ArrayList<>();
        for (String o : c.objects()) objects.add(ElfObject.read(o, ByteBuffer.wrap(Files.readAllBytes(dir.resolve(o)))));
        PackResult p = CratePacker.pack(compiled.crates().get(0), compiled.crates().subList(1, compiled.crates().size()),
                RcrateTarget.byName(target()), objects);
        assertThat(p.errors()).as("pack %s", c.name()).isEmpty();
        Path out = dir.resolve(c.name() + ".rcrate");
        RcrateWriter.writeAtomically(out, p.file());
        return out;
    }

    /** Links the workload's objects and {@code layout} with GNU ld at RACE's section addresses. */
    private List<Placed> ldLink(String layout, String exe) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ld(), "-static", "-e", "_start", "-Map=" + exe + ".map",
                "-o", exe));
        cmd.addAll(sectionStarts);
        cmd.addAll(workload.objects());
        cmd.add(layout);
        Tools.check(dir, cmd);
        ElfImage ld = ElfImage.read(dir.resolve(exe));
        List<Placed> placed = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(exe + ".map"))) {
            Matcher m = MAP_INPUT.matcher(line);
            if (!m.matches() || !workload.objects().contains(m.group(4))) continue;
            Placed p = new Placed(m.group(4), m.group(1), Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16));
            // only what is loaded: not .comment and the like, which the map lists at address 0
            if (ld.sections().stream().anyMatch(s -> s.alloc() && s.contains(p.addr(), p.size()))) placed.add(p);
        }
        return placed;
    }

    /** Every input section whose bytes differ between RACE's output and {@code exe}, with the first differing byte. */
    private List<String> differences(List<Placed> placed, String exe) throws IOException {
        ElfImage ld = ElfImage.read(dir.resolve(exe));
        List<String> diffs = new ArrayList<>();
        for (Placed p : placed) {
            if (p.size() == 0) continue;
            byte[] want = ld.bytesAt(p.addr(), (int) p.size());
            byte[] got;
            try {
                got = race.bytesAt(p.addr(), (int) p.size());
            } catch (IllegalArgumentException e) {
                diffs.add(p.object() + " " + p.section() + ": not in RACE's output at 0x" + Long.toHexString(p.addr()));
                continue;
            }
            for (int i = 0; i < want.length; i++) {
                if (want[i] != got[i]) {
                    diffs.add(String.format("%s %s+0x%x (address 0x%x): RACE wrote %02x, ld %02x", p.object(),
                            p.section(), i, p.addr() + i, got[i] & 0xff, want[i] & 0xff));
                    break;
                }
            }
        }
        return diffs;
    }

    private String runProgram(String exe) throws Exception {
        List<String> cmd = new ArrayList<>(runner());
        cmd.add(dir.resolve(exe).toString());
        return Tools.check(dir, cmd);
    }

    @Test
    void theWorkloadUsesEveryConstantMarkerKind() {
        assertThat(workload.markers().keySet().stream().map(n -> n.substring(7, n.indexOf('_', 7))).distinct())
                .containsExactlyInAnyOrder("off", "size", "align", "tag", "slot");
        // a nested member path: struct field, then a field of the embedded type (e.g. _2f32f1)
        assertThat(workload.markers().keySet()).anyMatch(n -> n.matches("__race_off_.*_\\d+f\\d+\\d+f\\d+"));
        assertThat(workload.markerUses()).isGreaterThan(2_000);
    }

    @Test
    void everyInputSectionIsByteIdenticalToGnuLd() throws Exception {
        List<Placed> placed = ldLink("layout.o", "ld.exe");
        // every object contributes .text, .rodata, .data and .bss; main.o at least .text and .bss
        assertThat(placed.stream().filter(p -> p.size() > 0).count())
                .isGreaterThanOrEqualTo(4L * (workload.objects().size() - 1));
        assertThat(differences(placed, "ld.exe")).isEmpty();

        Map<String, Long> ldSymbols = new LinkedHashMap<>(ElfImage.read(dir.resolve("ld.exe")).globals());
        // the workload's own symbols (not ld's _edata, _end, __bss_start nor layout.o's absolute markers)
        ldSymbols.keySet().removeIf(n -> !OWN_SYMBOL.matcher(n).matches());
        assertThat(ldSymbols).containsKeys("_start", "arena", "f_0_0", "g_119", "run_119", "mt_5", "r_5", "d_5", "b_5");
        assertThat(race.globals()).containsAllEntriesOf(ldSymbols);
    }

    @Test
    void bothProgramsPrintTheSameChecksum() throws Exception {
        ldLink("layout.o", "ld.exe");
        String ld = runProgram("ld.exe");
        assertThat(ld).matches("[0-9a-f]{16}\n");
        assertThat(runProgram("race.exe")).isEqualTo(ld);
    }

    /** The comparison can fail: one constant changed in ld's layout.o shows up as differing bytes and output. */
    @Test
    void aDifferentConstantIsCaught() throws Exception {
        String marker = firstMarkerOf("o0.c");
        long value = workload.markers().get(marker);
        Map<String, Long> bad = new LinkedHashMap<>(workload.markers());
        bad.put(marker, value + 1);
        Files.writeString(dir.resolve("layout-bad.s"), Workload.layoutAsm(bad), StandardCharsets.UTF_8);
        Tools.check(dir, List.of(cc(), "-c", "layout-bad.s", "-o", "layout-bad.o"));
        List<Placed> placed = ldLink("layout-bad.o", "ld-bad.exe");

        List<String> diffs = differences(placed, "ld-bad.exe");
        assertThat(diffs).as("a constant of %s changed from %d to %d", marker, value, value + 1)
                .anyMatch(d -> d.startsWith("o0.o .text+"));
        assertThat(runProgram("ld-bad.exe")).isNotEqualTo(runProgram("race.exe"));
    }

    /** The first marker object {@code source} declares, which its first function uses. */
    private String firstMarkerOf(String source) throws IOException {
        for (String line : Files.readAllLines(dir.resolve(source))) {
            if (line.startsWith("extern const char __race_")) {
                return line.substring("extern const char ".length(), line.indexOf('['));
            }
        }
        throw new AssertionError(source + " declares no marker");
    }
}
