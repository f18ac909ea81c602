package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.linalg.InverseSquareRoot;
import org.nlsig.math.linalg.SymmetricEigen;
import org.nlsig.math.linalg.TridiagonalReduction;

/**
 * The stress corpus (saturated tanh / sigmoid / GELU / SiLU / HardSwish with means up to +-50 and stds from 1e-3 to
 * 10, near-constant outputs around 1000, dead and mostly-dead ReLUs, duplicated rows, rank-deficient inputs and
 * outputs, values at 1e+-6, n = 2, d = 1 with ties, d from 1 to 4096, float32 and float64): on every case and on both
 * evaluation paths the score is finite, in [0, 1], equal to the eigendecomposition route's, and equal to
 * tools/affinity_reference.py's float64 value within 1e-6. Regenerate the fixture with tools/stress_reference.py.
 */
class StressCorpusTest {
    /** Constant or not is decided by tr(Sigma_Y) against 2 eps d; this close to it the two codes may differ. */
    private static final double UNDECIDABLE_MARGIN = 1e-9;

    record Case(StressInputs.Spec spec, double rho, boolean constantOutput, double traceOverThreshold) {
        @Override
        public String toString() {
            return spec.name();
        }
    }

    static List<Case> corpus() {
        try (InputStream in = StressCorpusTest.class.getResourceAsStream("/stress/expected.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(new Case(StressInputs.Spec.of(c), c.get("rho").asDouble(),
                        c.get("constant_output").asBoolean(), c.get("trace_over_threshold").asDouble()));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The report's matrix: M = L^T Sigma_X L for a numerically constant tanh output is a cluster that bisection
     * cannot split (dstebz info=2). The score no longer builds it (constant path), but the inverse square root must
     * survive it all the same: Gershgorin bounds replace bisection, the fallback is recorded, and the result is the
     * eigendecomposition's.
     */
    @Test
    void bisectionFailureOnTheReportedMatrixFallsBackToGershgorinBounds() {
        Case reported = corpus().stream().filter(c -> c.spec().name().equals("reported_tanh_m17.5_n1000_d300"))
                .findFirst().orElseThrow();
        SampleMatrix[] xy = StressInputs.generate(reported.spec());
        OutputAdaptedCoordinates c = DirectCoordinates.of(CenteredPair.of(xy[0], xy[1]),
                CovarianceEstimator.ledoitWolf());
        int r = c.width();
        double[] m = MongeMap.Product.of(c).m();
        TridiagonalReduction.SpectrumBounds bounds = TridiagonalReduction.of(m, r).extremeEigenvalues();
        assertEquals("dstebz", bounds.fallback().orElseThrow().routine(), bounds.toString());
        SymmetricEigen eigen = SymmetricEigen.of(m, r);
        assertTrue(bounds.lo() <= eigen.values()[0] && bounds.hi() >= eigen.largest(), bounds.toString());
        InverseSquareRoot chosen = InverseSquareRoot.of(m, r, r);
        assertEquals(List.of(bounds.fallback().get()), chosen.fallbacks(), chosen.route());
        double expected = InverseSquareRoot.spectral(m, r, r).traceOfSquareRoot();
        assertEquals(expected, chosen.traceOfSquareRoot(), 1e-12 * expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void finiteInTheUnitIntervalAndEqualToTheReferenceOnBothPaths(Case c) {
        SampleMatrix[] xy = StressInputs.generate(c.spec());
        AffinityScorer base = AffinityScorer.defaults().withCovariance(CovarianceEstimator.named(c.spec().covariance()));
        for (EvaluationPath path : EvaluationPath.values()) {
            String what = c + " on the " + path + " path";
            AffinityResult r = base.withPath(path).score(xy[0], xy[1]);
            assertTrue(Double.isFinite(r.rho()) && r.rho() >= 0 && r.rho() <= 1, what + ": rho = " + r.rho());
            if (Math.abs(c.traceOverThreshold() - 1) > UNDECIDABLE_MARGIN) {
                assertEquals(c.constantOutput(), r.constantOutput(), what + ": constant output");
                assertEquals(c.constantOutput(), r.route() == MapRoute.CONSTANT_OUTPUT, what + ": " + r.route());
            }
            assertEquals(c.rho(), r.unclampedRho(), 1e-6, what + " against tools/affinity_reference.py");
            assertEquals(Math.max(0, c.rho()), r.rho(), 1e-6, what + " (clamped)");
            if (c.spec().d() <= 1024) {
                AffinityResult spectral = base.withPath(path).scoreWithSpectralMap(xy[0], xy[1]);
                assertEquals(spectral.unclampedRho(), r.unclampedRho(), 1e-9, what + " against the eigendecomposition"
                        + " route (" + r.route() + ")");
            }
        }
    }
}
