package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.math.GoldenCases;
import org.nlsig.math.covariance.CovarianceEstimator;

/** The exact double-precision reference values of the golden affinity cases, to 1e-6. */
class GoldenAffinityTest {
    static List<GoldenCases.Case> cases() {
        return GoldenCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ledoitWolfMatchesTheExactReference(GoldenCases.Case c) {
        AffinityResult r = AffinityScorer.defaults().score(c.x(), c.y());
        assertEquals(c.value("rho_ledoit_wolf"), r.rho(), 1e-6, c.name());
        assertTrue(r.rho() >= 0 && r.rho() <= 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampleCovarianceMatchesTheExactReferenceWhereDefined(GoldenCases.Case c) {
        AffinityResult r = AffinityScorer.defaults().withCovariance(CovarianceEstimator.sample()).score(c.x(), c.y());
        if (c.has("rho_sample")) {
            assertEquals(c.value("rho_sample"), r.rho(), 1e-6, c.name());
        } else {
            assertTrue(c.x().cols() >= c.x().rows(), "reference omits rho_sample only where d >= n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void directAndDataSpanPathsAgreeTo1e9(GoldenCases.Case c) {
        for (CovarianceEstimator est : List.of(CovarianceEstimator.ledoitWolf(), CovarianceEstimator.sample())) {
            AffinityScorer s = AffinityScorer.defaults().withCovariance(est);
            AffinityResult direct = s.withPath(EvaluationPath.DIRECT).score(c.x(), c.y());
            AffinityResult span = s.withPath(EvaluationPath.DATA_SPAN).score(c.x(), c.y());
            assertEquals(EvaluationPath.DIRECT, direct.path());
            assertEquals(EvaluationPath.DATA_SPAN, span.path());
            if (est.id().equals("sample") && c.x().cols() >= c.x().rows()) {
                continue; // singular sample covariance: no stable value to compare (docs/method.md)
            }
            assertEquals(direct.rho(), span.rho(), 1e-9, c.name() + " " + est.id());
            assertEquals(direct.transportCost(), span.transportCost(), 1e-9 * Math.max(1, direct.bound()),
                    c.name());
            assertEquals(direct.gaussianW2Squared(), span.gaussianW2Squared(),
                    1e-8 * Math.max(1, direct.bound()), c.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void constantOutputsAreFlagged(GoldenCases.Case c) {
        AffinityResult r = AffinityScorer.defaults().score(c.x(), c.y());
        boolean expectConstant = c.name().startsWith("constant_output") || c.name().startsWith("dead_relu");
        assertEquals(expectConstant, r.constantOutput(), c.name());
        if (expectConstant) {
            assertEquals(1.0, r.rho(), 1e-12);
        }
    }
}
