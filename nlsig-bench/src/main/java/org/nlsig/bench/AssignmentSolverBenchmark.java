package org.nlsig.bench;

import java.util.concurrent.TimeUnit;
import org.nlsig.bench.baseline.PreviousJonkerVolgenantSolver;
import org.nlsig.math.transport.Assignment;
import org.nlsig.math.transport.AssignmentSolver;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact assignment solver alone on dense squared-distance costs; {@code solver=previous} is the first version,
 * the same-run baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssignmentSolverBenchmark {
    @Param({"512", "1024", "2048", "4096"})
    int n;

    @Param({"current", "previous"})
    String solver;

    private double[] cost;
    private AssignmentSolver instance;

    @Setup
    public void setUp() {
        cost = BenchmarkData.transportCost(n, 7);
        instance = switch (solver) {
            case "current" -> AssignmentSolver.exact();
            case "previous" -> new PreviousJonkerVolgenantSolver();
            default -> throw new IllegalArgumentException("solver is current or previous, not " + solver);
        };
    }

    @Benchmark
    public Assignment solve() {
        return instance.solve(cost, n);
    }
}
