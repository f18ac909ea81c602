package org.nlsig.bench;

import java.util.concurrent.TimeUnit;
import org.nlsig.bench.baseline.PreviousJonkerVolgenantSolver;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityResult;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.linalg.Blas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One affinity score (Ledoit-Wolf, exact transport) at n = 512 for growing d: issue 2's speed targets. {@code threads}
 * is OpenBLAS's (process-wide) thread count; {@code solver=previous} scores with the first version of the assignment
 * solver, a same-run baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AffinityScoreBenchmark {
    @Param({"512"})
    int n;

    @Param({"64", "256", "1024", "2048", "4096"})
    int d;

    @Param({"1", "2"})
    int threads;

    @Param({"current"})
    String solver;

    private SampleMatrix x;
    private SampleMatrix y;
    private AffinityScorer scorer;

    @Setup
    public void setUp() {
        Blas.setNativeThreads(threads);
        x = BenchmarkData.correlatedGaussian(n, d, 42);
        y = BenchmarkData.relu(x);
        AffinityScorer defaults = AffinityScorer.defaults();
        scorer = switch (solver) {
            case "current" -> defaults;
            case "previous" -> new AffinityScorer(defaults.covariance(), defaults.path(),
                    new PreviousJonkerVolgenantSolver());
            default -> throw new IllegalArgumentException("solver is current or previous, not " + solver);
        };
    }

    @Benchmark
    public AffinityResult score() {
        return scorer.score(x, y);
    }

    /**
     * Two scores at once, one per core, as the signature pipeline runs them (sites in parallel, one BLAS thread each;
     * run with {@code -p threads=1}): the throughput of the engine on this machine, where {@link #score} is the latency
     * of one score. Reported in scores per second over both threads.
     */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AffinityResult twoScoresAtOnce() {
        return scorer.score(x, y);
    }
}
