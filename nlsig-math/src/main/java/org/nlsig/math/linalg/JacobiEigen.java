package org.nlsig.math.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The eigendecomposition of a real symmetric matrix by cyclic Jacobi rotations (Rutishauser's variant, as in
 * Numerical Recipes' {@code jacobi}): the last resort when LAPACK's solvers report no convergence. Slow, O(n^3) per
 * sweep and up to {@link #MAX_SWEEPS} sweeps, but it converges on every finite symmetric matrix, and it is accurate
 * to rounding in the eigenvalues' relative sense on positive definite ones (Demmel and Veselic 1992).
 */
final class JacobiEigen {
    static final String NAME = "Jacobi eigensolver";

    /** Quadratic convergence sets in after a few sweeps; 100 leaves room for the hardest finite inputs. */
    static final int MAX_SWEEPS = 100;

    private JacobiEigen() {
    }

    /**
     * @param s         symmetric row-major n x n (only its upper triangle is read; not modified)
     * @param fallbacks what failed before this was tried, recorded in the result
     */
    static SymmetricEigen of(double[] s, int n, List<NumericalFallback> fallbacks) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i * n + j] = s[i * n + j];
                a[j * n + i] = s[i * n + j];
            }
        }
        // v holds the eigenvectors as columns while rotating
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        double[] d = new double[n];
        double[] b = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i * n + i];
            b[i] = d[i];
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += Math.abs(a[p * n + q]);
                }
            }
            if (off == 0) {
                break;
            }
            double threshold = sweep < 3 ? 0.2 * off / ((double) n * n) : 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, d, z, n, p, q, threshold, sweep);
                }
            }
            for (int p = 0; p < n; p++) {
                b[p] += z[p];
                d[p] = b[p];
                z[p] = 0;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> d[k]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            int c = order[k];
            values[k] = d[c];
            for (int i = 0; i < n; i++) {
                vectors[k * n + i] = v[i * n + c];
            }
        }
        return new SymmetricEigen(n, values, vectors, new ArrayList<>(fallbacks));
    }

    /** One rotation annihilating a[p][q] (Numerical Recipes' update with tau = s / (1 + c) to limit rounding). */
    private static void rotate(double[] a, double[] v, double[] d, double[] z, int n, int p, int q, double threshold,
            int sweep) {
        double apq = a[p * n + q];
        double g = 100 * Math.abs(apq);
        // after four sweeps an off-diagonal entry below rounding of both diagonal entries is set to zero
        if (sweep > 3 && Math.abs(d[p]) + g == Math.abs(d[p]) && Math.abs(d[q]) + g == Math.abs(d[q])) {
            a[p * n + q] = 0;
            return;
        }
        if (Math.abs(apq) <= threshold) {
            return;
        }
        double h = d[q] - d[p];
        double t;
        if (Math.abs(h) + g == Math.abs(h)) {
            t = apq / h;
        } else {
            double theta = 0.5 * h / apq;
            t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
            if (theta < 0) {
                t = -t;
            }
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        double tau = s / (1 + c);
        h = t * apq;
        z[p] -= h;
        z[q] += h;
        d[p] -= h;
        d[q] += h;
        a[p * n + q] = 0;
        for (int j = 0; j < p; j++) {
            turn(a, j * n + p, j * n + q, s, tau);
        }
        for (int j = p + 1; j < q; j++) {
            turn(a, p * n + j, j * n + q, s, tau);
        }
        for (int j = q + 1; j < n; j++) {
            turn(a, p * n + j, q * n + j, s, tau);
        }
        for (int j = 0; j < n; j++) {
            turn(v, j * n + p, j * n + q, s, tau);
        }
    }

    private static void turn(double[] m, int i, int j, double s, double tau) {
        double g = m[i];
        double h = m[j];
        m[i] = g - s * (h + g * tau);
        m[j] = h + s * (g - h * tau);
    }
}
