package dev.race.link.pipeline;

import dev.race.codegen.Target;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.vtable.VtableSynthesizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Everything one link knows, filled in pass by pass ({@link Pipeline}). One context per link and no static state,
 * so several links may run in one JVM at once. Hot data are arrays indexed by input and by a link-wide section
 * number ({@code sectionBase[input] + section index in that input}).
 */
public final class LinkContext {
    public final LinkOptions options;
    /** Where {@link #parallelFor} runs its chunks (the caller's executor, or the link's own pool). */
    private final Executor executor;
    /** How many chunks may run at once (the link's {@code threads}). */
    private final int parallelism;
    private final dev.race.link.api.Cancellation cancellation;
    /** Set when the thread running the link is interrupted: stops the chunks as a cancellation does. */
    private volatile boolean interrupted;
    private final List<Diagnostic> diagnostics = Collections.synchronizedList(new ArrayList<>());

    // ReadInputs
    List<InputCrate> inputs = List.of();
    // CheckTarget
    RcrateTarget rcrateTarget;
    Target target;
    TargetSpec spec;
    // SolveLayouts
    LayoutSolver solver;
    VtableSynthesizer vtables;
    /** Per input, per query index: the constant answer (unused for vtable queries). */
    long[][] answers;
    // IndexSections (after vtables are materialized: the synthetic input is the last one)
    int[] sectionBase;
    int sectionCount;
    /** Per input: relocation indices sorted by section, and the start of each section's run (length sections+1). */
    int[][] relocOrder;
    int[][] relocStart;
    /**
     * Per input, per relocation: its class, decided once ({@link #RELOC_ORDINARY}, {@link #RELOC_CONSTANT} or
     * {@link #RELOC_ADDRESS}), so no later pass asks the relocation's query again.
     */
    byte[][] relocClass;
    /** An ordinary relocation: against a symbol's address. */
    static final byte RELOC_ORDINARY = 0;
    /** A semantic relocation answered by a layout constant (patched in place, even in a relocatable output). */
    static final byte RELOC_CONSTANT = 1;
    /** A semantic relocation against an address the link synthesizes (a vtable's, an init image's). */
    static final byte RELOC_ADDRESS = 2;
    // ResolveSymbols
    /** Global symbol name to its definition: {@code input << 32 | symbol}. */
    final GlobalSymbols globals = new GlobalSymbols();
    /**
     * Per input, per symbol: what a non-local symbol resolves to ({@code input << 32 | symbol}, -1 when nothing
     * defines it), so that the passes after resolution follow a reference without looking its name up; a local
     * symbol is its own definition.
     */
    long[][] definition;
    /** Per link-wide section: discarded as a duplicate COMDAT group member. */
    boolean[] discarded;
    // GcSections
    boolean[] live;
    // LayOutSections
    final List<OutputPlan> outputs = new ArrayList<>();
    /** Per link-wide section: its output section (-1 if not placed) and its offset there. */
    int[] outputOf;
    long[] offsetIn;
    /** Per link-wide section: the piece map of a merged (SHF_MERGE) input section, else null. */
    SectionMerger.Pieces[] pieces;
    // CreateThunks: range-extension thunks placed right after the input section whose branches need them
    /** A thunk's destination: the definition ({@code input << 32 | symbol}) and the branch's addend. */
    record ThunkKey(long definition, long addend) {
    }

    /** Link-wide section to the thunks placed after it, in the order first needed. */
    final Map<Integer, List<ThunkKey>> thunks = new HashMap<>();
    /** Per link-wide section: offset of its first thunk in its output section. */
    long[] thunkOffset;
    // AssignAddresses
    /** Per input, per symbol: final address (or absolute value) of what the symbol resolves to. */
    long[][] symbolAddress;
    /** Per input, per symbol: true when the symbol resolves to nothing (undefined weak: address 0). */
    boolean[][] symbolMissing;
    /** COMMON symbols allocated by the link: name to address offset in the .bss output. */
    final Map<String, Long> commonOffset = new HashMap<>();
    long entryAddress;
    // Patch
    /** Per output section (relocatable output, or an executable whose file could not be planned): its bytes. */
    byte[][] outputBytes;
    /**
     * An executable's file, planned before the patch pass ({@link #filePlan}), which writes every section's
     * contents straight into {@link #fileImage} at {@link #fileOffset}; null when the output is built per section.
     */
    dev.race.codegen.elf.ElfExecutableWriter.FilePlan filePlan;
    /** The executable's file being patched (with {@link #filePlan}); the writer completes it into {@link #image}. */
    byte[] fileImage;
    /** Per output section: where its contents start in {@link #fileImage} (with {@link #filePlan}). */
    long[] fileOffset;
    // Write
    byte[] image;
    /** Pass name to milliseconds, in run order. */
    final Map<String, Long> timings = new java.util.LinkedHashMap<>();

