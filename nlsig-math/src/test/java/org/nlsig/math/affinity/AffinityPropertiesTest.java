package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.linalg.Blas;

/** The invariances docs/method.md's definition implies, on random data of random shapes, on both paths. */
class AffinityPropertiesTest {
    private static final AffinityScorer LW = AffinityScorer.defaults();

    /*
     * rho = 1 when Y = A X + b with A symmetric positive definite holds exactly for the unregularised, equivariant
     * covariance: the Gaussian Monge map is then A itself. docs/method.md adds eps I (and Ledoit-Wolf shrinks towards a
     * multiple of I), which moves the map by O(eps / smallest variance): the golden case Y = 2X scores 1 - 1.3e-6 at
     * unit scale. So the property is checked where eps is negligible against the spectrum (scale 1e3), for every SPD
     * A with the sample covariance and for A = cI with Ledoit-Wolf (shrinkage commutes with scaling).
     */
    @Property(tries = 25)
    void scoreIsOneForSymmetricPositiveDefiniteAffineImages(@ForAll @IntRange(min = 8, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 90) int d, @ForAll long seed) {
        Random rnd = new Random(seed);
        SampleMatrix x = gaussian(rnd, n, d, 1e3);
        SampleMatrix spdImage = affineImage(x, randomSpd(rnd, d), rnd);
        if (n >= 2 * d + 2) {
            // n >= 2d + 2 keeps the sample covariance well conditioned, so eps stays negligible against its spectrum
            // (the data-span path, which auto never picks here, reaches only ~1e-7: its residual Gram matrix
            // Gxx - Py Py^T cancels when X lies in Y's span, and the sample covariance has no shrinkage to hide it)
            AffinityResult r = LW.withCovariance(CovarianceEstimator.sample()).score(x, spdImage);
            assertEquals(EvaluationPath.DIRECT, r.path());
            assertEquals(1.0, r.rho(), 1e-9, "sample covariance, n=" + n + " d=" + d);
        }
        double[] scalar = new double[d * d];
        double c = 0.1 + rnd.nextDouble() * 5;
        for (int j = 0; j < d; j++) {
            scalar[j * d + j] = c;
        }
        AffinityResult lw = LW.score(x, affineImage(x, scalar, rnd));
        assertEquals(1.0, lw.rho(), 1e-9, "Ledoit-Wolf, A = " + c + " I, n=" + n + " d=" + d + " " + lw.path());
    }

    @Property(tries = 30)
    void scoreIsInTheUnitIntervalAndInvariantUnderSymmetries(@ForAll @IntRange(min = 4, max = 50) int n,
            @ForAll @IntRange(min = 1, max = 80) int d, @ForAll long seed) {
        Random rnd = new Random(seed);
        SampleMatrix x = gaussian(rnd, n, d, 1 + rnd.nextDouble() * 3);
        SampleMatrix y = elementwise(x, rnd.nextInt(4));
        double rho = LW.score(x, y).rho();
        assertTrue(rho >= 0 && rho <= 1, "rho=" + rho);

        int[] perm = permutation(rnd, n);
        assertEquals(rho, LW.score(permuteRows(x, perm), permuteRows(y, perm)).rho(), 1e-9, "sample permutation");

        double[] q = randomOrthogonal(rnd, d);
        assertEquals(rho, LW.score(rotate(x, q), rotate(y, q)).rho(), 1e-8, "common rotation");

        assertEquals(rho, LW.score(translate(x, rnd), translate(y, rnd)).rho(), 1e-8, "translation");
    }

    /**
     * Scaling moves the score only through eps I: invariant to 1e-9 once the spectrum dwarfs eps, so for activations
     * whose output scales with the input (ReLU, GELU, square; not tanh, whose saturated outputs have tiny variances).
     */
    @Property(tries = 20)
    void scoreIsInvariantUnderCommonScaling(@ForAll @IntRange(min = 4, max = 50) int n,
            @ForAll @IntRange(min = 1, max = 80) int d, @ForAll long seed) {
        Random rnd = new Random(seed);
        SampleMatrix x = gaussian(rnd, n, d, 300);
        SampleMatrix y = elementwise(x, new int[] {0, 2, 3}[rnd.nextInt(3)]);
        double s = 1 + rnd.nextDouble() * 100;
        assertEquals(LW.score(x, y).rho(), LW.score(scale(x, s), scale(y, s)).rho(), 1e-9, "scaling by " + s);
    }

