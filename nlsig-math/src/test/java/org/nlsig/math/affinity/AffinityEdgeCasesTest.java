package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.math.NonFiniteValueException;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

class AffinityEdgeCasesTest {
    private final AffinityScorer scorer = AffinityScorer.defaults();

    @Test
    void constantOutputAndDeadReluScoreOneAndAreFlagged() {
        Random rnd = new Random(3);
        SampleMatrix x = AffinityPropertiesTest.gaussian(rnd, 64, 16, 1);
        double[] constant = new double[64 * 16];
        java.util.Arrays.fill(constant, 4.2);
        AffinityResult c = scorer.score(x, new SampleMatrix(64, 16, constant));
        assertTrue(c.constantOutput());
        assertEquals(1.0, c.rho(), 0);

        double[] negative = x.values().clone();
        for (int k = 0; k < negative.length; k++) {
            negative[k] = -Math.abs(negative[k]) - 1;
        }
        SampleMatrix relu = AffinityPropertiesTest.elementwise(new SampleMatrix(64, 16, negative), 0);
        AffinityResult dead = scorer.score(new SampleMatrix(64, 16, negative), relu);
        assertTrue(dead.constantOutput());
        assertEquals(1.0, dead.rho(), 0);

        AffinityResult live = scorer.score(x, AffinityPropertiesTest.elementwise(x, 0));
        assertFalse(live.constantOutput());
        assertTrue(live.rho() < 1);
    }

    @Test
    void resultReportsItsIngredients() {
        Random rnd = new Random(5);
        SampleMatrix x = AffinityPropertiesTest.gaussian(rnd, 40, 100, 1);
        AffinityResult r = scorer.score(x, AffinityPropertiesTest.elementwise(x, 1));
        assertEquals(40, r.samples());
        assertEquals(100, r.features());
        assertEquals(EvaluationPath.DATA_SPAN, r.path());
        assertTrue(r.workingDimension() <= 80);
        assertEquals("ledoit-wolf", r.covariance());
        assertTrue(r.shrinkageX() > 0 && r.shrinkageX() <= 1);
        assertEquals(1 - Math.sqrt(r.transportCost() / r.bound()), r.rho(), 1e-15);
        assertTrue(r.gaussianW2Squared() > 0);
    }

    @Test
    void gaussianDistanceIsTheBuresFormulaEvaluatedDensely() {
        Random rnd = new Random(11);
        for (int d : new int[] {3, 12, 70}) {
            SampleMatrix x = AffinityPropertiesTest.gaussian(rnd, 30, d, 1);
            SampleMatrix y = AffinityPropertiesTest.elementwise(x, 2);
            AffinityResult r = scorer.score(x, y);
            assertEquals(denseBures(x, y), r.gaussianW2Squared(), 1e-9 * Math.max(1, r.bound()), "d=" + d);

            // Y = X + t: equal covariances, so the distance is the mean shift alone
            double[] shifted = x.values().clone();
            double shift = 0;
            for (int j = 0; j < d; j++) {
                double t = rnd.nextGaussian() * 3;
                shift += t * t;
                for (int i = 0; i < 30; i++) {
                    shifted[i * d + j] += t;
                }
            }
            AffinityResult translated = scorer.score(x, new SampleMatrix(30, d, shifted));
            assertEquals(shift, translated.gaussianW2Squared(), 1e-9 * shift, "d=" + d);
            assertEquals(1.0, translated.rho(), 1e-9);
        }
    }

