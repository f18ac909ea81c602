package org.nlsig.bench.baseline;

import java.util.Arrays;
import org.nlsig.math.transport.Assignment;
import org.nlsig.math.transport.AssignmentSolver;

/**
 * The first version of nlsig's Jonker-Volgenant solver (commit 1e4d233), frozen here as the baseline that
 * {@link org.nlsig.math.transport.JonkerVolgenantSolver}'s speed is measured against in the same benchmark run.
 * It differs in three places: column reduction scans columns (strided through the row-major costs), augmenting row
 * reduction may spend up to n row scans per free row, and the shortest-path search keeps an indirect list of columns
 * and a separate pass for the minimum. Same exact results.
 */
public final class PreviousJonkerVolgenantSolver implements AssignmentSolver {

    @Override
    public Assignment solve(double[] cost, int n) {
        if (cost.length != (long) n * n) {
            throw new IllegalArgumentException("a " + n + " x " + n + " cost matrix needs " + (long) n * n
                    + " values, got " + cost.length);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new IllegalArgumentException("cost matrix has a non-finite value at row " + k / n
                        + ", column " + k % n);
            }
        }
        int[] rowToCol = new int[n];
        int[] colToRow = new int[n];
        double[] v = new double[n];
        if (n == 0) {
            return new Assignment(rowToCol, 0, v);
        }
        int[] free = new int[n];
        int freeCount = columnReduction(cost, n, rowToCol, colToRow, v, free);
        for (int round = 0; round < 2 && freeCount > 0; round++) {
            freeCount = augmentingRowReduction(cost, n, rowToCol, colToRow, v, free, freeCount);
        }
        if (freeCount > 0) {
            ShortestPaths paths = new ShortestPaths(n);
            for (int f = 0; f < freeCount; f++) {
                paths.augment(cost, n, free[f], rowToCol, colToRow, v);
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += cost[i * n + rowToCol[i]];
        }
        return new Assignment(rowToCol, total, v);
    }

    /** Column reduction and reduction transfer; returns the number of free rows, listed in free. */
    private static int columnReduction(double[] c, int n, int[] x, int[] y, double[] v, int[] free) {
        int[] matches = new int[n];
        Arrays.fill(x, -1);
        for (int j = n - 1; j >= 0; j--) {
            int imin = 0;
            double min = c[j];
            for (int i = 1; i < n; i++) {
                double h = c[i * n + j];
                if (h < min) {
                    min = h;
                    imin = i;
                }
            }
            v[j] = min;
            if (++matches[imin] == 1) {
                x[imin] = j;
                y[j] = imin;
            } else {
                y[j] = -1;
            }
        }
        int freeCount = 0;
        for (int i = 0; i < n; i++) {
            if (matches[i] == 0) {
                free[freeCount++] = i;
            } else if (matches[i] == 1) {
                // Reduction transfer: lower the assigned column's price by the row's second-best slack, so the
                // row keeps zero reduced cost while other rows find this column more attractive.
                int j1 = x[i];
                double min = Double.POSITIVE_INFINITY;
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    if (j != j1) {
                        double h = c[row + j] - v[j];
                        if (h < min) {
                            min = h;
                        }
                    }
                }
                if (min != Double.POSITIVE_INFINITY) {
                    v[j1] -= min;
                }
            }
            // A row that won several columns keeps the first it was given (x[i]); the others were left free.
        }
        return freeCount;
    }

    /** One round of augmenting row reduction; returns the number of rows still free (compacted into free). */
    private static int augmentingRowReduction(double[] c, int n, int[] x, int[] y, double[] v, int[] free,
            int freeCount) {
        int current = 0;
        int newFree = 0;
        int rr = freeCount;
        // Rows pushed back to the front are processed again; a budget of price changes prevents cycling.
        long budget = (long) n * freeCount;
        int[] queue = Arrays.copyOf(free, freeCount);
        while (current < rr) {
            int i = queue[current++];
            int row = i * n;
            double u1 = c[row] - v[0];
            int j1 = 0;
            double u2 = Double.POSITIVE_INFINITY;
            int j2 = -1;
            for (int j = 1; j < n; j++) {
                double h = c[row + j] - v[j];
                if (h < u2) {
                    if (h >= u1) {
                        u2 = h;
                        j2 = j;
                    } else {
                        u2 = u1;
                        u1 = h;
                        j2 = j1;
                        j1 = j;
                    }
                }
            }
            int i0 = y[j1];
            double v1New = v[j1] - (u2 - u1);
            boolean lowers = j2 >= 0 && v1New < v[j1];
            if (budget-- > 0) {
                if (lowers) {
                    v[j1] = v1New; // row i now prefers j1 by exactly its second-best slack: still tight
                } else if (i0 >= 0 && j2 >= 0) {
                    j1 = j2; // a tie: take the other best column, which may be free
                    i0 = y[j2];
                }
                if (i0 >= 0) {
                    if (lowers) {
                        queue[--current] = i0; // re-examine the displaced row right away
                    } else {
                        free[newFree++] = i0;
                    }
                }
            } else if (i0 >= 0) {
                free[newFree++] = i0;
            }
            x[i] = j1;
            y[j1] = i;
        }
        return newFree;
    }

    /** Dijkstra over columns with reduced costs; buffers are reused across free rows. */
    private static final class ShortestPaths {
        private final double[] dist;
        private final int[] pred;
        private final int[] cols;

        ShortestPaths(int n) {
            dist = new double[n];
            pred = new int[n];
            cols = new int[n];
        }

        void augment(double[] c, int n, int freeRow, int[] x, int[] y, double[] v) {
            int row = freeRow * n;
            for (int j = 0; j < n; j++) {
                cols[j] = j;
                pred[j] = freeRow;
                dist[j] = c[row + j] - v[j];
            }
            // cols[0, low): scanned (distance final); cols[low, up): at the current minimum, to scan;
            // cols[up, n): not yet reached at the minimum.
            int low = 0;
            int up = 0;
            int last = 0;
            int end = -1;
            double min = 0;
            while (end < 0) {
                if (low == up) {
                    last = low;
                    min = dist[cols[up]];
                    for (int k = up; k < n; k++) {
                        int j = cols[k];
                        double h = dist[j];
                        if (h <= min) {
                            if (h < min) {
                                up = low;
                                min = h;
                            }
                            cols[k] = cols[up];
                            cols[up++] = j;
                        }
                    }
                    for (int k = low; k < up; k++) {
                        if (y[cols[k]] < 0) {
                            end = cols[k];
                            break;
                        }
                    }
                    if (end >= 0) {
                        break;
                    }
                }
                int j1 = cols[low++];
                int i = y[j1];
                int irow = i * n;
                double u1 = c[irow + j1] - v[j1] - min;
                for (int k = up; k < n; k++) {
                    int j = cols[k];
                    double h = c[irow + j] - v[j] - u1;
                    if (h < dist[j]) {
                        dist[j] = h;
                        pred[j] = i;
                        if (h == min) {
                            if (y[j] < 0) {
                                end = j;
                                break;
                            }
                            cols[k] = cols[up];
                            cols[up++] = j;
                        }
                    }
                }
            }
            for (int k = 0; k < last; k++) {
                int j = cols[k];
                v[j] += dist[j] - min;
            }
            int j = end;
            while (true) {
                int i = pred[j];
                y[j] = i;
                int previous = x[i];
                x[i] = j;
                if (i == freeRow) {
                    break;
                }
                j = previous;
            }
        }
    }
}
