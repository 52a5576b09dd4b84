package dev.race.link.api;

/**
 * A request, from any thread, that the links (or packs) given this object stop. A toolchain makes one per build
 * (or per job), hands it to each {@link dev.race.link.RaceLinker.Builder#cancellation builder}, and calls
 * {@link #cancel()} when its user aborts; a link that sees it stops at the next pass boundary or, inside a pass, at
 * the next chunk of parallel work or the next unit of a long single-threaded pass (an importer, view or item of the
 * contract check; a type of the layout solve; an input or 256 queries of the query answers), writes no output file, and returns a result whose error has the code
 * {@link DiagnosticCode#CANCELLED}. Cancelling is one-way and idempotent; one object may be shared by several links.
 *
 * <p>A toolchain with a cancel token of its own (an IDE's progress monitor, a build tool's interrupt flag) may
 * subclass this and override {@link #isCancelled()} to ask it. The links call it from their worker threads, often
 * (once per unit of work named above), so it must be thread-safe and cheap, and once it has answered {@code true}
 * it must keep answering {@code true}.
 */
public class Cancellation {
    private volatile boolean cancelled;

    /** Asks every link that holds this object to stop. Safe from any thread, any number of times. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called; polled by the links and packs that hold this object. */
    public boolean isCancelled() {
        return cancelled;
    }
}
