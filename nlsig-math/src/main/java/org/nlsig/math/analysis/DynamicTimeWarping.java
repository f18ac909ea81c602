package org.nlsig.math.analysis;

import java.util.List;

/**
 * Dynamic time warping between sequences of different lengths, with tslearn's convention ({@code tslearn.metrics.dtw}):
 * the local cost is the squared difference, steps are (1,0), (0,1), (1,1) with equal weight, no window, and the
 * distance is the square root of the minimal cumulative cost. Signatures are compared this way (docs/method.md,
 * section 4).
 */
public final class DynamicTimeWarping {
    private DynamicTimeWarping() {
    }

    public static double distance(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("DTW needs non-empty sequences (got lengths " + a.length + " and "
                    + b.length + ")");
        }
        int m = b.length;
        double[] prev = new double[m + 1];
        double[] cur = new double[m + 1];
        java.util.Arrays.fill(prev, Double.POSITIVE_INFINITY);
        prev[0] = 0;
        for (double ai : a) {
            cur[0] = Double.POSITIVE_INFINITY;
            for (int j = 1; j <= m; j++) {
                double diff = ai - b[j - 1];
                cur[j] = diff * diff + Math.min(prev[j - 1], Math.min(prev[j], cur[j - 1]));
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.sqrt(prev[m]);
    }

    /** The symmetric matrix of pairwise distances between the series' finite scores (zero diagonal). */
    public static double[][] pairwise(List<SignatureSeries> series) {
        int k = series.size();
        double[][] seq = new double[k][];
        for (int i = 0; i < k; i++) {
            seq[i] = series.get(i).finiteScores();
            if (seq[i].length == 0) {
                throw new IllegalArgumentException(series.get(i).model() + ": the signature has no finite scores");
            }
        }
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                d[i][j] = distance(seq[i], seq[j]);
                d[j][i] = d[i][j];
            }
        }
        return d;
    }
}
