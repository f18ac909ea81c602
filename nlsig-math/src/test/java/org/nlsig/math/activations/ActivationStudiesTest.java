package org.nlsig.math.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.math.covariance.CovarianceEstimator;

class ActivationStudiesTest {

    @Test
    void activationsFollowPyTorchDefinitions() {
        assertEquals(0.8413447460685429 * 1.0, ActivationFunction.GELU.apply(1.0), 1e-14); // 1 * Phi(1)
        assertEquals(-0.15865525393145707 * 1.0, ActivationFunction.GELU.apply(-1.0), 1e-14);
        assertEquals(-3 * 0.0013498980316301035, ActivationFunction.GELU.apply(-3.0), 1e-15);
        assertEquals(2.209049699858544e-05, ErrorFunction.erfc(3), 1e-19);
        assertEquals(0.15729920705028513, ErrorFunction.erfc(1), 1e-15);
        assertEquals(1.5374597944280349e-12, ErrorFunction.erfc(5), 1e-25);
        assertEquals(-0.01, ActivationFunction.LEAKY_RELU.apply(-1), 0);
        assertEquals(6, ActivationFunction.RELU6.apply(7), 0);
        assertEquals(2 * 5.0 / 6, ActivationFunction.HARDSWISH.apply(2), 1e-15);
        assertEquals(1 / (1 + Math.exp(-2)) * 2, ActivationFunction.SILU.apply(2), 1e-15);
        assertEquals(0, ActivationFunction.SIGMOID.apply(-800), 1e-300);
        assertEquals(ActivationFunction.LEAKY_RELU, ActivationFunction.named("Leaky_ReLU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationFunction.named("mish"));
        assertTrue(e.getMessage().contains("hardswish"), e.getMessage());
    }

    @Test
    void reluIsLinearOnOneSideAndMostNonLinearAroundZero() {
        // 9 centres -4, -3, ..., 4 with half-width 2: [-4, 0] is all non-positive, [0, 4] all non-negative
        InputRangeStudy.Protocol p = new InputRangeStudy.Protocol(9, -4, 4, 2, 600, 1, ActivationFunction.RELU,
                CovarianceEstimator.sample(), 11);
        List<InputRangeStudy.Point> points = InputRangeStudy.run(p);
        assertEquals(9, points.size());
        for (InputRangeStudy.Point q : points) {
            if (q.upper() <= 0 || q.lower() >= 0) {
                assertEquals(1, q.rho(), 1e-9, "constant output or identity: " + q);
            } else {
                assertTrue(q.rho() < 0.9, "inputs on both sides of the kink are transformed non-linearly: " + q);
            }
        }
        InputRangeStudy.Point lowest = points.stream().min((a, b) -> Double.compare(a.rho(), b.rho())).orElseThrow();
        assertTrue(lowest.lower() < 0 && lowest.upper() > 0, "the minimum is where the range straddles 0: " + lowest);
        // In d = 1 the affine map is increasing, so exact transport matches sorted values and
        // rho = 1 - sqrt(1 - c) with c the correlation of the quantile functions of X and ReLU(X).
        // Uniform [-2, 2]: c = 2 / sqrt(5). Uniform [-3, 1] (a quarter positive): c = 0.693375.
        assertEquals(1 - Math.sqrt(1 - 2 / Math.sqrt(5)), points.get(4).rho(), 0.03, "m = 0");
        assertEquals(1 - Math.sqrt(1 - 0.693375), points.get(3).rho(), 0.03, "m = -1");
    }

    @Test
    void polynomialScoreFallsAsTheDegreeRises() {
        // the paper's degrees on 400 instead of 1000 points of [-1, 1] (the CLI runs the full protocol)
        PolynomialStudy.Protocol p = new PolynomialStudy.Protocol(400, -1, 1, PolynomialStudy.Protocol.paper().degrees(),
                CovarianceEstimator.sample());
        List<PolynomialStudy.Point> points = PolynomialStudy.run(p);
        assertEquals(List.of(1, 3, 5, 11, 21, 41), points.stream().map(PolynomialStudy.Point::degree).toList());
        assertEquals(1, points.get(0).rho(), 1e-9, "x^1 is the identity");
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).rho() < points.get(i - 1).rho(), "degree " + points.get(i).degree() + ": "
                    + points);
        }
        PolynomialStudy.Protocol small = new PolynomialStudy.Protocol(50, -1, 1, List.of(3, 5),
                CovarianceEstimator.sample());
        assertEquals(PolynomialStudy.run(small), PolynomialStudy.run(small), "deterministic");
    }

    @Test
    void ledoitWolfScoreStaysPutAsTheDimensionGrowsWhileTheSampleOneDrifts() {
        DimensionStudy.Protocol p = new DimensionStudy.Protocol(512, List.of(10, 1000), 0, 1,
                ActivationFunction.RELU, List.of(CovarianceEstimator.ledoitWolf(), CovarianceEstimator.sample()), 7);
        List<DimensionStudy.Point> points = DimensionStudy.run(p);
        double[] lw = points.stream().filter(x -> x.covariance().equals("ledoit-wolf"))
                .mapToDouble(DimensionStudy.Point::rho).toArray();
        double[] sample = points.stream().filter(x -> x.covariance().equals("sample"))
                .mapToDouble(DimensionStudy.Point::rho).toArray();
        for (double v : lw) {
            assertEquals(lw[0], v, 0.01, "Ledoit-Wolf: " + points);
        }
        assertTrue(Math.abs(sample[1] - sample[0]) > 0.05, "sample covariance drifts past n: " + points);
    }

    @Test
    void slidingMeanStudyIsDeterministicAndIndependentOfThreads() {
        SlidingMeanStudy.Protocol p = new SlidingMeanStudy.Protocol(5, -20, 20, List.of(2.0, 0.1), 200, 20,
                List.of(ActivationFunction.RELU, ActivationFunction.SIGMOID, ActivationFunction.GELU),
                CovarianceEstimator.ledoitWolf(), 3);
        SlidingMeanStudy.Result one = SlidingMeanStudy.run(p, true, 1);
        SlidingMeanStudy.Result two = SlidingMeanStudy.run(p, true, 2);
        assertEquals(one, two);
        assertEquals(3 * 5 * 2, one.scores().size());
        assertEquals(3 * 5, one.boxes().size());
        assertEquals(3, one.baselines().size());
        for (SlidingMeanStudy.Score s : one.scores()) {
            assertTrue(s.rho() >= 0 && s.rho() <= 1, s.toString());
            if (s.activation() == ActivationFunction.RELU && Math.abs(s.mean()) >= 10) {
                // far from the kink ReLU is constant or the identity: linear
                assertEquals(1, s.rho(), 1e-6, s.toString());
            }
        }
        SlidingMeanStudy.Box reluAtZero = one.boxes().stream()
                .filter(b -> b.activation() == ActivationFunction.RELU && b.mean() == 0).findFirst().orElseThrow();
        assertTrue(reluAtZero.summary().min() < 0.9, "ReLU around 0 with std 2 is non-linear: " + reluAtZero);
        assertTrue(reluAtZero.summary().min() <= reluAtZero.summary().median());
    }

    /**
     * The paper's full grid of means and stds (20 x 6, all nine activations), at n = 200 and d = 120 so the rational
     * route (working dimension >= 96) runs: every cell scores, in [0, 1]. The paper's protocol at n = 1000, d = 300
     * threw "dstebz info=2" on 9 of its 1080 scores before saturated outputs took the constant path.
     */
    @Test
    void slidingMeanRunsOverThePapersFullGridOfMeansAndStds() {
        SlidingMeanStudy.Protocol paper = SlidingMeanStudy.Protocol.paper();
        SlidingMeanStudy.Protocol p = new SlidingMeanStudy.Protocol(paper.means(), paper.lowestMean(),
                paper.highestMean(), paper.stds(), 200, 120, paper.activations(), paper.covariance(), paper.seed());
        SlidingMeanStudy.Result r = SlidingMeanStudy.run(p, true, 2);
        assertEquals(9 * 20 * 6, r.scores().size());
        for (SlidingMeanStudy.Score s : r.scores()) {
            assertTrue(Double.isFinite(s.rho()) && s.rho() >= 0 && s.rho() <= 1, s.toString());
            boolean saturated = Math.abs(s.mean()) == 20 && (s.activation() == ActivationFunction.TANH
                    || s.activation() == ActivationFunction.SIGMOID || s.activation() == ActivationFunction.HARDTANH);
            if (saturated) {
                assertEquals(1, s.rho(), 1e-4, "a saturated output is constant: " + s);
            }
        }
        assertEquals(9, r.baselines().size());
    }

    @Test
    void paperProtocolsAreThePapers() {
        SlidingMeanStudy.Protocol p = SlidingMeanStudy.Protocol.paper();
        assertEquals(20, p.meanValues().length);
        assertEquals(-20, p.meanValues()[0]);
        assertEquals(20, p.meanValues()[19]);
        assertEquals(9, p.activations().size());
        assertEquals(List.of(2.0, 1.0, 0.5, 0.25, 0.1, 0.01), p.stds());
        assertEquals(1000, p.samples());
        assertEquals(300, p.dimension());
        assertThrows(IllegalArgumentException.class, () -> new SlidingMeanStudy.Protocol(5, -1, 1, List.of(-1.0), 10,
                2, List.of(ActivationFunction.RELU), CovarianceEstimator.sample(), 0));
    }
}
