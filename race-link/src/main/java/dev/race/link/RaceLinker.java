package dev.race.link;

import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.LinkContext;
import dev.race.link.pipeline.LinkOptions;
import dev.race.link.pipeline.Pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 */
public final class RaceLinker {
    private final LinkOptions options;

    private RaceLinker(LinkOptions options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LinkOptions options() {
        return options;
    }

    /** Runs the link. Problems with the inputs are diagnostics in the result, never exceptions. */
    public LinkResult link() {
        LinkContext cx = Pipeline.run(options);
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

        private Builder() {
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
                    gcSections, threads, base, forbid, fatalWarnings));
        }
    }
}
