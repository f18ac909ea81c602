package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.transport.AssignmentSolver;

/** In one dimension the score uses the sorted matching; it must be the exact optimum the solver would find. */
class OneDimensionalTransportTest {

    @Test
    void sortedMatchingIsOptimalAgainstBruteForceIncludingTies() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(6);
            double[] z = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = trial % 2 == 0 ? rnd.nextGaussian() : rnd.nextInt(3); // integers: ties
                y[i] = trial % 2 == 0 ? rnd.nextGaussian() * 2 : rnd.nextInt(3);
            }
            int[] match = AffinityScorer.sortedMatching(z, y, n);
            double sorted = 0;
            for (int i = 0; i < n; i++) {
                sorted += (z[i] - y[match[i]]) * (z[i] - y[match[i]]);
            }
            assertEquals(bruteForce(z, y), sorted, 1e-12, "trial " + trial);
        }
    }

    @Test
    void oneDimensionalScoresDoNotCallTheSolverAndEqualItsResult() {
        Random rnd = new Random(4);
        double[] x = new double[400];
        double[] y = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * 4 - 2.5;
            y[i] = Math.max(0, x[i]); // ReLU: many outputs tie at 0
        }
        SampleMatrix xm = new SampleMatrix(400, 1, x);
        SampleMatrix ym = new SampleMatrix(400, 1, y);
        AtomicInteger calls = new AtomicInteger();
        AssignmentSolver counting = (cost, n) -> {
            calls.incrementAndGet();
            return AssignmentSolver.exact().solve(cost, n);
        };
        new AffinityScorer(CovarianceEstimator.ledoitWolf(), null, counting).score(xm, ym);
        assertEquals(0, calls.get(), "1-D transport is solved by sorting");
        // The same problem embedded in 2-D (a zero second feature) goes through the assignment solver. Only the
        // sample covariance keeps it the same problem: Ledoit-Wolf shrinks at d = 2 but not at d = 1 (scikit-learn's
        // rule), and the golden d = 1 cases check that estimator.
        for (CovarianceEstimator est : new CovarianceEstimator[] {CovarianceEstimator.sample()}) {
            AffinityResult fast = new AffinityScorer(est, null, counting).score(xm, ym);
            assertEquals(0, calls.get(), "1-D transport is solved by sorting");
            double[] x2 = new double[800];
            double[] y2 = new double[800];
            for (int i = 0; i < 400; i++) {
                x2[2 * i] = x[i];
                y2[2 * i] = y[i];
            }
            AffinityResult viaSolver = new AffinityScorer(est, null, counting)
                    .score(new SampleMatrix(400, 2, x2), new SampleMatrix(400, 2, y2));
            assertEquals(1, calls.getAndSet(0));
            assertEquals(fast.transportCost(), viaSolver.transportCost(), 1e-9 * fast.bound(), est.id());
        }
    }

    private static double bruteForce(double[] z, double[] y) {
        int n = z.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        while (true) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += (z[i] - y[p[i]]) * (z[i] - y[p[i]]);
            }
            best = Math.min(best, s);
            int i = n - 2;
            while (i >= 0 && p[i] >= p[i + 1]) {
                i--;
            }
            if (i < 0) {
                return best;
            }
            int j = n - 1;
            while (p[j] <= p[i]) {
                j--;
            }
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
            for (int a = i + 1, b = n - 1; a < b; a++, b--) {
                t = p[a];
                p[a] = p[b];
                p[b] = t;
            }
        }
    }
}
