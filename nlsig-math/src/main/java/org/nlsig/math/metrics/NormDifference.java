package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;

/** The Frobenius norm ||X - Y||_F of the pooled matrices. */
public final class NormDifference {
    private NormDifference() {
    }

    public static double of(SampleMatrix x, SampleMatrix y) {
        Metrics.requireSameShape(x, y);
        double s = 0;
        double[] a = x.values();
        double[] b = y.values();
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }
}
