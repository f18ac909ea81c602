package org.nlsig.signature.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A per-batch series of one quantity with its summary. A batch whose value could not be computed (non-finite
 * activations, an undefined metric) is {@code null} in {@code perBatch} and left out of the summary; the summary of
 * an all-missing series is NaN (written as null).
 *
 * @param mean     mean over the batches with a value
 * @param std      population standard deviation over those batches (NumPy's default, ddof = 0)
 * @param min      smallest value
 * @param max      largest value
 * @param perBatch one entry per batch, in batch order
 */
public record Statistic(double mean, double std, double min, double max, List<Double> perBatch) {

    public Statistic {
        perBatch = Collections.unmodifiableList(new ArrayList<>(perBatch));
    }

    public static Statistic of(List<Double> perBatch) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (Double v : perBatch) {
            if (v != null && Double.isFinite(v)) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                k++;
            }
        }
        if (k == 0) {
            return new Statistic(Double.NaN, Double.NaN, Double.NaN, Double.NaN, perBatch);
        }
        double mean = sum / k;
        double ss = 0;
        for (Double v : perBatch) {
            if (v != null && Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Statistic(mean, Math.sqrt(ss / k), min, max, perBatch);
    }

    /** Number of batches with a value. */
    public int count() {
        int k = 0;
        for (Double v : perBatch) {
            if (v != null && Double.isFinite(v)) {
                k++;
            }
        }
        return k;
    }
}
