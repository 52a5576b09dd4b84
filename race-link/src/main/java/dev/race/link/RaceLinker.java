package dev.race.link;

import dev.race.link.api.Cancellation;
import dev.race.link.api.OutputKind;
import dev.race.link.api.PassListener;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.LinkContext;
import dev.race.link.pipeline.LinkControl;
import dev.race.link.pipeline.LinkOptions;
import dev.race.link.pipeline.Pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The embedding API of the RACE linker: configure a link with {@link #builder()}, run it with {@link #link()}.
 * A {@code RaceLinker} is immutable and holds no static state, so one JVM (a Maven build, an IDE, a build server)
 * may run any number of links at once, and may run the same one again.
 *
 * <pre>{@code
 * LinkResult r = RaceLinker.builder()
 *         .inputs(List.of(Path.of("engine-2.0.rcrate"), Path.of("plugin.rcrate")))
 *         .output(Path.of("app"))
 *         .build()
 *         .link();
 * r.diagnostics().forEach(d -> System.err.println(d.render()));
 * }</pre>
 *
 * <p>A toolchain that runs many links shares one {@link Builder#executor executor} between them and cancels them
 * with a {@link Cancellation} (docs/embedding.md).
 */
public final class RaceLinker {
    private final LinkOptions options;
    private final LinkControl control;

    private RaceLinker(LinkOptions options, LinkControl control) {
        this.options = options;
        this.control = control;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LinkOptions options() {
        return options;
    }

    /**
     * Runs the link on the calling thread (and on the {@link Builder#executor executor} for its parallel work).
     * Problems with the inputs are diagnostics in the result, never exceptions; a cancelled link (its
     * {@link Builder#cancellation cancellation}, or an interrupt of the calling thread) returns a failed result whose
     * last error has the code {@link dev.race.link.api.DiagnosticCode#CANCELLED} and writes no file.
     */
    public LinkResult link() {
        LinkContext cx = Pipeline.runThrough(options, null, control);
        boolean ok = !cx.hasErrors();
        return new LinkResult(ok, cx.diagnostics(), ok ? options.output() : null, ok ? cx.image() : null,
                new LinkedHashMap<>(cx.timings()));
    }

    /** Collects the options of a link; every setter returns the builder. */
    public static final class Builder {
        private final List<Path> inputs = new ArrayList<>();
        private Path output;
        private String target;
        private OutputKind kind = OutputKind.EXECUTABLE;
        private String entry = "_start";
        private Path map;
        private Path layoutReport;
        private SemverMode semver = SemverMode.STRUCTURAL;
        private boolean gcSections = true;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long base = LinkOptions.DEFAULT_BASE;
        private Set<String> forbid = Set.of();
        private boolean fatalWarnings;
        private Executor executor;
        private Cancellation cancellation;
        private PassListener listener;

        private Builder() {
        }

        /**
         * Runs the link's parallel work (reading inputs, assigning addresses, patching) on {@code executor}, in
         * at most {@link #threads threads} chunks at once, with the calling thread taking part. The executor is not
         * shut down and may be shared by any number of links at once; a single-threaded or busy one never
         * deadlocks a link, it only slows it. Null (the default): each link makes and shuts down its own pool.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Lets another thread stop the link with {@link Cancellation#cancel()}: it stops at the next pass or chunk
         * boundary, or inside the contract check, the layout solve or the query answers (which poll it), writes no output file, and its result has a {@code CANCELLED} error. Null: not cancellable
         * (except by interrupting the thread that runs it).
         */
        public Builder cancellation(Cancellation cancellation) {
            this.cancellation = cancellation;
            return this;
        }

        /** Told on the linking thread as each pass starts (progress, or cancelling at a known point). */
        public Builder passListener(PassListener listener) {
            this.listener = listener;
            return this;
        }

        /** Adds one {@code .rcrate} input; inputs keep the order they are added in. */
        public Builder input(Path rcrate) {
            inputs.add(Objects.requireNonNull(rcrate, "rcrate"));
            return this;
        }

        public Builder inputs(Collection<Path> rcrates) {
            rcrates.forEach(this::input);
            return this;
        }

        /** The file to write; without one the link runs and reports but writes no output file. */
        public Builder output(Path file) {
            this.output = file;
            return this;
        }

        /** {@code x86_64} or {@code aarch64}; by default the inputs' target. */
        public Builder target(String name) {
            this.target = name;
            return this;
        }

        public Builder outputKind(OutputKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /** The entry symbol of an executable ({@code _start} by default). */
        public Builder entry(String symbol) {
            this.entry = Objects.requireNonNull(symbol, "symbol");
            return this;
        }

        public Builder mapFile(Path file) {
            this.map = file;
            return this;
        }

        public Builder layoutReport(Path file) {
            this.layoutReport = file;
            return this;
        }

        public Builder semver(SemverMode mode) {
            this.semver = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Whether unreachable input sections are dropped from an executable (on by default). */
        public Builder gcSections(boolean on) {
            this.gcSections = on;
            return this;
        }

        /** Worker threads for reading and patching (default: available processors); the output is the same. */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** The address of the first loadable section of an executable (default 0x400000, as GNU ld's). */
        public Builder baseAddress(long address) {
            this.base = address;
            return this;
        }

        /**
         * An effect policy: the link is refused when the program can reach a function declaring one of
         * {@code effects} (or an external function with no STEG declaration); empty (the default) checks none.
         */
        public Builder forbid(Set<String> effects) {
            this.forbid = Set.copyOf(effects);
            return this;
        }

        /** Whether a warning refuses the link as an error does (GNU ld's {@code --fatal-warnings}); off by default. */
        public Builder fatalWarnings(boolean on) {
            this.fatalWarnings = on;
            return this;
        }

        public RaceLinker build() {
            return new RaceLinker(new LinkOptions(inputs, output, target, kind, entry, map, layoutReport, semver,
                    gcSections, threads, base, forbid, fatalWarnings),
                    new LinkControl(executor, cancellation, listener));
        }
    }
}
