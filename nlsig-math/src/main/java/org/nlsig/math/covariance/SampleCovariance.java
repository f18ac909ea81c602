package org.nlsig.math.covariance;

/**
 * The unbiased sample covariance Xc^T Xc / (n - 1), plus eps I. Singular when d &gt;= n, where the score it gives is
 * unstable (docs/method.md): prefer Ledoit-Wolf there.
 */
public record SampleCovariance(double epsilon) implements CovarianceEstimator {

    @Override
    public CovarianceModel estimate(CenteredMoments m) {
        int n = m.samples();
        return new CovarianceModel(epsilon, 1.0 / (n - 1), 0, m.trace() / n / m.features(), m.features());
    }

    @Override
    public String id() {
        return "sample";
    }
}
