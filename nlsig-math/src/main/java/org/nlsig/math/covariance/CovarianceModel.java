package org.nlsig.math.covariance;

/**
 * An estimated covariance in the form every such estimate here takes:
 * {@code Sigma = identityWeight * I + scatterWeight * Xc^T Xc}. The form is what lets the affinity score be computed
 * exactly in the span of the data when d is large: outside that span Sigma is the scalar identityWeight.
 *
 * @param identityWeight a: shrinkage target plus the regulariser eps
 * @param scatterWeight  c: weight of the centred scatter matrix Xc^T Xc
 * @param shrinkage      the shrinkage intensity s in [0, 1] (0 for the sample covariance)
 * @param meanEigenvalue mu = tr(S)/d of the (biased) empirical covariance S
 * @param features       d
 */
public record CovarianceModel(double identityWeight, double scatterWeight, double shrinkage, double meanEigenvalue,
        int features) {

    /** tr(Sigma), given tr(Xc^T Xc). */
    public double trace(double scatterTrace) {
        return identityWeight * features + scatterWeight * scatterTrace;
    }

    /** Sigma as a dense row-major d x d matrix, from the scatter matrix Xc^T Xc. */
    public double[] dense(double[] scatter) {
        int d = features;
        double[] s = new double[d * d];
        for (int k = 0; k < s.length; k++) {
            s[k] = scatterWeight * scatter[k];
        }
        for (int i = 0; i < d; i++) {
            s[i * d + i] += identityWeight;
        }
        return s;
    }
}
