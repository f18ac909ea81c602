package org.nlsig.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nlsig.math.linalg.TestMatrices.assertClose;
import static org.nlsig.math.linalg.TestMatrices.maxAbs;
import static org.nlsig.math.linalg.TestMatrices.randomPsd;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InverseSquareRootTest {

    @ParameterizedTest(name = "hi/lo = {0}")
    @ValueSource(doubles = {1.0, 1.5, 6.4, 100, 1e4})
    void zolotarevMeetsItsStatedErrorEverywhereOnTheInterval(double ratio) {
        double lo = 0.37;
        double hi = lo * ratio;
        ZolotarevInverseSqrt z = ZolotarevInverseSqrt.fewestPoles(lo, hi, 4e-15, 32).orElseThrow();
        assertTrue(z.relativeError() <= 4e-15, "stated " + z.relativeError());
        // independent of the grid the construction measured on: 20,001 points, ends included
        double worst = 0;
        for (int s = 0; s <= 20_000; s++) {
            double x = lo * Math.exp(Math.log(ratio) * s / 20_000);
            worst = Math.max(worst, Math.abs(Math.sqrt(x) * z.value(x) - 1));
        }
        assertTrue(worst <= 6e-15, "measured " + worst + " with " + z.poles() + " poles");
        for (int l = 0; l < z.poles(); l++) {
            assertTrue(z.weights()[l] > 0 && z.shifts()[l] > 0, "positive partial fractions");
        }
    }

    @Test
    void zolotarevNeedsMorePolesForWiderIntervalsAndGivesUpPastItsBudget() {
        int previous = 0;
        for (double ratio : new double[] {2, 10, 100, 1e3, 1e4}) {
            int poles = ZolotarevInverseSqrt.fewestPoles(1, ratio, 4e-15, 32).orElseThrow().poles();
            assertTrue(poles > previous, ratio + ": " + poles + " poles after " + previous);
            previous = poles;
        }
        assertEquals(8, ZolotarevInverseSqrt.fewestPoles(2, 2 * 6.4, 4e-15, 32).orElseThrow().poles());
        assertEquals(Optional.empty(), ZolotarevInverseSqrt.fewestPoles(1, 1e12, 4e-15, 32));
        // a loose tolerance takes few poles: the error really falls with the pole count
        ZolotarevInverseSqrt loose = ZolotarevInverseSqrt.fewestPoles(1, 100, 1e-3, 32).orElseThrow();
        assertEquals(4, loose.poles());
        assertTrue(loose.relativeError() > 1e-5, "4 poles on [1, 100]: about 9e-5");
    }

    @Test
    void tridiagonalReductionReproducesTheMatrixAndItsEigendecomposition() {
        int n = 90;
        double[] m = shifted(randomPsd(new Random(4), n, 40), n, 0.5);
        TridiagonalReduction t = TridiagonalReduction.of(m, n);
        // rows of the identity times Q are Q's rows; Q T Q^T must give M back
        double[] q = identity(n);
        t.rowsTimesQ(q, n);
        double[] tq = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = t.diagonal()[k] * q[i * n + k];
                if (k > 0) {
                    v += t.offDiagonal()[k - 1] * q[i * n + k - 1];
                }
                if (k + 1 < n) {
                    v += t.offDiagonal()[k] * q[i * n + k + 1];
                }
                tq[i * n + k] = v; // row i of Q T
            }
        }
        assertClose(m, Blas.multiplyTransposed(tq, q, n, n, n), 1e-12 * maxAbs(m));
        double[] back = q.clone();
        t.rowsTimesQTransposed(back, n);
        assertClose(identity(n), back, 1e-13);

        SymmetricEigen direct = SymmetricEigen.of(m, n);
        SymmetricEigen viaReduction = t.eigen().orElseThrow();
        assertClose(direct.values(), viaReduction.values(), 1e-12 * direct.largest());
        TridiagonalReduction.SpectrumBounds extremes = t.extremeEigenvalues();
        assertTrue(extremes.fallback().isEmpty(), "bisection succeeds on a well-separated spectrum");
        assertEquals(direct.values()[0], extremes.lo(), 1e-12 * direct.largest());
        assertEquals(direct.largest(), extremes.hi(), 1e-12 * direct.largest());
        // eigenvectors up to sign: M v = l v
        for (int k = 0; k < n; k += 17) {
            double[] v = java.util.Arrays.copyOfRange(viaReduction.vectors(), k * n, (k + 1) * n);
            double[] mv = Blas.multiply(m, v, n, n, 1);
            for (int i = 0; i < n; i++) {
                assertEquals(viaReduction.values()[k] * v[i], mv[i], 1e-11 * direct.largest());
            }
        }
    }

    @Test
    void rationalAndSpectralInverseSquareRootsAgreeToRounding() {
        int n = 150;
        double[] m = shifted(randomPsd(new Random(5), n, 60), n, 3.0);
        InverseSquareRoot fast = InverseSquareRoot.of(m, n, n);
        InverseSquareRoot reference = InverseSquareRoot.spectral(m, n, n);
        assertInstanceOf(InverseSquareRoot.Rational.class, fast, fast.route());
        assertInstanceOf(InverseSquareRoot.Spectral.class, reference);

        double[] dense = reference.congruence(identity(n), n);
        assertClose(dense, fast.congruence(identity(n), n), 1e-13 * maxAbs(dense));
        // F M F = I: the reference itself is an inverse square root
        double[] fm = Blas.multiply(dense, m, n, n, n);
        assertClose(identity(n), Blas.multiply(fm, dense, n, n, n), 1e-12);

        int count = 37;
        double[] rows = new double[count * n];
        Random rnd = new Random(6);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rnd.nextGaussian();
        }
        double[] a = rows.clone();
        double[] b = rows.clone();
        fast.applyToRows(a, count);
        reference.applyToRows(b, count);
        assertClose(b, a, 1e-13 * maxAbs(b));
        assertEquals(reference.traceOfSquareRoot(), fast.traceOfSquareRoot(), 1e-13 * reference.traceOfSquareRoot());
        // H M^{-1/2} H^T for a rectangular H: both routes, and the explicit product
        double[] hmh = Blas.multiplyTransposed(Blas.multiply(rows, dense, count, n, n), rows, count, n, count);
        assertClose(hmh, fast.congruence(rows, count), 1e-12 * maxAbs(hmh));
        assertClose(hmh, reference.congruence(rows, count), 1e-12 * maxAbs(hmh));

    }

    @Test
    void illConditionedOrSingularMatricesTakeTheSpectralRouteWithItsPseudoInverse() {
        int n = 80;
        double[] wide = shifted(randomPsd(new Random(7), n, 30), n, 1e-9);
        assertInstanceOf(InverseSquareRoot.Spectral.class, InverseSquareRoot.of(wide, n, n));

        double[] singular = randomPsd(new Random(8), n, 30);
        InverseSquareRoot p = InverseSquareRoot.of(singular, n, n);
        assertInstanceOf(InverseSquareRoot.Spectral.class, p);
        // pseudo-inverse square root: F S F is the projector onto S's range, of trace = rank 30
        double[] f = p.congruence(identity(n), n);
        double[] projector = Blas.multiply(Blas.multiply(f, singular, n, n, n), f, n, n, n);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += projector[i * n + i];
        }
        assertEquals(30, trace, 1e-9);
        // small matrices go straight to the eigendecomposition
        assertInstanceOf(InverseSquareRoot.Spectral.class, InverseSquareRoot.of(identity(10), 10, 10));
    }

    private static double[] shifted(double[] s, int n, double shift) {
        double[] out = s.clone();
        for (int i = 0; i < n; i++) {
            out[i * n + i] += shift;
        }
        return out;
    }

    private static double[] identity(int n) {
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 1;
        }
        return id;
    }
}
