package dev.race.bench;

import dev.race.layout.LayoutResult;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse + resolve + solve the layouts of a generated crate of {@code types} items, in a warm JVM (the
 * figure for a toolchain that embeds RACE). Run: {@code java -jar race-bench/target/race-benchmarks.jar ParseSolve}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ParseSolveBenchmark {
    @Param({"100000"})
    public int types;

    private Source source;
    private List<dev.race.steg.model.Crate> crates;
    private final TargetSpec target = TargetSpec.named("x86_64");

    @Setup(Level.Trial)
    public void setUp() {
        source = new Source("bench.steg", StegWorkload.generate(types, 42));
        CompileResult r = StegCompiler.compile(source);
        if (r.hasErrors()) {
            throw new IllegalStateException("generated workload does not compile: " + r.diagnostics().get(0).render());
        }
        crates = r.crates();
    }

    /** Text → resolved model. */
    @Benchmark
    public CompileResult parse() {
        return StegCompiler.compile(source);
    }

    /** Model → every layout. */
    @Benchmark
    public LayoutResult solve() {
        return new LayoutSolver(target, crates).solveAll();
    }

    /** Text → every layout: what `race layout` does after reading the file. */
    @Benchmark
    public LayoutResult parseAndSolve() {
        CompileResult r = StegCompiler.compile(source);
        return new LayoutSolver(target, r.crates()).solveAll();
    }
}
