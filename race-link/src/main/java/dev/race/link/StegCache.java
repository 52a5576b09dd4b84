package dev.race.link;

import dev.race.steg.lang.ParsedSource;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parsed {@code .steg} sources of a run of packs: each distinct source (its name as given and its text) is
 * parsed once, however many packs import it, and on however many threads they run. Keyed by the text read from
 * the file each time, so a file that changes between two packs is parsed again, never seen stale. Thread-safe;
 * it keeps every source it parsed for its lifetime, so give one to a batch of packs
 * ({@link RacePacker#packAll}, {@link RacePacker.Builder#stegCache}) rather than keeping one forever.
 */
public final class StegCache {
    private final ConcurrentHashMap<Source, CompletableFuture<ParsedSource>> parsed = new ConcurrentHashMap<>();
    private final AtomicInteger parses = new AtomicInteger();

    /** The source parsed, by this call or an earlier one (a call for a source being parsed waits for it). */
    ParsedSource parse(Source source) {
        CompletableFuture<ParsedSource> mine = new CompletableFuture<>();
        CompletableFuture<ParsedSource> known = parsed.putIfAbsent(source, mine);
        if (known != null) {
            return known.join();
        }
        parses.incrementAndGet();
        try {
            ParsedSource p = StegCompiler.parse(source);
            mine.complete(p);
            return p;
        } catch (RuntimeException | Error e) {
            parsed.remove(source, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** How many sources were parsed (a source found here again is not counted). */
    public int parses() {
        return parses.get();
    }
}
