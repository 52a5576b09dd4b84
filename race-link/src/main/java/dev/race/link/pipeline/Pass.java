package dev.race.link.pipeline;

/** One step of a link: reads and extends the {@link LinkContext}; reports problems as diagnostics. */
interface Pass {
    /** A short name for timings and {@code --time-passes}, e.g. {@code resolve-symbols}. */
    String name();

    void run(LinkContext cx) throws Exception;
}
