package org.nlsig.bench;

import java.util.Random;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.linalg.Blas;

/** The benchmark workload of issue 2: ReLU of correlated Gaussian input. */
final class BenchmarkData {
    private BenchmarkData() {
    }

    /** X = Z M with Z standard Gaussian (n x d) and M a random mixing matrix, so features are correlated. */
    static SampleMatrix correlatedGaussian(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[] z = new double[n * d];
        for (int k = 0; k < z.length; k++) {
            z[k] = rnd.nextGaussian();
        }
        // mixing with a banded matrix keeps generation O(n d w) for large d
        int w = Math.min(d, 16);
        double[] x = new double[n * d];
        double[] weights = new double[w];
        for (int k = 0; k < w; k++) {
            weights[k] = rnd.nextGaussian() / Math.sqrt(w);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double s = z[i * d + j];
                for (int k = 1; k < w; k++) {
                    s += weights[k] * z[i * d + (j + k) % d];
                }
                x[i * d + j] = s;
            }
        }
        return new SampleMatrix(n, d, x);
    }

    static SampleMatrix relu(SampleMatrix x) {
        double[] y = x.values().clone();
        for (int k = 0; k < y.length; k++) {
            y[k] = Math.max(0, y[k]);
        }
        return new SampleMatrix(x.rows(), x.cols(), y);
    }

    /** Squared distances between two Gaussian clouds in R^8: the kind of cost matrix the score solves. */
    static double[] transportCost(int n, long seed) {
        Random rnd = new Random(seed);
        int dim = 8;
        double[] a = new double[n * dim];
        double[] b = new double[n * dim];
        for (int k = 0; k < a.length; k++) {
            a[k] = rnd.nextGaussian();
            b[k] = rnd.nextGaussian() * 1.3 + 0.2;
        }
        double[] cost = Blas.multiplyTransposed(a, b, n, dim, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = a[i * dim + k] - b[j * dim + k];
                    s += diff * diff;
                }
                cost[i * n + j] = s;
            }
        }
        return cost;
    }
}
