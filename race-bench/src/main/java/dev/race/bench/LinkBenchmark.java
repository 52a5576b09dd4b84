package dev.race.bench;

import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link RaceLinker} link of given {@code .rcrate} files, repeated in a warm JVM: the figure for a toolchain
 * that embeds RACE (a build server, a Maven build linking several programs), reported beside the whole-process
 * figure of {@code bench/link.sh}, never instead of it. Each iteration is one link (single-shot); the output is
 * written, as the command line would. Run by {@code WARM=1 bench/link.sh}, or:
 * {@code java -jar race-bench/target/race-benchmarks.jar LinkBenchmark -p crates=a.rcrate:b.rcrate -p output=x}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LinkBenchmark {
    /** The inputs in link order, separated by {@code :} (JMH splits a parameter at commas into several values). */
    @Param({""})
    public String crates;

    /** The executable to write. */
    @Param({""})
    public String output;

    private RaceLinker linker;

    @Setup(Level.Trial)
    public void setUp() {
        if (crates.isBlank() || output.isBlank()) {
            throw new IllegalArgumentException("LinkBenchmark needs -p crates=A.rcrate:B.rcrate -p output=FILE");
        }
        List<Path> inputs = new ArrayList<>();
        for (String c : crates.split(":")) inputs.add(Path.of(c));
        linker = RaceLinker.builder().inputs(inputs).output(Path.of(output)).build();
    }

    @Benchmark
    public LinkResult link() {
        LinkResult r = linker.link();
        if (!r.ok()) {
            throw new IllegalStateException("link failed: " + r.errors().get(0).render());
        }
        return r;
    }
}
