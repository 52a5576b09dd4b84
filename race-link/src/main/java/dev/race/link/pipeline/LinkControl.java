package dev.race.link.pipeline;

import dev.race.link.api.Cancellation;
import dev.race.link.api.PassListener;

import java.util.concurrent.Executor;

/**
 * How a link runs, as opposed to what it links ({@link LinkOptions}): where its parallel work runs, who may cancel
 * it, who is told of each pass. None of it changes the output.
 *
 * @param executor     runs the link's parallel chunks; null: a pool of {@code options.threads()} threads made for
 *                     this link and shut down after it (the default)
 * @param cancellation asked at each pass boundary, each chunk boundary and inside the long single-threaded passes
 *                     (check-contracts, solve-layouts, answer-queries); null: the link cannot be cancelled
 * @param listener     told as each pass starts; null: nobody
 */
public record LinkControl(Executor executor, Cancellation cancellation, PassListener listener) {
    public static final LinkControl DEFAULT = new LinkControl(null, null, null);
}
