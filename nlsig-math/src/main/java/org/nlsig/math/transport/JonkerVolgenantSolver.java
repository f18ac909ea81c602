package org.nlsig.math.transport;

import java.util.Arrays;

/**
 * The Jonker-Volgenant algorithm for dense linear assignment (Computing 38, 1987): column reduction, reduction
 * transfer, two rounds of augmenting row reduction, then shortest augmenting paths (Dijkstra on reduced costs) for
 * the rows still free. Exact: it ends with a primal permutation and dual potentials satisfying complementary
 * slackness. The heuristics make most rows cheap, which is what makes n = 4096 practical.
 *
 * <p>Tuned for dense costs of squared distances (measured in BENCHMARKS.md): augmenting row reduction gets a small
 * budget of row scans, since long price wars there cost more than the shortest paths they save; each shortest-path
 * step relaxes the new row and finds the next minimum in one contiguous pass over the cost row.
 */
public final class JonkerVolgenantSolver implements AssignmentSolver {
    private static final int ARR_SCANS_PER_FREE_ROW = 32;

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
        // Column minima in one row-major pass (the cost matrix is row-major: a column scan would stride through it).
        // Strict comparison keeps the first row attaining each minimum.
        int[] argmin = new int[n];
        System.arraycopy(c, 0, v, 0, n);
        for (int i = 1; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                double h = c[row + j];
                if (h < v[j]) {
                    v[j] = h;
                    argmin[j] = i;
                }
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int imin = argmin[j];
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
        // Rows pushed back to the front are processed again; a budget of price changes prevents cycling and bounds
        // price wars (tiny decrements bounced between rows), whose rows are cheaper to finish by shortest paths.
        long budget = (long) ARR_SCANS_PER_FREE_ROW * freeCount;
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
        private final int[] scanned;
        private final boolean[] done;

        ShortestPaths(int n) {
            dist = new double[n];
            pred = new int[n];
            scanned = new int[n];
            done = new boolean[n];
        }

        void augment(double[] c, int n, int freeRow, int[] x, int[] y, double[] v) {
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(done, false);
            int numScanned = 0;
            int i = freeRow;
            double u1 = 0; // row i's offset: c[i][j] - v[j] - u1 is the length of the path to j through i
            double min;
            int sink;
            while (true) {
                // Relax the columns not yet final through row i and find the nearest one, in one pass; among equally
                // near columns an unassigned one wins, ending the search early.
                int irow = i * n;
                double lowest = Double.POSITIVE_INFINITY;
                int nearest = -1;
                for (int j = 0; j < n; j++) {
                    if (done[j]) {
                        continue;
                    }
                    double h = c[irow + j] - v[j] - u1;
                    double dj = dist[j];
                    if (h < dj) {
                        dist[j] = h;
                        pred[j] = i;
                        dj = h;
                    }
                    if (dj < lowest || (dj == lowest && y[j] < 0)) {
                        lowest = dj;
                        nearest = j;
                    }
                }
                min = lowest;
                done[nearest] = true;
                if (y[nearest] < 0) {
                    sink = nearest;
                    break;
                }
                scanned[numScanned++] = nearest;
                i = y[nearest];
                u1 = c[i * n + nearest] - v[nearest] - min;
            }
            // Dual update on the columns whose distance became final: keeps every reduced cost >= 0 and the new path
            // tight.
            for (int k = 0; k < numScanned; k++) {
                int j = scanned[k];
                v[j] += dist[j] - min;
            }
            int j = sink;
            while (true) {
                int r = pred[j];
                y[j] = r;
                int previous = x[r];
                x[r] = j;
                if (r == freeRow) {
                    break;
                }
                j = previous;
            }
        }
    }
}
