package org.nlsig.math.activations;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.nlsig.math.SampleMatrix;

/** Inputs the studies draw, and the element-wise application of a function to them. */
final class StudyInputs {
    private StudyInputs() {
    }

    /**
     * A generator for one cell of a study, seeded from the study's seed and the cell's indices, so a result does not
     * depend on the order (or the threads) in which cells are computed.
     */
    static SplittableRandom random(long seed, int... cell) {
        long h = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int c : cell) {
            h = (h ^ c) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return new SplittableRandom(h);
    }

    static SampleMatrix gaussian(SplittableRandom random, int n, int d, double mean, double std) {
        double[] v = new double[n * d];
        for (int k = 0; k < v.length; k++) {
            v[k] = mean + std * random.nextGaussian();
        }
        return new SampleMatrix(n, d, v);
    }

    static SampleMatrix uniform(SplittableRandom random, int n, int d, double lower, double upper) {
        double[] v = new double[n * d];
        for (int k = 0; k < v.length; k++) {
            v[k] = lower + (upper - lower) * random.nextDouble();
        }
        return new SampleMatrix(n, d, v);
    }

    /** count equally spaced points from lower to upper inclusive (NumPy's linspace). */
    static double[] linspace(double lower, double upper, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one point, got " + count);
        }
        double[] p = new double[count];
        for (int i = 0; i < count; i++) {
            p[i] = count == 1 ? lower : lower + (upper - lower) * i / (count - 1);
        }
        return p;
    }

    static SampleMatrix map(SampleMatrix x, DoubleUnaryOperator f) {
        double[] in = x.values();
        double[] out = new double[in.length];
        for (int k = 0; k < in.length; k++) {
            out[k] = f.applyAsDouble(in[k]);
        }
        return new SampleMatrix(x.rows(), x.cols(), out);
    }

    static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    static <T> List<T> requireNonEmpty(String what, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return List.copyOf(values);
    }
}
