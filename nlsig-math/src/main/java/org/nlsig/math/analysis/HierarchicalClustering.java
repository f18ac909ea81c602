package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative hierarchical clustering of a distance matrix: repeatedly merge the two closest clusters, updating
 * distances by the Lance-Williams formula of the chosen {@link LinkageMethod}. Quadratic memory and cubic time in the
 * number of items, which is fine for comparing tens to hundreds of models. Ties merge the pair found first in row-major
 * order of the lowest cluster ids.
 */
public final class HierarchicalClustering {
    private HierarchicalClustering() {
    }

    /**
     * @param distances a symmetric matrix with zero diagonal and finite, non-negative entries
     */
    public static Linkage cluster(double[][] distances, LinkageMethod method) {
        int n = distances.length;
        validate(distances);
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) {
            d[i] = distances[i].clone();
        }
        int[] id = new int[n];
        int[] size = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
            size[i] = 1;
            active[i] = true;
        }
        List<Linkage.Merge> merges = new ArrayList<>();
        for (int step = 0; step < n - 1; step++) {
            int bi = -1;
            int bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!active[i]) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (active[j] && (d[i][j] < best || bi < 0)) {
                        best = d[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            int newSize = size[bi] + size[bj];
            merges.add(new Linkage.Merge(Math.min(id[bi], id[bj]), Math.max(id[bi], id[bj]), best, newSize));
            for (int k = 0; k < n; k++) {
                if (active[k] && k != bi && k != bj) {
                    double v = method.merged(d[bi][k], d[bj][k], best, size[bi], size[bj], size[k]);
                    d[bi][k] = v;
                    d[k][bi] = v;
                }
            }
            active[bj] = false;
            size[bi] = newSize;
            id[bi] = n + step;
        }
        return new Linkage(n, method, merges);
    }

    private static void validate(double[][] d) {
        int n = d.length;
        if (n == 0) {
            throw new IllegalArgumentException("nothing to cluster (empty distance matrix)");
        }
        for (int i = 0; i < n; i++) {
            if (d[i].length != n) {
                throw new IllegalArgumentException("distance matrix row " + i + " has " + d[i].length
                        + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                double v = d[i][j];
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("distance (" + i + ", " + j + ") is " + v
                            + "; distances must be finite and non-negative");
                }
                if (Math.abs(v - d[j][i]) > 1e-12 * Math.max(1, Math.abs(v))) {
                    throw new IllegalArgumentException("distance matrix is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
    }
}
