package org.nlsig.math.linalg;

import java.util.Arrays;

/**
 * r(T) = sum_l w_l (T + s_l I)^{-1} for a symmetric positive-definite tridiagonal T and positive shifts, applied to
 * vectors: one LDL^T factorisation per shift (O(n), no pivoting needed for a positive-definite matrix), then a forward
 * and a backward sweep per shift and vector.
 *
 * @param size        n
 * @param weights     w_l
 * @param shifts      s_l
 * @param multipliers per shift l, the unit lower bidiagonal factor's subdiagonal at [l * n + k] (k >= 1)
 * @param inversePivots per shift l, 1 / D_kk at [l * n + k]
 * @param inverseTrace  per shift l, tr((T + s_l I)^{-1})
 */
public record ShiftedTridiagonalSolver(int size, double[] weights, double[] shifts, double[] multipliers,
        double[] inversePivots, double[] inverseTrace) {

    /** Vectors swept together: the inner loops run across them, so they vectorise. */
    private static final int BLOCK = 8;

    /** Factors T + s_l I for every pole of the approximation. */
    public static ShiftedTridiagonalSolver of(double[] diagonal, double[] offDiagonal, ZolotarevInverseSqrt r) {
        int n = diagonal.length;
        int poles = r.poles();
        double[] mult = new double[poles * n];
        double[] invPivot = new double[poles * n];
        double[] trace = new double[poles];
        double[] backward = new double[n];
        for (int l = 0; l < poles; l++) {
            double s = r.shifts()[l];
            int base = l * n;
            double pivot = diagonal[0] + s;
            invPivot[base] = 1 / pivot;
            for (int k = 1; k < n; k++) {
                double m = offDiagonal[k - 1] / pivot;
                mult[base + k] = m;
                pivot = diagonal[k] + s - m * offDiagonal[k - 1];
                invPivot[base + k] = 1 / pivot;
            }
            // diag((T + s)^{-1})_k = 1 / (forward pivot + backward pivot - (T + s)_kk)
            backward[n - 1] = diagonal[n - 1] + s;
            for (int k = n - 2; k >= 0; k--) {
                backward[k] = diagonal[k] + s - offDiagonal[k] * offDiagonal[k] / backward[k + 1];
            }
            double t = 0;
            for (int k = 0; k < n; k++) {
                t += 1 / (1 / invPivot[base + k] + backward[k] - diagonal[k] - s);
            }
            trace[l] = t;
        }
        return new ShiftedTridiagonalSolver(n, r.weights().clone(), r.shifts().clone(), mult, invPivot, trace);
    }

    public int poles() {
        return weights.length;
    }

    /** tr(T r(T)) = sum_l w_l (n - s_l tr((T + s_l I)^{-1})): tr(T^{1/2}) when r approximates x^{-1/2}. */
    public double traceOfTimesMatrix() {
        double total = 0;
        for (int l = 0; l < weights.length; l++) {
            total += weights[l] * (size - shifts[l] * inverseTrace[l]);
        }
        return total;
    }

    /** rows := rows r(T) for row-major rows (count x n); T and r(T) are symmetric, so each row is a vector. */
    public void applyToRows(double[] rows, int count) {
        int n = size;
        double[] in = new double[n * BLOCK];
        double[] sweep = new double[n * BLOCK];
        double[] out = new double[n * BLOCK];
        for (int first = 0; first < count; first += BLOCK) {
            int width = Math.min(BLOCK, count - first);
            // [k][j] layout: component k of the block's j-th vector
            for (int j = 0; j < width; j++) {
                int row = (first + j) * n;
                for (int k = 0; k < n; k++) {
                    in[k * BLOCK + j] = rows[row + k];
                }
            }
            Arrays.fill(out, 0);
            for (int l = 0; l < weights.length; l++) {
                sweep(l, in, sweep, out);
            }
            for (int j = 0; j < width; j++) {
                int row = (first + j) * n;
                for (int k = 0; k < n; k++) {
                    rows[row + k] = out[k * BLOCK + j];
                }
            }
        }
    }

    /** out += w_l (T + s_l I)^{-1} in, for BLOCK vectors in [k][j] layout. */
    private void sweep(int l, double[] in, double[] y, double[] out) {
        int n = size;
        int base = l * n;
        double w = weights[l];
        // L y = w in
        for (int j = 0; j < BLOCK; j++) {
            y[j] = w * in[j];
        }
        for (int k = 1; k < n; k++) {
            double m = multipliers[base + k];
            int at = k * BLOCK;
            int before = at - BLOCK;
            for (int j = 0; j < BLOCK; j++) {
                y[at + j] = w * in[at + j] - m * y[before + j];
            }
        }
        // D L^T x = y
        int last = (n - 1) * BLOCK;
        double inv = inversePivots[base + n - 1];
        for (int j = 0; j < BLOCK; j++) {
            y[last + j] *= inv;
            out[last + j] += y[last + j];
        }
        for (int k = n - 2; k >= 0; k--) {
            double pivot = inversePivots[base + k];
            double m = multipliers[base + k + 1];
            int at = k * BLOCK;
            int after = at + BLOCK;
            for (int j = 0; j < BLOCK; j++) {
                double x = y[at + j] * pivot - m * y[after + j];
                y[at + j] = x;
                out[at + j] += x;
            }
        }
    }
}