    LinkContext(LinkOptions options, Executor executor, dev.race.link.api.Cancellation cancellation) {
        this.options = options;
        this.executor = executor;
        this.parallelism = options.threads();
        this.cancellation = cancellation;
    }

    /** True when the link was asked to stop (its {@link dev.race.link.api.Cancellation}, or an interrupt). */
    boolean cancelRequested() {
        return interrupted || (cancellation != null && cancellation.isCancelled());
    }

    /** Throws {@link Pipeline.LinkCancelled} when the link was asked to stop. */
    void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            interrupted = true;
        }
        if (cancelRequested()) {
            throw new Pipeline.LinkCancelled();
        }
    }

    /**
     * Runs {@code body} for every index in {@code [0, n)}, in chunks, on the link's executor and on the calling
     * thread, and returns when every chunk has run. Each chunk first checks for a cancellation, so a cancelled link
     * stops within a chunk. The calling thread takes chunks too and only waits for chunks already started by a
     * worker, so a saturated (or single-threaded, or the caller's own) executor slows a link but never deadlocks it.
     * The first exception a chunk throws is rethrown here after the other chunks have stopped.
     */
    void parallelFor(int n, IntConsumer body) {
        if (n == 0) {
            return;
        }
        int chunks = Math.min(n, parallelism * 4);
        int per = (n + chunks - 1) / chunks;
        int total = (n + per - 1) / per;
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < total; ) {
                try {
                    if (failure.get() == null) {
                        if (cancelRequested()) {
                            throw new Pipeline.LinkCancelled();
                        }
                        int end = Math.min(n, (c + 1) * per);
                        for (int i = c * per; i < end; i++) {
                            body.accept(i);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(parallelism, total) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the caller's executor is shut down or full: the calling thread does the work
            }
        }
        worker.run();
        boolean wasInterrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                wasInterrupted = true;
                interrupted = true; // the chunks still running stop at their next boundary
            }
        }
        if (wasInterrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        checkCancelled();
    }

    public void report(Diagnostic d) {
        diagnostics.add(d);
    }

    public void error(String message, List<String> details) {
        diagnostics.add(Diagnostic.error(message, details));
    }

    public void error(String message) {
        diagnostics.add(Diagnostic.error(message));
    }

    public boolean hasWarnings() {
        synchronized (diagnostics) {
            return diagnostics.stream().anyMatch(d -> !d.isError());
        }
    }

    public boolean hasErrors() {
        synchronized (diagnostics) {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    public List<Diagnostic> diagnostics() {
        synchronized (diagnostics) {
            return List.copyOf(diagnostics);
        }
    }

    public List<InputCrate> inputs() {
        return inputs;
    }

    RcrateFile file(int input) {
        return inputs.get(input).file();
    }

    int section(int input, int index) {
        return sectionBase[input] + index;
    }

    /** The input that holds link-wide section {@code s}. */
    int inputOf(int s) {
        int lo = 0;
        int hi = sectionBase.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (sectionBase[mid] <= s) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** {@code plugin.rcrate(plugin.o)}: how messages name the object a section came from. */
    String origin(int input, int index) {
        return inputs.get(input).name() + "(" + file(input).sections().get(index).origin() + ")";
    }

    public Map<String, Long> timings() {
        return timings;
    }

    public byte[] image() {
        return image;
    }

    public List<OutputPlan> outputs() {
        return outputs;
    }

    public LayoutSolver solver() {
        return solver;
    }

    public TargetSpec spec() {
        return spec;
    }
}
