package org.nlsig.bench;

import java.util.concurrent.TimeUnit;
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

/** The exact assignment solver alone on dense squared-distance costs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssignmentSolverBenchmark {
    @Param({"512", "1024", "2048", "4096"})
    int n;

    private double[] cost;
    private final AssignmentSolver solver = AssignmentSolver.exact();

    @Setup
    public void setUp() {
        cost = BenchmarkData.transportCost(n, 7);
    }

    @Benchmark
    public Assignment solve() {
        return solver.solve(cost, n);
    }
}
