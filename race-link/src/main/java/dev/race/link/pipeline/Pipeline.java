package dev.race.link.pipeline;

import dev.race.link.api.OutputKind;

import java.util.List;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The link as a straight list of named passes over one {@link LinkContext}. A pass that reports an error ends the
 * link after it (later passes assume a consistent context); warnings do not.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** The passes, in order. Each line says what it leaves in the context. */
    static List<Pass> passes(OutputKind kind) {
        return List.of(
                new InputPasses.ReadInputs(),          // inputs: every .rcrate decoded (in parallel)
                new InputPasses.CheckTarget(),         // target, spec: one machine for all inputs
                new InputPasses.CheckCrates(),         // each crate exported once
                new InputPasses.CheckContracts(),      // import views against their exporters
                new SemanticPasses.SolveLayouts(),     // solver: every type of every crate laid out together
                new SemanticPasses.AnswerQueries(),    // answers: each layout query's constant
                new SemanticPasses.SynthesizeVtables(),// one more input: the vtables and their trampolines
                new SemanticPasses.SynthesizeInitImages(), // one more input: the init images (read-only data)
                new SymbolPasses.IndexSections(),      // link-wide section numbers, relocations by section
                new SymbolPasses.ResolveSymbols(),     // globals: one definition per name; COMDAT groups chosen
                new SymbolPasses.GcSections(),         // live: what the entry and the roots reach
                new CheckEffects(),                    // declared effects and --forbid over the live call graph
                new SectionPasses.LayOutSections(),    // outputs: input sections and merged constants placed
                new SectionPasses.AssignAddresses(),   // addresses of sections and symbols; undefined symbols
                new SectionPasses.CreateThunks(),      // range-extension thunks for branches that cannot reach
                new PatchPass(),                       // outputBytes: every relocation applied (in parallel)
                kind == OutputKind.EXECUTABLE          // image: the output file's bytes
                        ? new OutputPasses.WriteExecutable() : new OutputPasses.WriteRelocatable(),
                new OutputPasses.WriteReports(),       // --map, --layout-report
                new OutputPasses.CommitOutput());      // the output file, atomically, only if all went well
    }

    /** Runs a link; the returned context holds the diagnostics, timings and (when no error) the image. */
    public static LinkContext run(LinkOptions options) {
        return runThrough(options, null);
    }

    /**
     * Runs the passes of a link up to and including {@code lastPass} (null: all of them), e.g. through
     * {@code answer-queries} to learn what each query of the inputs is answered ({@code race dump --against}).
     */
    public static LinkContext runThrough(LinkOptions options, String lastPass) {
        return runThrough(options, lastPass, LinkControl.DEFAULT);
    }

    /**
     * Runs a link with {@code control}: its parallel work on the given executor, stopping when its cancellation
     * is asked. A cancelled link stops at the next pass (or chunk) boundary, or at the next poll of a long pass
     * (check-contracts, solve-layouts and answer-queries call {@code LinkContext.checkCancelled} as they go), with a
     * {@link DiagnosticCode#CANCELLED}
     * error; since the output is committed by the last pass only, and only without errors, it writes no file.
     */
    public static LinkContext runThrough(LinkOptions options, String lastPass, LinkControl control) {
        ForkJoinPool own = control.executor() == null ? new ForkJoinPool(options.threads()) : null;
        Executor executor = own != null ? own : control.executor();
        LinkContext cx = new LinkContext(options, executor, control.cancellation());
        try {
            for (Pass p : passes(options.kind())) {
                long t0 = System.nanoTime();
                try {
                    cx.checkCancelled();
                    if (control.listener() != null) {
                        control.listener().passStarting(p.name());
                        cx.checkCancelled();
                    }
                    p.run(cx);
                } catch (LinkCancelled e) {
                    cx.report(Diagnostic.error(DiagnosticCode.CANCELLED, "the link was cancelled (at pass "
                            + p.name() + "); no output was written"));
                    cx.timings.put(p.name(), (System.nanoTime() - t0) / 1_000_000);
                    break;
                } catch (LinkAbort e) {
                    // the pass reported its errors already
                } catch (Exception e) {
                    if (e instanceof RuntimeException re && re.getCause() instanceof LinkAbort) {
                        // a parallel task aborted
                    } else {
                        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    }
                }
                cx.timings.put(p.name(), (System.nanoTime() - t0) / 1_000_000);
                if (options.fatalWarnings() && !cx.hasErrors() && cx.hasWarnings()) {
                    cx.error("warnings are errors (--fatal-warnings): the link stops after " + p.name());
                }
                if (cx.hasErrors() || p.name().equals(lastPass)) {
                    break;
                }
            }
        } finally {
            if (own != null) {
                own.shutdownNow();
            }
        }
        return cx;
    }

    /** Thrown at a pass or chunk boundary of a cancelled link. */
    static final class LinkCancelled extends RuntimeException {
        LinkCancelled() {
            super(null, null, false, false);
        }
    }

    /** Thrown by a pass to stop after reporting its errors. */
    static final class LinkAbort extends RuntimeException {
        LinkAbort() {
            super(null, null, false, false);
        }
    }
}