    /** ||mX - mY||^2 + tr Sx + tr Sy - 2 tr (Sy^1/2 Sx Sy^1/2)^1/2 with every matrix formed densely (d x d). */
    private static double denseBures(SampleMatrix x, SampleMatrix y) {
        int n = x.rows();
        int d = x.cols();
        double[] sx = denseLedoitWolf(x);
        double[] sy = denseLedoitWolf(y);
        double[] root = SymmetricEigen.of(sy, d).apply(Math::sqrt);
        double[] product = Blas.multiply(Blas.multiply(root, sx, d, d, d), root, d, d, d);
        double traceRoot = 0;
        for (double l : SymmetricEigen.of(product, d).values()) {
            traceRoot += Math.sqrt(Math.max(0, l));
        }
        double means = 0;
        double traces = 0;
        for (int j = 0; j < d; j++) {
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += x.get(i, j) / n;
                my += y.get(i, j) / n;
            }
            means += (mx - my) * (mx - my);
            traces += sx[j * d + j] + sy[j * d + j];
        }
        return means + traces - 2 * traceRoot;
    }

    /** scikit-learn's Ledoit-Wolf written out on the d x d empirical covariance, plus 1e-6 I. */
    private static double[] denseLedoitWolf(SampleMatrix m) {
        int n = m.rows();
        int d = m.cols();
        double[] c = new double[n * d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += m.get(i, j) / n;
            }
            for (int i = 0; i < n; i++) {
                c[i * d + j] = m.get(i, j) - mean;
            }
        }
        double[] s = Blas.gramOfColumns(c, n, d);
        for (int k = 0; k < s.length; k++) {
            s[k] /= n;
        }
        double mu = 0;
        for (int j = 0; j < d; j++) {
            mu += s[j * d + j] / d;
        }
        double delta = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = s[i * d + j] - (i == j ? mu : 0);
                delta += v * v;
            }
        }
        delta /= d;
        double beta = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double v = c[i * d + j] * c[i * d + k] - s[j * d + k];
                    beta += v * v;
                }
            }
        }
        beta = Math.min(beta / ((double) n * n) / d, delta);
        double shrink = d == 1 || delta == 0 ? 0 : beta / delta;
        double[] sigma = new double[d * d];
        for (int k = 0; k < sigma.length; k++) {
            sigma[k] = (1 - shrink) * s[k];
        }
        for (int j = 0; j < d; j++) {
            sigma[j * d + j] += shrink * mu + 1e-6;
        }
        return sigma;
    }

    @Test
    void badInputIsRejectedWithActionableMessages() {
        SampleMatrix ok = new SampleMatrix(3, 2, new double[] {1, 2, 3, 4, 5, 7});
        AffinityInputException shape = assertThrows(AffinityInputException.class,
                () -> scorer.score(ok, new SampleMatrix(3, 1, new double[] {1, 2, 3})));
        assertTrue(shape.getMessage().contains("3 x 2") && shape.getMessage().contains("3 x 1"));

        AffinityInputException one = assertThrows(AffinityInputException.class,
                () -> scorer.score(new SampleMatrix(1, 2, new double[] {1, 2}), new SampleMatrix(1, 2,
                        new double[] {1, 2})));
        assertTrue(one.getMessage().contains("at least 2 samples"));

        AffinityInputException none = assertThrows(AffinityInputException.class,
                () -> scorer.score(new SampleMatrix(3, 0, new double[0]), new SampleMatrix(3, 0, new double[0])));
        assertTrue(none.getMessage().contains("d = 0"));

        double[] bad = ok.values().clone();
        bad[5] = Double.NaN;
        NonFiniteValueException nan = assertThrows(NonFiniteValueException.class,
                () -> scorer.score(ok, new SampleMatrix(3, 2, bad)));
        assertEquals(2, nan.row());
        assertEquals(1, nan.column());
        assertTrue(nan.getMessage().startsWith("Y (activation output)") && nan.getMessage().contains("row 2, column 1"),
                nan.getMessage());

        double[] inf = ok.values().clone();
        inf[2] = Double.NEGATIVE_INFINITY;
        NonFiniteValueException infinite = assertThrows(NonFiniteValueException.class,
                () -> scorer.score(new SampleMatrix(3, 2, inf), ok));
        assertTrue(infinite.getMessage().startsWith("X (activation input)") && infinite.getMessage().contains("row 1"));
    }
}
