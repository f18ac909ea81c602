package org.nlsig.math.analysis;

import java.util.Arrays;

/**
 * Summary of a set of values (Figure 3 summarises each model's per-site mean scores this way). Quantiles use linear
 * interpolation between order statistics (NumPy's default), the standard deviation is the population one (ddof 0).
 * Non-finite values are left out; an empty set gives NaN everywhere and count 0.
 */
public record SummaryStatistics(int count, double min, double q1, double median, double q3, double max, double mean,
        double std) {

    /** The statistics an accuracy fit can use as predictors, by name (Figure 4). */
    public static final java.util.List<String> NAMES =
            java.util.List.of("min", "q1", "median", "q3", "max", "mean", "std", "spread", "iqr");

    public static SummaryStatistics of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return new SummaryStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new SummaryStatistics(v.length, v[0], quantileOfSorted(v, 0.25), quantileOfSorted(v, 0.5),
                quantileOfSorted(v, 0.75), v[v.length - 1], mean, Math.sqrt(ss / v.length));
    }

    /** max - min: the range of non-linearity a model uses. */
    public double spread() {
        return max - min;
    }

    /** q3 - q1. */
    public double iqr() {
        return q3 - q1;
    }

    /** A statistic by one of {@link #NAMES}. */
    public double get(String name) {
        return switch (name) {
            case "min" -> min;
            case "q1" -> q1;
            case "median" -> median;
            case "q3" -> q3;
            case "max" -> max;
            case "mean" -> mean;
            case "std" -> std;
            case "spread" -> spread();
            case "iqr" -> iqr();
            default -> throw new IllegalArgumentException("unknown statistic '" + name + "' (known: " + NAMES + ")");
        };
    }

    /** The p-quantile (0 &lt;= p &lt;= 1) of ascending values, interpolating linearly (NumPy's "linear" method). */
    public static double quantileOfSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
