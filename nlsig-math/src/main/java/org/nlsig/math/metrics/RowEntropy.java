package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;

/**
 * The official code's activation entropy: per sample (row), a histogram of its d values in d equal bins between the
 * row's min and max, p = counts / d, H = -sum p log p + log d; averaged over rows. The signature reports output
 * entropy minus input entropy.
 *
 * <p>Bins follow torch.histc on float32 tensors exactly, including its single-precision bin arithmetic and the
 * widening of a constant row's range to [v - 1, v + 1], because values on bin edges decide the counts.
 */
public final class RowEntropy {
    private RowEntropy() {
    }

    public static double of(SampleMatrix m) {
        int n = m.rows();
        int d = m.cols();
        if (n == 0 || d == 0) {
            throw new IllegalArgumentException("entropy of an empty matrix is undefined");
        }
        int[] counts = new int[d];
        float[] row = new float[d];
        double total = 0;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(counts, 0);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < d; j++) {
                row[j] = (float) m.get(i, j);
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            if (min == max) {
                min -= 1;
                max += 1;
            }
            float width = max - min;
            for (int j = 0; j < d; j++) {
                int bin = (int) ((row[j] - min) * (float) d / width);
                counts[Math.min(Math.max(bin, 0), d - 1)]++;
            }
            double h = 0;
            for (int c : counts) {
                if (c > 0) {
                    double p = (double) c / d;
                    h -= p * Math.log(p);
                }
            }
            total += h + Math.log(d);
        }
        return total / n;
    }
}
