package org.nlsig.math.affinity;

import org.nlsig.math.SampleMatrix;

/** X and Y with their means removed, and the means (shared first step of both evaluation paths). */
record CenteredPair(int n, int d, double[] xc, double[] yc, double[] meanX, double[] meanY) {

    static CenteredPair of(SampleMatrix x, SampleMatrix y) {
        int n = x.rows();
        int d = x.cols();
        double[] mx = columnMeans(x.values(), n, d);
        double[] my = columnMeans(y.values(), n, d);
        double[] xc = new double[n * d];
        double[] yc = new double[n * d];
        // Second pass: removes the rounding left in the first mean, so a constant column centres to exactly 0.
        subtractInPlace(xc, subtractRows(x.values(), mx, xc, n, d), n, d);
        subtractInPlace(yc, subtractRows(y.values(), my, yc, n, d), n, d);
        return new CenteredPair(n, d, xc, yc, mx, my);
    }

    private static void subtractInPlace(double[] v, double[] mean, int n, int d) {
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                v[row + j] -= mean[j];
            }
        }
    }

    double meanDistanceSquared() {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = meanX[j] - meanY[j];
            s += diff * diff;
        }
        return s;
    }

    private static double[] columnMeans(double[] v, int n, int d) {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                m[j] += v[row + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    /** c = v - mean (row-wise), returning the column means of c: what a second centring pass subtracts. */
    private static double[] subtractRows(double[] v, double[] mean, double[] c, int n, int d) {
        double[] residual = new double[d];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                double centred = v[row + j] - mean[j];
                c[row + j] = centred;
                residual[j] += centred;
            }
        }
        for (int j = 0; j < d; j++) {
            residual[j] /= n;
        }
        return residual;
    }
}
