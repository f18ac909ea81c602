package org.nlsig.math.covariance;

/**
 * The second- and fourth-order sums of centred samples that the covariance estimators need. Both evaluation paths
 * (d x d and n x n Gram matrices) produce them, since ||Xc^T Xc||_F = ||Xc Xc^T||_F.
 *
 * @param samples            n
 * @param features           d
 * @param trace              sum_i ||xc_i||^2 = tr(Xc^T Xc)
 * @param gramFrobeniusSq    ||Xc^T Xc||_F^2
 * @param sumSquaredSqNorms  sum_i ||xc_i||^4
 */
public record CenteredMoments(int samples, int features, double trace, double gramFrobeniusSq,
        double sumSquaredSqNorms) {

    /** From the n x n Gram matrix G = Xc Xc^T (row-major) of the centred samples. */
    public static CenteredMoments fromSampleGram(double[] g, int n, int d) {
        double trace = 0;
        double frob = 0;
        double fourth = 0;
        for (int i = 0; i < n; i++) {
            double gii = g[i * n + i];
            trace += gii;
            fourth += gii * gii;
        }
        for (double v : g) {
            frob += v * v;
        }
        return new CenteredMoments(n, d, trace, frob, fourth);
    }

    /** From the d x d scatter matrix S = Xc^T Xc and the centred samples' squared norms. */
    public static CenteredMoments fromScatter(double[] scatter, int d, double[] rowSquaredNorms) {
        double trace = 0;
        double frob = 0;
        for (int i = 0; i < d; i++) {
            trace += scatter[i * d + i];
        }
        for (double v : scatter) {
            frob += v * v;
        }
        double fourth = 0;
        for (double s : rowSquaredNorms) {
            fourth += s * s;
        }
        return new CenteredMoments(rowSquaredNorms.length, d, trace, frob, fourth);
    }
}
