package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;

/** Small shared helpers of the comparison metrics. */
final class Metrics {
    private Metrics() {
    }

    static void requireSameShape(SampleMatrix x, SampleMatrix y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException("X is " + x.rows() + " x " + x.cols() + " but Y is " + y.rows()
                    + " x " + y.cols() + ": comparison metrics need matrices of the same shape");
        }
    }

    /** Columns minus their means (two passes, so constant columns become exactly 0). */
    static double[] centred(SampleMatrix m) {
        int n = m.rows();
        int d = m.cols();
        double[] c = m.values().clone();
        for (int pass = 0; pass < 2; pass++) {
            double[] mean = new double[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += c[i * d + j];
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    c[i * d + j] -= mean[j] / n;
                }
            }
        }
        return c;
    }

    static double sumOfSquares(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }
}
