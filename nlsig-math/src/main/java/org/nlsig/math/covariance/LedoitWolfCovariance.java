package org.nlsig.math.covariance;

/**
 * Ledoit-Wolf shrinkage towards a scaled identity, exactly as scikit-learn's {@code LedoitWolf()} with
 * {@code assume_centered=False} (the paper's choice, Appendix E), plus eps I.
 */
public record LedoitWolfCovariance(double epsilon) implements CovarianceEstimator {

    @Override
    public CovarianceModel estimate(CenteredMoments m) {
        int n = m.samples();
        int d = m.features();
        double mu = m.trace() / n / d;
        double frobSq = m.gramFrobeniusSq() / ((double) n * n); // ||S||_F^2
        // ||S - mu I||_F^2 = ||S||_F^2 - 2 mu tr(S) + d mu^2, in scikit-learn's order of operations
        double delta = (frobSq - 2.0 * mu * (m.trace() / n) + d * mu * mu) / d;
        double beta = (m.sumSquaredSqNorms() / n - frobSq) / ((double) d * n);
        beta = Math.min(beta, delta);
        // beta >= 0 and delta >= 0 in exact arithmetic; rounding must not produce a negative or infinite intensity.
        // With one feature scikit-learn returns 0: the estimate does not depend on shrinkage then.
        double s = d == 1 || beta <= 0 || delta <= 0 ? 0 : beta / delta;
        return new CovarianceModel(s * mu + epsilon, (1 - s) / n, s, mu, d);
    }

    @Override
    public String id() {
        return "ledoit-wolf";
    }
}