    private static SampleMatrix affineImage(SampleMatrix x, double[] a, Random rnd) {
        int n = x.rows();
        int d = x.cols();
        double[] y = Blas.multiply(x.values(), a, n, d, d);
        for (int j = 0; j < d; j++) {
            double b = rnd.nextGaussian() * 5;
            for (int i = 0; i < n; i++) {
                y[i * d + j] += b;
            }
        }
        return new SampleMatrix(n, d, y);
    }

    // ---- data makers -------------------------------------------------------------------------------------------

    static SampleMatrix gaussian(Random rnd, int n, int d, double scale) {
        // Correlated features z (I + M), with ||M||_2 <= ||M||_F = 1/2 so that no direction nearly cancels: the
        // properties hold to 1e-9 only where eps is negligible against every variance (at d = 1 an unscaled
        // M ~ -1 left variances near eps and broke them by ~1e-8).
        double[] mix = new double[d * d];
        double frobenius = 0;
        for (int k = 0; k < mix.length; k++) {
            mix[k] = rnd.nextGaussian();
            frobenius += mix[k] * mix[k];
        }
        for (int k = 0; k < mix.length; k++) {
            mix[k] *= 0.5 / Math.sqrt(frobenius);
        }
        double[] z = new double[n * d];
        for (int k = 0; k < z.length; k++) {
            z[k] = rnd.nextGaussian() * scale;
        }
        double[] v = Blas.multiply(z, mix, n, d, d);
        for (int k = 0; k < v.length; k++) {
            v[k] += z[k] + 0.3;
        }
        return new SampleMatrix(n, d, v);
    }

    /** 0 ReLU, 1 tanh, 2 GELU-like x*sigmoid(1.702x), 3 square. */
    static SampleMatrix elementwise(SampleMatrix x, int kind) {
        double[] v = x.values().clone();
        for (int k = 0; k < v.length; k++) {
            double t = v[k];
            v[k] = switch (kind) {
                case 0 -> Math.max(0, t);
                case 1 -> Math.tanh(t);
                case 2 -> t / (1 + Math.exp(-1.702 * t));
                default -> t * t;
            };
        }
        return new SampleMatrix(x.rows(), x.cols(), v);
    }

    static double[] randomSpd(Random rnd, int d) {
        double[] q = randomOrthogonal(rnd, d);
        double[] scaled = new double[d * d];
        for (int i = 0; i < d; i++) {
            double l = 0.2 + rnd.nextDouble() * 3;
            for (int j = 0; j < d; j++) {
                scaled[i * d + j] = q[i * d + j] * l;
            }
        }
        double[] a = new double[d * d];
        Blas.gemm(true, false, d, d, d, 1.0, q, d, scaled, d, 0.0, a, d);
        Blas.mirrorUpper(a, d);
        return a;
    }

    /** Rows of a random orthogonal matrix (Gram-Schmidt on Gaussian vectors). */
    static double[] randomOrthogonal(Random rnd, int d) {
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            double norm;
            do {
                for (int j = 0; j < d; j++) {
                    q[i * d + j] = rnd.nextGaussian();
                }
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        dot += q[i * d + j] * q[k * d + j];
                    }
                    for (int j = 0; j < d; j++) {
                        q[i * d + j] -= dot * q[k * d + j];
                    }
                }
                norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += q[i * d + j] * q[i * d + j];
                }
                norm = Math.sqrt(norm);
            } while (norm < 1e-6);
            for (int j = 0; j < d; j++) {
                q[i * d + j] /= norm;
            }
        }
        return q;
    }

    static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static SampleMatrix permuteRows(SampleMatrix m, int[] p) {
        int d = m.cols();
        double[] v = new double[m.values().length];
        for (int i = 0; i < m.rows(); i++) {
            System.arraycopy(m.values(), p[i] * d, v, i * d, d);
        }
        return new SampleMatrix(m.rows(), d, v);
    }

    static SampleMatrix rotate(SampleMatrix m, double[] q) {
        return new SampleMatrix(m.rows(), m.cols(), Blas.multiplyTransposed(m.values(), q, m.rows(), m.cols(),
                m.cols()));
    }

    static SampleMatrix scale(SampleMatrix m, double s) {
        double[] v = m.values().clone();
        for (int k = 0; k < v.length; k++) {
            v[k] *= s;
        }
        return new SampleMatrix(m.rows(), m.cols(), v);
    }

    static SampleMatrix translate(SampleMatrix m, Random rnd) {
        double[] v = m.values().clone();
        int d = m.cols();
        double[] t = new double[d];
        for (int j = 0; j < d; j++) {
            t[j] = rnd.nextGaussian() * 10;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] += t[k % d];
        }
        return new SampleMatrix(m.rows(), d, v);
    }
}
