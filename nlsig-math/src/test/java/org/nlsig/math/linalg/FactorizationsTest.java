package org.nlsig.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nlsig.math.linalg.TestMatrices.assertClose;
import static org.nlsig.math.linalg.TestMatrices.maxAbs;
import static org.nlsig.math.linalg.TestMatrices.randomPsd;
import static org.nlsig.math.linalg.TestMatrices.trace;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FactorizationsTest {

    @Test
    void choleskyFactorReproducesAPositiveDefiniteMatrixAndRefusesOthers() {
        int n = 40;
        double[] s = randomPsd(new Random(1), n, n + 5);
        CholeskyFactor f = CholeskyFactor.of(s, n).orElseThrow();
        double[] l = f.lower();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                assertEquals(0.0, l[i * n + j], "above the diagonal at " + i + "," + j);
            }
        }
        assertClose(s, Blas.multiplyTransposed(l, l, n, n, n), 1e-12 * maxAbs(s));

        double[] indefinite = s.clone();
        indefinite[7 * n + 7] = -1;
        assertTrue(CholeskyFactor.of(indefinite, n).isEmpty());
        assertTrue(CholeskyFactor.of(randomPsd(new Random(2), n, 10), n).isEmpty(), "rank 10 of 40");
    }

    @Test
    void pivotedCholeskyFindsTheRankAndAFactor() {
        int n = 60;
        for (int rank : new int[] {1, 7, 59, 60}) {
            double[] s = randomPsd(new Random(rank), n, rank);
            double tol = n * Math.ulp(1.0) * trace(s, n);
            PivotedCholesky p = PivotedCholesky.of(s, n, tol);
            assertEquals(rank, p.rank(), "rank " + rank);
            assertClose(s, Blas.multiplyTransposed(p.factor(), p.factor(), n, p.rank(), n), 1e-11 * maxAbs(s));
        }
    }

    @Test
    void pivotedCholeskyTreatsEveryPivotBelowTheToleranceAsZero() {
        // LAPACK checks only the first pivot for positivity, not against the tolerance
        int n = 5;
        double[] noise = new double[n * n];
        for (int i = 0; i < n; i++) {
            noise[i * n + i] = 1e-14 * (i + 1);
        }
        assertEquals(0, PivotedCholesky.of(noise, n, 1e-10).rank());
        assertEquals(0, PivotedCholesky.of(new double[n * n], n, 1e-10).rank());
        assertEquals(2, PivotedCholesky.of(noise, n, 3.5e-14).rank());
    }

    @Test
    void nearlyFullRankFactorKeepsTheOriginalOrderForGramMatricesOfCentredSamples() {
        // 200 centred samples in R^500: rank 199, the last row is minus the sum of the others. Large enough for
        // dpotrf's blocked, multi-threaded code, which must leave the last row's off-diagonal entries complete.
        int n = 200;
        int d = 500;
        Random rnd = new Random(3);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian() + 3;
        }
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + j] / n;
            }
            for (int i = 0; i < n; i++) {
                x[i * d + j] -= mean;
            }
        }
        double[] s = Blas.gramOfRows(x, n, d);
        double tol = Math.max(n, d) * Math.ulp(1.0) * trace(s, n);
        PivotedCholesky p = PivotedCholesky.ofNearlyFullRank(s, n, tol);
        assertEquals(n - 1, p.rank());
        for (int k = 0; k < n; k++) {
            assertEquals(k, p.pivots()[k], "unpivoted order");
        }
        assertClose(s, Blas.multiplyTransposed(p.factor(), p.factor(), n, p.rank(), n), 1e-11 * maxAbs(s));
        assertEquals(PivotedCholesky.of(s, n, tol).rank(), p.rank());

        // A full-rank matrix keeps every column.
        double[] full = randomPsd(new Random(4), 60, 80);
        PivotedCholesky f = PivotedCholesky.ofNearlyFullRank(full, 60, 60 * Math.ulp(1.0) * trace(full, 60));
        assertEquals(60, f.rank());
        assertClose(full, Blas.multiplyTransposed(f.factor(), f.factor(), 60, 60, 60), 1e-11 * maxAbs(full));
    }

    @Test
    void nearlyFullRankFactorFallsBackToCompletePivotingOnLowerRank() {
        int n = 60;
        // rank 30, and a duplicated sample: an early pivot of the unpivoted factorisation vanishes.
        double[] low = randomPsd(new Random(5), n, 30);
        double tol = n * Math.ulp(1.0) * trace(low, n);
        PivotedCholesky p = PivotedCholesky.ofNearlyFullRank(low, n, tol);
        assertEquals(30, p.rank());
        assertClose(low, Blas.multiplyTransposed(p.factor(), p.factor(), n, p.rank(), n), 1e-11 * maxAbs(low));

        double[] f = new double[n * 80];
        Random rnd = new Random(6);
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextGaussian();
        }
        System.arraycopy(f, 2 * 80, f, 5 * 80, 80);
        double[] dup = Blas.multiplyTransposed(f, f, n, 80, n);
        PivotedCholesky q = PivotedCholesky.ofNearlyFullRank(dup, n, n * Math.ulp(1.0) * trace(dup, n));
        assertEquals(n - 1, q.rank());
        assertTrue(q.pivots()[0] != 0 || q.pivots()[5] != 5, "complete pivoting, not the original order");
        assertClose(dup, Blas.multiplyTransposed(q.factor(), q.factor(), n, q.rank(), n), 1e-11 * maxAbs(dup));
    }
}
