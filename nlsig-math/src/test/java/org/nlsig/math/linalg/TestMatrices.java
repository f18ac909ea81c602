package org.nlsig.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Small matrices and comparisons shared by the linear-algebra tests. */
final class TestMatrices {
    private TestMatrices() {
    }

    /** F F^T for a random n x k F. */
    static double[] randomPsd(Random rnd, int n, int k) {
        double[] f = new double[n * k];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextGaussian();
        }
        return Blas.multiplyTransposed(f, f, n, k, n);
    }

    static double trace(double[] s, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += s[i * n + i];
        }
        return t;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void assertClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "entry " + i);
        }
    }

}
