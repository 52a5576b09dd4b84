package dev.race.link;

import dev.race.link.api.Cancellation;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a toolchain does with the embedding API: two links of real gcc-compiled programs at once in one JVM, their
 * parallel work on one shared executor, one of them cancelled from another thread. The cancelled one returns a
 * CANCELLED error and leaves no file (not even a temporary one); the other writes a program that runs and prints
 * what its source says; the shared executor is still running and usable afterwards.
 */
class EmbeddingApiTest {
    private static Path crate(Workspace ws, String name, String greeting, long value) throws Exception {
        Path rt = ws.cc(name + "_rt", Workspace.RUNTIME_C, Workspace.NO_PIC);
        Path main = ws.cc(name + "_main", """
                void print_str(const char *s);
                void print_num(long v);
                long twice(long v) { return v * 2; }
                int main(void) { print_str("%s\\n"); print_num(twice(%d)); return 0; }
                """.formatted(greeting, value), Workspace.NO_PIC);
        RacePacker.Result r = RacePacker.builder().steg(ws.write(name + ".steg", "crate " + name + " 1.0.0;\n"))
                .objects(List.of(rt, main)).output(ws.dir.resolve(name + ".rcrate")).build().pack();
        assertThat(r.errors()).as("%s", r.diagnostics()).isEmpty();
        return r.output();
    }

