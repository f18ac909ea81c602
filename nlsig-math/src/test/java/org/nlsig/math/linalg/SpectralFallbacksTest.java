package org.nlsig.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Every LAPACK failure on the way to M^{-1/2} has a fallback: bisection (dstebz) that cannot separate a cluster of
 * eigenvalues is replaced by Gershgorin bounds, and the Jacobi eigensolver that replaces a dsyevd without convergence
 * gives dsyevd's decomposition.
 */
class SpectralFallbacksTest {

    /** c I plus a perturbation at rounding level: the spectrum of M for a numerically constant output. */
    private static double[] nearlyScalar(Random rnd, int n, double c, double relative) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = (i == j ? c : 0) + c * relative * rnd.nextGaussian();
                m[i * n + j] = v;
                m[j * n + i] = v;
            }
        }
        return m;
    }

    @Property(tries = 25)
    void spectrumBoundsHoldEvenWhereBisectionFails(@ForAll @IntRange(min = 2, max = 400) int n,
            @ForAll @DoubleRange(min = -14, max = -2) double log10Spread,
            @ForAll @DoubleRange(min = -30, max = 6) double log10Scale, @ForAll long seed) {
        double c = Math.pow(10, log10Scale);
        double[] m = nearlyScalar(new Random(seed), n, c, Math.pow(10, log10Spread) / n);
        TridiagonalReduction.SpectrumBounds b = TridiagonalReduction.of(m, n).extremeEigenvalues();
        SymmetricEigen e = SymmetricEigen.of(m, n);
        double slack = 64 * n * Math.ulp(Math.abs(e.largest()));
        assertTrue(b.lo() <= e.values()[0] + slack, "lo " + b.lo() + " > " + e.values()[0] + " " + b.fallback());
        assertTrue(b.hi() >= e.largest() - slack, "hi " + b.hi() + " < " + e.largest() + " " + b.fallback());
    }

    @Property(tries = 25)
    void inverseSquareRootOfNearlyScalarMatricesNeverThrowsAndMatchesTheSpectralOne(
            @ForAll @IntRange(min = 96, max = 360) int n, @ForAll @DoubleRange(min = -16, max = -6) double log10Spread,
            @ForAll @DoubleRange(min = -30, max = 3) double log10Scale, @ForAll long seed) {
        double c = Math.pow(10, log10Scale);
        double[] m = nearlyScalar(new Random(seed), n, c, Math.pow(10, log10Spread) / n);
        InverseSquareRoot chosen = InverseSquareRoot.of(m, n, n);
        InverseSquareRoot spectral = InverseSquareRoot.spectral(m, n, n);
        double expected = spectral.traceOfSquareRoot();
        assertEquals(expected, chosen.traceOfSquareRoot(), 1e-12 * expected, chosen.route());
        double[] dense = spectral.congruence(identity(n), n);
        double[] fast = chosen.congruence(identity(n), n);
        double scale = 1 / Math.sqrt(c);
        for (int k = 0; k < dense.length; k++) {
            assertEquals(dense[k], fast[k], 1e-11 * scale, chosen.route() + " entry " + k);
        }
    }

    @Property(tries = 20)
    void jacobiGivesTheEigendecompositionOfDsyevd(@ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll @IntRange(min = 0, max = 60) int rank, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] m = TestMatrices.randomPsd(rnd, n, Math.min(rank, n));
        for (int i = 0; i < n; i++) {
            m[i * n + i] += rnd.nextDouble() - 0.5; // indefinite too
        }
        SymmetricEigen lapack = SymmetricEigen.of(m, n);
        NumericalFallback why = new NumericalFallback("dsyevd", 1, JacobiEigen.NAME);
        SymmetricEigen jacobi = JacobiEigen.of(m, n, List.of(why));
        assertEquals(List.of(why), jacobi.fallbacks());
        double norm = Math.max(1e-300, Math.max(Math.abs(lapack.values()[0]), Math.abs(lapack.largest())));
        for (int k = 0; k < n; k++) {
            assertEquals(lapack.values()[k], jacobi.values()[k], 1e-12 * norm, "eigenvalue " + k);
        }
        // M V^T = V^T diag(l) with V's rows the vectors, and V orthonormal
        for (int k = 0; k < n; k++) {
            double[] v = java.util.Arrays.copyOfRange(jacobi.vectors(), k * n, (k + 1) * n);
            double[] mv = Blas.multiply(m, v, n, n, 1);
            double length = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(jacobi.values()[k] * v[i], mv[i], 1e-11 * norm, "vector " + k);
                length += v[i] * v[i];
            }
            assertEquals(1, length, 1e-12);
        }
        List<NumericalFallback> fallbacks = new ArrayList<>();
        double trace = SymmetricEigen.traceOfSquareRoot(m, n, fallbacks);
        double expected = 0;
        for (double l : lapack.values()) {
            expected += Math.sqrt(Math.max(0, l));
        }
        assertEquals(expected, trace, 1e-12 * Math.max(1, expected));
        assertTrue(fallbacks.isEmpty());
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }
}
