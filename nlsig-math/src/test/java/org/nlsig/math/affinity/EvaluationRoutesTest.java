package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.math.GoldenCases;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * Both paths factor Sigma_Y by Cholesky (one eigendecomposition in all, the Monge map's) and fall back to the
 * eigenbasis of the outputs' scatter (two) when Sigma_Y is too ill-conditioned for Cholesky: on each path both routes
 * give the same score, to 1e-9.
 */
class EvaluationRoutesTest {
    static List<GoldenCases.Case> cases() {
        return GoldenCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choleskyAndEigenbasisRoutesAgreeTo1e9OnBothPaths(GoldenCases.Case c) {
        for (CovarianceEstimator est : List.of(CovarianceEstimator.ledoitWolf(), CovarianceEstimator.sample())) {
            if (est.id().equals("sample") && c.x().cols() >= c.x().rows()) {
                continue; // singular sample covariance: no stable value to compare (docs/method.md)
            }
            for (EvaluationPath path : EvaluationPath.values()) {
                AffinityScorer s = AffinityScorer.defaults().withCovariance(est).withPath(path);
                assertRoutesAgree(s.score(c.x(), c.y()), s.scoreInOutputEigenbasis(c.x(), c.y()),
                        c.name() + " " + est.id() + " " + path);
            }
        }
    }

    /**
     * The Monge map's M^{-1/2} from the tridiagonal form by a rational approximation (taken when M is well
     * conditioned, as Ledoit-Wolf makes it) equals the eigendecomposition's to rounding. The golden cases take both.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rationalAndSpectralMongeMapsAgreeToRounding(GoldenCases.Case c) {
        for (CovarianceEstimator est : List.of(CovarianceEstimator.ledoitWolf(), CovarianceEstimator.sample())) {
            for (EvaluationPath path : EvaluationPath.values()) {
                CenteredPair pair = CenteredPair.of(c.x(), c.y());
                OutputAdaptedCoordinates coords = path == EvaluationPath.DIRECT ? DirectCoordinates.of(pair, est)
                        : DataSpanCoordinates.of(pair, est);
                MongeMap chosen = MongeMap.of(coords);
                MongeMap spectral = MongeMap.of(coords, true);
                String what = c.name() + " " + est.id() + " " + path + " (" + chosen.inverseSqrt().route() + ")";
                double[] z = chosen.transportedInputs();
                double[] reference = spectral.transportedInputs();
                double scale = 0;
                for (double v : reference) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < z.length; i++) {
                    assertEquals(reference[i], z[i], 1e-11 * scale, what + " entry " + i);
                }
                assertEquals(spectral.sqrtProductTrace(), chosen.sqrtProductTrace(),
                        1e-11 * spectral.sqrtProductTrace(), what);
            }
        }
    }

    private static void assertRoutesAgree(AffinityResult cholesky, AffinityResult eigenbasis, String what) {
        assertEquals(eigenbasis.rho(), cholesky.rho(), 1e-9, what);
        assertEquals(eigenbasis.transportCost(), cholesky.transportCost(), 1e-9 * Math.max(1, cholesky.bound()), what);
        assertEquals(eigenbasis.gaussianW2Squared(), cholesky.gaussianW2Squared(),
                1e-8 * Math.max(1, cholesky.bound()), what);
        assertEquals(eigenbasis.workingDimension(), cholesky.workingDimension(), what);
    }
}
