package dev.race.link.api;

/**
 * Told, on the thread that called {@code link()}, as each pass of a link starts: for a progress bar, or to
 * {@link Cancellation#cancel() cancel} the link at a known point. It must not block for long; an exception it throws
 * is not caught by the link.
 */
@FunctionalInterface
public interface PassListener {
    /** The pass named {@code pass} (as in {@code --time-passes}, e.g. {@code patch}) is about to run. */
    void passStarting(String pass);
}
