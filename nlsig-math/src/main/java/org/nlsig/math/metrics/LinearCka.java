package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;
import org.nlsig.math.linalg.Blas;

/**
 * Linear centred kernel alignment, HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)) with K = X X^T, L = Y Y^T. Computed as
 * ||Xc^T Yc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F), in d x d or n x n form, whichever is smaller.
 */
public final class LinearCka {
    private LinearCka() {
    }

    /** The CKA in [0, 1]; NaN when X or Y has no variance at all (the ratio 0/0, as the official code). */
    public static double of(SampleMatrix x, SampleMatrix y) {
        Metrics.requireSameShape(x, y);
        int n = x.rows();
        int d = x.cols();
        double[] xc = Metrics.centred(x);
        double[] yc = Metrics.centred(y);
        double cross;
        double xx;
        double yy;
        if (d <= n) {
            cross = Metrics.sumOfSquares(Blas.multiply(transpose(xc, n, d), yc, d, n, d));
            xx = Metrics.sumOfSquares(Blas.gramOfColumns(xc, n, d));
            yy = Metrics.sumOfSquares(Blas.gramOfColumns(yc, n, d));
        } else {
            double[] k = Blas.gramOfRows(xc, n, d);
            double[] l = Blas.gramOfRows(yc, n, d);
            cross = 0;
            for (int i = 0; i < k.length; i++) {
                cross += k[i] * l[i];
            }
            xx = Metrics.sumOfSquares(k);
            yy = Metrics.sumOfSquares(l);
        }
        return cross / Math.sqrt(xx * yy);
    }

    private static double[] transpose(double[] a, int n, int d) {
        double[] t = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                t[j * n + i] = a[i * d + j];
            }
        }
        return t;
    }
}
