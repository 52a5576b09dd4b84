package dev.race.link.pipeline;

import dev.race.link.api.Cancellation;
import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunked parallel loop the link's passes run their work through (LinkContext.parallelFor). */
class ParallelForTest {
    private static LinkContext context(int threads, java.util.concurrent.Executor executor, Cancellation c) {
        LinkOptions o = new LinkOptions(List.of(), null, null, OutputKind.EXECUTABLE, "_start", null, null,
                SemverMode.STRUCTURAL, true, threads, LinkOptions.DEFAULT_BASE);
        return new LinkContext(o, executor, c);
    }

    @Test
    void aCancellationStopsTheLoopAtTheNextChunk() {
        Cancellation cancel = new Cancellation();
        // one thread: 8 indices in 4 chunks of 2, run in order by the calling thread
        LinkContext cx = context(1, Runnable::run, cancel);
        ConcurrentSkipListSet<Integer> ran = new ConcurrentSkipListSet<>();
        assertThatThrownBy(() -> cx.parallelFor(8, i -> {
            ran.add(i);
            if (i == 2) {
                cancel.cancel();
            }
        })).isInstanceOf(Pipeline.LinkCancelled.class);
        assertThat(ran).containsExactly(0, 1, 2, 3); // the chunk that cancelled finishes; no later chunk starts
    }

    @Test
    void everyIndexRunsOnceOnASharedPool() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            LinkContext cx = context(3, pool, new Cancellation());
            int[] hits = new int[1000];
            cx.parallelFor(hits.length, i -> hits[i]++);
            assertThat(hits).containsOnly(1);
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBusyExecutorSlowsTheLoopButDoesNotDeadlockIt() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            one.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            LinkContext cx = context(4, one, null);
            ConcurrentSkipListSet<Integer> ran = new ConcurrentSkipListSet<>();
            cx.parallelFor(100, ran::add); // the only worker is blocked: the calling thread does every chunk
            assertThat(ran).hasSize(100);
        } finally {
            release.countDown();
            one.shutdown();
            assertThat(one.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theFirstFailureOfAChunkIsRethrown() {
        LinkContext cx = context(2, Runnable::run, null);
        assertThatThrownBy(() -> cx.parallelFor(10, i -> {
            if (i == 7) {
                throw new IllegalArgumentException("bad index 7");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad index 7");
    }
}
