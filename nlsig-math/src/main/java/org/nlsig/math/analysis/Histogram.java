package org.nlsig.math.analysis;

/**
 * Counts of values in equal-width bins over [lower, upper] (the last bin includes upper, as NumPy's histogram);
 * values outside the range or non-finite are not counted.
 *
 * @param lower  left edge of the first bin
 * @param upper  right edge of the last bin
 * @param counts one count per bin
 */
public record Histogram(double lower, double upper, long[] counts) {

    public Histogram {
        counts = counts.clone();
        if (!(upper > lower) || counts.length == 0) {
            throw new IllegalArgumentException("a histogram needs lower < upper and at least one bin (got [" + lower
                    + ", " + upper + "], " + counts.length + " bins)");
        }
    }

    public static Histogram of(double[] values, int bins, double lower, double upper) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        long[] c = new long[bins];
        double width = (upper - lower) / bins;
        for (double v : values) {
            if (Double.isFinite(v) && v >= lower && v <= upper) {
                int b = Math.min(bins - 1, (int) ((v - lower) / width));
                c[b]++;
            }
        }
        return new Histogram(lower, upper, c);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int bins() {
        return counts.length;
    }

    /** Centre of bin b. */
    public double center(int b) {
        return lower + (b + 0.5) * (upper - lower) / counts.length;
    }

    /** Left edge of bin b. */
    public double edge(int b) {
        return lower + b * (upper - lower) / counts.length;
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Counts scaled so the bars' areas sum to 1 (NumPy's density=True); zeros when nothing was counted. */
    public double[] density() {
        double[] d = new double[counts.length];
        long t = total();
        double width = (upper - lower) / counts.length;
        for (int b = 0; b < d.length; b++) {
            d[b] = t == 0 ? 0 : counts[b] / (t * width);
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && h.lower == lower && h.upper == upper
                && java.util.Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + lower + ", " + upper + ", " + java.util.Arrays.toString(counts) + "]";
    }
}
