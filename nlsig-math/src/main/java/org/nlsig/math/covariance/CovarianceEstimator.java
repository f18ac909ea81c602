package org.nlsig.math.covariance;

import java.util.Locale;

/** How the covariance of each side of an activation is estimated (docs/method.md section 1, step 2). */
public sealed interface CovarianceEstimator permits LedoitWolfCovariance, SampleCovariance {
    /** The regulariser added to every estimate: Sigma + eps I. */
    double EPSILON = 1e-6;

    CovarianceModel estimate(CenteredMoments moments);

    /** The name used on the command line and in result files. */
    String id();

    static CovarianceEstimator ledoitWolf() {
        return new LedoitWolfCovariance(EPSILON);
    }

    static CovarianceEstimator sample() {
        return new SampleCovariance(EPSILON);
    }

    /** Parses {@code ledoit-wolf} or {@code sample}. */
    static CovarianceEstimator named(String id) {
        return switch (id.trim().toLowerCase(Locale.ROOT)) {
            case "ledoit-wolf", "ledoit_wolf", "lw" -> ledoitWolf();
            case "sample" -> sample();
            default -> throw new IllegalArgumentException("unknown covariance estimator '" + id
                    + "' (use ledoit-wolf or sample)");
        };
    }
}
