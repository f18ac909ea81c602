package org.nlsig.math.geodesic;

import java.util.Arrays;

/**
 * Summary of a sample of scores. Infinite values (a track whose unit steps cancel out has LSS = infinity) are counted
 * in {@code infinite} and left out of the other fields, which are NaN when no finite value remains. Quantiles
 * interpolate linearly between order statistics (NumPy's default); std is the population standard deviation
 * (ddof = 0, NumPy's default).
 */
public record Distribution(int count, int infinite, double mean, double std, double min, double p05, double q1,
                           double median, double q3, double p95, double max) {

    /**
     * @throws IllegalArgumentException if a value is NaN (a score is never NaN; a NaN means a bug upstream)
     */
    public static Distribution of(double[] values) {
        double[] finite = Arrays.stream(values).peek(v -> {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("cannot summarise a NaN score");
            }
        }).filter(Double::isFinite).sorted().toArray();
        int infinite = values.length - finite.length;
        int n = finite.length;
        if (n == 0) {
            double nan = Double.NaN;
            return new Distribution(values.length, infinite, nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        double sum = 0;
        for (double v : finite) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : finite) {
            ss += (v - mean) * (v - mean);
        }
        return new Distribution(values.length, infinite, mean, Math.sqrt(ss / n), finite[0],
                quantile(finite, 0.05), quantile(finite, 0.25), quantile(finite, 0.5), quantile(finite, 0.75),
                quantile(finite, 0.95), finite[n - 1]);
    }

    /** The q-quantile of sorted values, linear interpolation between the closest ranks. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