    @Test
    void twoLinksShareAnExecutorAndOneIsCancelled(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path keptCrate = crate(ws, "kept", "kept link", 21);
        Path cancelledCrate = crate(ws, "dropped", "dropped link", 5);
        Path kept = tmp.resolve("out/kept");
        Path dropped = tmp.resolve("out/dropped");
        Files.createDirectories(kept.getParent());

        ExecutorService shared = Executors.newFixedThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            // both links must be in flight together: each waits at resolve-symbols until the other is there
            CountDownLatch bothRunning = new CountDownLatch(2);
            Cancellation cancel = new Cancellation();
            Cancellation neverCancelled = new Cancellation();
            RaceLinker keptLink = RaceLinker.builder().input(keptCrate).output(kept).threads(2)
                    .executor(shared).cancellation(neverCancelled)
                    .passListener(pass -> meet(pass, bothRunning)).build();
            RaceLinker droppedLink = RaceLinker.builder().input(cancelledCrate).output(dropped).threads(2)
                    .executor(shared).cancellation(cancel)
                    .passListener(pass -> {
                        meet(pass, bothRunning);
                        if (pass.equals("patch")) {
                            // the toolchain's user aborts this link while the other is still linking
                            try {
                                callers.submit(cancel::cancel).get(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).build();
            Future<LinkResult> keptRun = callers.submit(keptLink::link);
            Future<LinkResult> droppedRun = callers.submit(droppedLink::link);
            LinkResult k = keptRun.get(120, TimeUnit.SECONDS);
            LinkResult d = droppedRun.get(120, TimeUnit.SECONDS);

            assertThat(bothRunning.getCount()).isZero();
            assertThat(d.ok()).isFalse();
            assertThat(d.output()).isNull();
            assertThat(d.image()).isNull();
            assertThat(d.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.CANCELLED);
            assertThat(d.errors().get(0).message()).contains("cancelled").contains("patch");
            assertThat(d.passMillis()).containsKey("patch").doesNotContainKey("write-executable")
                    .doesNotContainKey("commit-output");
            assertThat(dropped).doesNotExist();
            try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("kept");
            }

            assertThat(k.errors()).as(rendered(k)).isEmpty();
            assertThat(k.output()).isEqualTo(kept);
            Workspace.Ran ran = ws.run(kept);
            assertThat(ran.out()).isEqualTo("kept link\n42\n");
            assertThat(ran.code()).isZero();

            assertThat(shared.isShutdown()).isFalse();
            assertThat(shared.submit(() -> 6 * 7).get(10, TimeUnit.SECONDS)).isEqualTo(42);
            // and it links again: the cancelled link, now without a cancellation, on the same executor
            LinkResult again = RaceLinker.builder().input(cancelledCrate).output(dropped).threads(2)
                    .executor(shared).build().link();
            assertThat(again.errors()).as(rendered(again)).isEmpty();
            assertThat(ws.run(dropped).out()).isEqualTo("dropped link\n10\n");
        } finally {
            shared.shutdownNow();
            callers.shutdownNow();
        }
    }

    @Test
    void aLinkCancelledBeforeItStartsReadsNothing(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path c = crate(ws, "early", "early", 1);
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        LinkResult r = RaceLinker.builder().input(c).output(tmp.resolve("early")).cancellation(cancel).build().link();
        assertThat(r.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.CANCELLED);
        assertThat(r.passMillis().keySet()).containsExactly("read-inputs");
        assertThat(tmp.resolve("early")).doesNotExist();
    }

    @Test
    void anInterruptedLinkingThreadCancelsTheLink(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path c = crate(ws, "intr", "intr", 1);
        LinkResult r = RaceLinker.builder().input(c).output(tmp.resolve("intr"))
                .passListener(pass -> {
                    if (pass.equals("gc-sections")) {
                        Thread.currentThread().interrupt();
                    }
                }).build().link();
        boolean stillInterrupted = Thread.interrupted(); // clears the flag for the rest of the tests
        assertThat(stillInterrupted).isTrue();
        assertThat(r.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.CANCELLED);
        assertThat(tmp.resolve("intr")).doesNotExist();
    }

    @Test
    void aCancelledPackWritesNothing(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path rt = ws.cc("rt", Workspace.RUNTIME_C, Workspace.NO_PIC);
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        RacePacker.Result r = RacePacker.builder().steg(ws.write("p.steg", "crate p 1.0.0;\n")).objects(List.of(rt))
                .output(tmp.resolve("p.rcrate")).cancellation(cancel).build().pack();
        assertThat(r.ok()).isFalse();
        assertThat(r.has(DiagnosticCode.CANCELLED)).isTrue();
        assertThat(tmp.resolve("p.rcrate")).doesNotExist();
    }

    @Test
    void aLinkCancelledAsCheckContractsStartsStopsThereAndWritesNothing(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path[] crates = bigContract(ws, 50, 1);
        Cancellation cancel = new Cancellation();
        List<String> seen = new java.util.ArrayList<>();
        LinkResult r = RaceLinker.builder().inputs(List.of(crates)).output(tmp.resolve("app")).cancellation(cancel)
                .passListener(pass -> {
                    seen.add(pass);
                    if (pass.equals("check-contracts")) cancel.cancel();
                }).build().link();
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).isNull();
        assertThat(r.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.CANCELLED);
        assertThat(r.errors().get(0).message()).isEqualTo("the link was cancelled (at pass check-contracts); no output"
                + " was written");
        assertThat(seen).endsWith("check-crates", "check-contracts");
        assertThat(r.passMillis()).containsKey("check-contracts").doesNotContainKey("solve-layouts");
        assertThat(tmp.resolve("app")).doesNotExist();
    }

    /**
     * Cancelled from another thread while the contract check runs, the link stops inside the pass, at its next poll
     * (it polls per importer, view, rule and item), and writes nothing. Deterministic: the token (a subclass, as a
     * toolchain with its own cancel flag would write) holds the link thread at the 100th poll inside
     * check-contracts until the other thread has called {@link Cancellation#cancel()}.
     */
    @Test
    void aLinkCancelledFromAnotherThreadStopsInsideTheContractCheck(@TempDir Path tmp) throws Exception {
        Workspace ws = new Workspace(tmp);
        Path[] crates = bigContract(ws, 500, 2);
        java.util.concurrent.atomic.AtomicReference<String> pass = new java.util.concurrent.atomic.AtomicReference<>("");
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger pollsAfterCancel = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        Cancellation cancel = new Cancellation() {
            @Override
            public boolean isCancelled() {
                if (pass.get().equals("check-contracts")) {
                    int n = polls.incrementAndGet();
                    if (n == 100) {
                        inside.countDown();
                        try {
                            assertThat(cancelled.await(60, TimeUnit.SECONDS)).as("the other thread never cancelled")
                                    .isTrue();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                boolean c = super.isCancelled();
                if (c) pollsAfterCancel.incrementAndGet();
                return c;
            }
        };
        ExecutorService user = Executors.newSingleThreadExecutor();
        try {
            Future<?> stop = user.submit(() -> {
                inside.await();
                cancel.cancel();
                cancelled.countDown();
                return null;
            });
            LinkResult r = RaceLinker.builder().inputs(List.of(crates)).output(tmp.resolve("app")).cancellation(cancel)
                    .passListener(pass::set).build().link();
            stop.get(60, TimeUnit.SECONDS);
            assertThat(polls.get()).as("polls inside check-contracts").isEqualTo(100);
            assertThat(pollsAfterCancel.get()).as("the first poll after cancel() stops the link").isEqualTo(1);
            assertThat(r.ok()).isFalse();
            assertThat(r.output()).isNull();
            assertThat(r.image()).isNull();
            assertThat(r.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.CANCELLED);
            assertThat(r.errors().get(0).message()).contains("at pass check-contracts");
            assertThat(r.passMillis()).doesNotContainKey("solve-layouts");
            assertThat(tmp.resolve("app")).doesNotExist();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("app"));
            }
        } finally {
            user.shutdownNow();
        }
        // the same link uncancelled polls far more than 100 times in the pass: the stop above was inside it
        java.util.concurrent.atomic.AtomicInteger all = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> at = new java.util.concurrent.atomic.AtomicReference<>("");
        Cancellation counting = new Cancellation() {
            @Override
            public boolean isCancelled() {
                if (at.get().equals("check-contracts")) all.incrementAndGet();
                return super.isCancelled();
            }
        };
        LinkResult whole = RaceLinker.builder().inputs(List.of(crates)).output(tmp.resolve("whole"))
                .cancellation(counting).passListener(at::set).build().link();
        assertThat(all.get()).as("polls in a whole check-contracts (%s)", whole.errors()).isGreaterThan(1000);
    }

    /**
     * An engine of {@code n} frozen structs (no code) and {@code plugins} plugins whose own structs each hold one
     * of them by value, so that each plugin's import view of the engine keeps all {@code n}: the engine and the
     * plugins' .rcrate files.
     */
    private static Path[] bigContract(Workspace ws, int n, int plugins) throws Exception {
        StringBuilder engine = new StringBuilder("crate engine 1.0.0;\n");
        for (int i = 0; i < n; i++) {
            engine.append("#[frozen] pub struct S").append(i)
                    .append(" { pub a: u32, pub b: u64, pub c: [u16; 3], pub d: u8, pub e: i16, pub f: f64, pub g: u8,"
                            + " pub h: [u32; 2], pub i: i64, pub j: u16, pub k: f32, pub l: u8 }\n");
        }
        Path engineSteg = ws.write("engine.steg", engine.toString());
        List<Path> out = new java.util.ArrayList<>(List.of(ws.pack("engine.rcrate", engineSteg, List.of())));
        for (int k = 0; k < plugins; k++) {
            StringBuilder plugin = new StringBuilder("crate plugin" + k + " 1.0.0;\n");
            for (int i = 0; i < n; i++) {
                plugin.append("pub struct H").append(i).append(" { pub s: engine::S").append(i).append(", pub n: u32 }\n");
            }
            out.add(ws.pack("plugin" + k + ".rcrate", ws.write("plugin" + k + ".steg", plugin.toString()),
                    List.of(engineSteg)));
        }
        return out.toArray(Path[]::new);
    }

    private static void meet(String pass, CountDownLatch bothRunning) {
        if (pass.equals("resolve-symbols")) {
            bothRunning.countDown();
            try {
                assertThat(bothRunning.await(60, TimeUnit.SECONDS)).as("the other link never got this far").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
