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
 * @param multipliers per shift l, the unit lower bidiagonal factor's subdiagonal at [l * n + k] (k &gt;= 1)
 * @param inversePivots per shift l, 1 / D_kk at [l * n + k]
 * @param inverseTrace  per shift l, tr((T + s_l I)^{-1})
 */
public record ShiftedTridiagonalSolver(int size, double[] weights, double[] shifts, double[] multipliers,
        double[] inversePivots, double[] inverseTrace) {

    /** Vectors swept together: eight independent recurrences per step keep the processor's pipelines full. */
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
        // Single-threaded on purpose: split over two threads it was no faster (5-8 ms for 512 rows at n = 1022 and
        // 8 poles either way), with OpenBLAS's threads spinning between calls.
        int n = size;
        double[] in = new double[n * BLOCK];
        double[] forward = new double[n * BLOCK];
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
                sweep(l, in, forward, out);
            }
            for (int j = 0; j < width; j++) {
                int row = (first + j) * n;
                for (int k = 0; k < n; k++) {
                    rows[row + k] = out[k * BLOCK + j];
                }
            }
        }
    }

    /**
     * out += w_l (T + s_l I)^{-1} in, for BLOCK = 8 vectors in [k][j] layout. The eight recurrences are carried in
     * locals, not through the array: independent chains the processor overlaps (about twice as fast as the loop).
     */
    private void sweep(int l, double[] in, double[] y, double[] out) {
        int n = size;
        int base = l * n;
        double w = weights[l];
        // L y = w in
        double y0 = w * in[0];
        double y1 = w * in[1];
        double y2 = w * in[2];
        double y3 = w * in[3];
        double y4 = w * in[4];
        double y5 = w * in[5];
        double y6 = w * in[6];
        double y7 = w * in[7];
        y[0] = y0;
        y[1] = y1;
        y[2] = y2;
        y[3] = y3;
        y[4] = y4;
        y[5] = y5;
        y[6] = y6;
        y[7] = y7;
        for (int k = 1; k < n; k++) {
            double m = multipliers[base + k];
            int at = k * BLOCK;
            y0 = w * in[at] - m * y0;
            y1 = w * in[at + 1] - m * y1;
            y2 = w * in[at + 2] - m * y2;
            y3 = w * in[at + 3] - m * y3;
            y4 = w * in[at + 4] - m * y4;
            y5 = w * in[at + 5] - m * y5;
            y6 = w * in[at + 6] - m * y6;
            y7 = w * in[at + 7] - m * y7;
            y[at] = y0;
            y[at + 1] = y1;
            y[at + 2] = y2;
            y[at + 3] = y3;
            y[at + 4] = y4;
            y[at + 5] = y5;
            y[at + 6] = y6;
            y[at + 7] = y7;
        }
        // D L^T x = y
        double inv = inversePivots[base + n - 1];
        int last = (n - 1) * BLOCK;
        double x0 = y0 * inv;
        double x1 = y1 * inv;
        double x2 = y2 * inv;
        double x3 = y3 * inv;
        double x4 = y4 * inv;
        double x5 = y5 * inv;
        double x6 = y6 * inv;
        double x7 = y7 * inv;
        addTo(out, last, x0, x1, x2, x3, x4, x5, x6, x7);
        for (int k = n - 2; k >= 0; k--) {
            double pivot = inversePivots[base + k];
            double m = multipliers[base + k + 1];
            int at = k * BLOCK;
            x0 = y[at] * pivot - m * x0;
            x1 = y[at + 1] * pivot - m * x1;
            x2 = y[at + 2] * pivot - m * x2;
            x3 = y[at + 3] * pivot - m * x3;
            x4 = y[at + 4] * pivot - m * x4;
            x5 = y[at + 5] * pivot - m * x5;
            x6 = y[at + 6] * pivot - m * x6;
            x7 = y[at + 7] * pivot - m * x7;
            addTo(out, at, x0, x1, x2, x3, x4, x5, x6, x7);
        }
    }

    private static void addTo(double[] out, int at, double x0, double x1, double x2, double x3, double x4, double x5,
            double x6, double x7) {
        out[at] += x0;
        out[at + 1] += x1;
        out[at + 2] += x2;
        out[at + 3] += x3;
        out[at + 4] += x4;
        out[at + 5] += x5;
        out[at + 6] += x6;
        out[at + 7] += x7;
    }
}
