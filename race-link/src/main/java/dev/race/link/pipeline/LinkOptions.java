package dev.race.link.pipeline;

import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable configuration of one link, built by {@link dev.race.link.RaceLinker.Builder}.
 *
 * @param inputs       the {@code .rcrate} files, in link order (section order in the output follows it)
 * @param output       the file to write, or null to link without writing (diagnostics and reports only)
 * @param target       {@code x86_64} / {@code aarch64}, or null to infer it from the inputs
 * @param kind         executable or relocatable object
 * @param entry        the entry symbol of an executable
 * @param map          where to write the link map, or null
 * @param layoutReport where to write the JSON layout report, or null
 * @param semver       how version numbers are weighed
 * @param gcSections   drop input sections no root reaches (executables only)
 * @param threads      worker threads for reading and patching; the output does not depend on it
 * @param base         the address of the first loadable section of an executable
 * @param forbid       effects no function the program reaches may have ({@code --forbid alloc,panic}); empty: no
 *                     policy (docs/contracts.md, "Effects over the call graph")
 * @param fatalWarnings a warning refuses the link as an error would ({@code --fatal-warnings})
 */
public record LinkOptions(List<Path> inputs, Path output, String target, OutputKind kind, String entry, Path map,
                          Path layoutReport, SemverMode semver, boolean gcSections, int threads, long base,
                          Set<String> forbid, boolean fatalWarnings) {
    public static final long DEFAULT_BASE = 0x400000L;

    public LinkOptions {
        inputs = List.copyOf(inputs);
        forbid = forbid == null ? Set.of() : Set.copyOf(forbid);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(semver, "semver");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** The options with warnings that are only warnings. */
    public LinkOptions(List<Path> inputs, Path output, String target, OutputKind kind, String entry, Path map,
                       Path layoutReport, SemverMode semver, boolean gcSections, int threads, long base,
                       Set<String> forbid) {
        this(inputs, output, target, kind, entry, map, layoutReport, semver, gcSections, threads, base, forbid, false);
    }

    /** The options without an effect policy. */
    public LinkOptions(List<Path> inputs, Path output, String target, OutputKind kind, String entry, Path map,
                       Path layoutReport, SemverMode semver, boolean gcSections, int threads, long base) {
        this(inputs, output, target, kind, entry, map, layoutReport, semver, gcSections, threads, base, Set.of());
    }
}
