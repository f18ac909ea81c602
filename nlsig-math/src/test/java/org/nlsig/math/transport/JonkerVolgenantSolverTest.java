package org.nlsig.math.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JonkerVolgenantSolverTest {
    private final AssignmentSolver solver = new JonkerVolgenantSolver();

    @Test
    void matchesBruteForceOnEverySmallRandomMatrix() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(7);
            double[] c = new double[n * n];
            boolean integer = trial % 3 == 0; // small integers: many ties
            for (int k = 0; k < c.length; k++) {
                c[k] = integer ? rnd.nextInt(4) : rnd.nextDouble() * 10 - 5;
            }
            Assignment a = solver.solve(c, n);
            assertPermutation(a.rowToColumn());
            assertEquals(bruteForce(c, n), a.totalCost(), 1e-12, "trial " + trial + " n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 120, 257})
    void isOptimalByItsDualCertificateAndAgreesWithTheHungarianMethod(int n) {
        Random rnd = new Random(n);
        double[] c = new double[n * n];
        double[][] pts = new double[2 * n][3];
        for (double[] p : pts) {
            for (int k = 0; k < 3; k++) {
                p[k] = rnd.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    double diff = pts[i][k] - pts[n + j][k];
                    s += diff * diff;
                }
                c[i * n + j] = s;
            }
        }
        Assignment a = solver.solve(c, n);
        assertPermutation(a.rowToColumn());
        assertDualCertificate(c, n, a);
        assertEquals(hungarian(c, n), a.totalCost(), 1e-9);
    }

    /**
     * Clouds of different spread in R^8: many rows stay free after column reduction and the bounded augmenting row
     * reduction, so most of the work is in the shortest augmenting paths.
     */
    @Test
    void isOptimalWhereShortestAugmentingPathsDoMostOfTheWork() {
        int n = 400;
        int dim = 8;
        Random rnd = new Random(11);
        double[] a = new double[n * dim];
        double[] b = new double[n * dim];
        for (int k = 0; k < a.length; k++) {
            a[k] = rnd.nextGaussian();
            b[k] = rnd.nextGaussian() * 1.3 + 0.2;
        }
        double[] squared = new double[n * n];
        double[] negatedInner = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double dot = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = a[i * dim + k] - b[j * dim + k];
                    s += diff * diff;
                    dot += a[i * dim + k] * b[j * dim + k];
                }
                squared[i * n + j] = s;
                negatedInner[i * n + j] = -dot;
            }
        }
        Assignment opt = solver.solve(squared, n);
        assertPermutation(opt.rowToColumn());
        assertDualCertificate(squared, n, opt);
        assertEquals(hungarian(squared, n), opt.totalCost(), 1e-9);

        // The affinity score solves -<a_i, b_j>: it differs from the squared distances by row and column constants,
        // so it has the same optimal assignments (negative costs included).
        Assignment inner = solver.solve(negatedInner, n);
        assertDualCertificate(negatedInner, n, inner);
        double viaInner = 0;
        for (int i = 0; i < n; i++) {
            viaInner += squared[i * n + inner.rowToColumn()[i]];
        }
        assertEquals(opt.totalCost(), viaInner, 1e-9);
    }

    @Test
    void handlesDegenerateMatrices() {
        int n = 50;
        double[] constant = new double[n * n];
        Arrays.fill(constant, 3.0);
        Assignment a = solver.solve(constant, n);
        assertPermutation(a.rowToColumn());
        assertEquals(150.0, a.totalCost(), 1e-12);

        double[] rankOne = new double[n * n]; // c_ij = i * j: optimal pairs large rows with small columns
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rankOne[i * n + j] = (double) i * j;
            }
        }
        Assignment b = solver.solve(rankOne, n);
        assertDualCertificate(rankOne, n, b);
        assertEquals(hungarian(rankOne, n), b.totalCost(), 1e-9);

        Assignment identity = solver.solve(new double[] {0, 1, 1, 0}, 2);
        assertArrayEquals(new int[] {0, 1}, identity.rowToColumn());
        assertEquals(2, identity.fixedPoints());
        assertEquals(0, solver.solve(new double[0], 0).totalCost());
    }

    @Test
    void rejectsBadCostMatrices() {
        assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[5], 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solver.solve(new double[] {0, 1, Double.NaN, 2}, 2));
        assertTrue(e.getMessage().contains("row 1, column 0"), e.getMessage());
    }

    static void assertPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int j : p) {
            assertTrue(j >= 0 && j < p.length && !seen[j], "not a permutation: " + Arrays.toString(p));
            seen[j] = true;
        }
    }

    static void assertDualCertificate(double[] c, int n, Assignment a) {
        double[] v = a.columnPotentials();
        double scale = Arrays.stream(c).map(Math::abs).max().orElse(1);
        for (int i = 0; i < n; i++) {
            int j0 = a.rowToColumn()[i];
            double u = c[i * n + j0] - v[j0];
            for (int j = 0; j < n; j++) {
                assertTrue(c[i * n + j] - u - v[j] >= -1e-9 * scale, "negative reduced cost at " + i + "," + j);
            }
        }
    }

    private static double bruteForce(double[] c, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        do {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += c[i * n + p[i]];
            }
            best = Math.min(best, s);
        } while (nextPermutation(p));
        return best;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int a = i + 1, b = p.length - 1; a < b; a++, b--) {
            t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
        return true;
    }

    /** The textbook O(n^3) Hungarian method with potentials, an independent reference. */
    static double hungarian(double[] c, int n) {
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = c[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= n; j++) {
            total += c[(p[j] - 1) * n + (j - 1)];
        }
        return total;
    }
}
