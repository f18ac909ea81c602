package org.nlsig.math.metrics;

/**
 * The fraction of entries with |v| &lt;= 1e-3 (the official code's threshold). The signature measures it on the full,
 * unpooled tensors (counted inside the model runtime) before and after the activation; the metric is the difference.
 */
public final class Sparsity {
    public static final double THRESHOLD = 1e-3;

    private Sparsity() {
    }

    public static double fraction(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("sparsity of an empty tensor is undefined");
        }
        return (double) countNearZero(values) / values.length;
    }

    public static long countNearZero(double[] values) {
        long k = 0;
        for (double v : values) {
            if (Math.abs(v) <= THRESHOLD) {
                k++;
            }
        }
        return k;
    }

    /** From counts accumulated elsewhere (e.g. per sample in the model runtime). */
    public static double fromCounts(long nearZero, long total) {
        if (total <= 0 || nearZero < 0 || nearZero > total) {
            throw new IllegalArgumentException("invalid sparsity counts: " + nearZero + " of " + total);
        }
        return (double) nearZero / total;
    }
}
