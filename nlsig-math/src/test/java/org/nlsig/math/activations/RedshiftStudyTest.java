package org.nlsig.math.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.covariance.CovarianceEstimator;

class RedshiftStudyTest {

    @Test
    void theGridRunsAlongXFirstAsNumpysMeshgrid() {
        SampleMatrix p = new InputGrid(3, -1, 1).points();
        assertEquals(9, p.rows());
        assertArrayEquals(new double[] {-1, -1}, p.row(0));
        assertArrayEquals(new double[] {0, -1}, p.row(1));
        assertArrayEquals(new double[] {1, -1}, p.row(2));
        assertArrayEquals(new double[] {-1, 0}, p.row(3));
        assertArrayEquals(new double[] {1, 1}, p.row(8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InputGrid(1, -1, 1));
        assertTrue(e.getMessage().contains("at least 2 points per axis, got 1"), e.getMessage());
    }

    /** The 2 -> 3 -> 3 -> 1 network of tools/redshift_reference.py, which computed the expected values. */
    private static RandomMlp tinyNetwork() {
        return new RandomMlp(List.of(
                new RandomMlp.Layer(2, 3, new double[] {1.5, -0.5, 0.25, 2.0, -1.0, 1.0}, new double[] {0.1, -0.3,
                    0.2}),
                new RandomMlp.Layer(3, 3, new double[] {0.5, -1.25, 0.75, 1.0, 0.5, -0.5, -0.25, 1.5, 1.0},
                        new double[] {-0.2, 0.4, 0.0}),
                new RandomMlp.Layer(3, 1, new double[] {1.0, -2.0, 0.5}, new double[] {0.3})));
    }

    @Test
    void aTinyNetworksOutputsAndScoresMatchAnIndependentNumpyComputation() {
        SampleMatrix grid = new InputGrid(4, -1, 1).points();
        AffinityScorer scorer = AffinityScorer.defaults().withCovariance(CovarianceEstimator.sample());
        double[][] expectedScores = {{0.6824804424525128, 0.9151835859385867}, {0.8472928723608367,
            0.8722279347594533}};
        double[][] expectedOutput = {{-0.2, -0.7, -2.35, -3.85, 1.1833333333333333, -0.2, -1.85, -3.35,
            1.9583333333333335, 0.825, -1.2333333333333332, -3.7, 2.4375, 1.3958333333333333, 0.141666666666667,
            -3.025}, {2.0176602632072584, 0.012652246064822847, -1.1363797913893452, -1.2925925939969356,
            2.5483135509273285, 1.224296177979945, -1.0138919372731765, -1.562889108785084, 2.0590983497798803,
            1.0807604211894855, -1.1997700230157633, -2.1536462071991505, 1.074887449599577, 0.6194183129953377,
            -0.988310474641583, -1.783372895699608}};
        ActivationFunction[] fs = {ActivationFunction.RELU, ActivationFunction.TANH};
        for (int a = 0; a < fs.length; a++) {
            RandomMlp.Forward f = tinyNetwork().forward(grid, fs[a]);
            assertArrayEquals(expectedOutput[a], f.output().values(), 1e-12, fs[a].id());
            assertEquals(2, f.preActivations().size());
            for (int l = 0; l < 2; l++) {
                SampleMatrix z = f.preActivations().get(l);
                assertEquals(expectedScores[a][l], scorer.score(z, StudyInputs.map(z, fs[a]::apply)).rho(), 1e-9,
                        fs[a].id() + " layer " + l);
            }
        }
    }

    @Test
    void weightsAreGlorotUniformShiftedAndScaledBiasesUniformInMinusOneOne() {
        List<Integer> widths = List.of(2, 40, 40, 1);
        RandomMlp unit = RandomMlp.draw(new SplittableRandom(3), widths, 1, -0.05);
        RandomMlp big = RandomMlp.draw(new SplittableRandom(3), widths, 6, -0.05);
        double a = Math.sqrt(6.0 / (40 + 40));
        double[] w = unit.layers().get(1).weights();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo >= -a - 0.05 && hi <= a - 0.05, lo + " " + hi);
        // 1600 draws: the extremes come within 1 % of the range's ends
        assertTrue(lo < -a - 0.05 + 0.02 * a && hi > a - 0.05 - 0.02 * a, lo + " " + hi);
        for (int l = 0; l < widths.size() - 1; l++) {
            double[] u = unit.layers().get(l).weights();
            double[] s = big.layers().get(l).weights();
            for (int k = 0; k < u.length; k++) {
                assertEquals(6 * u[k], s[k], 1e-12);
            }
            assertArrayEquals(unit.layers().get(l).bias(), big.layers().get(l).bias());
            for (double b : unit.layers().get(l).bias()) {
                assertTrue(b >= -1 && b < 1);
            }
        }
    }

    private static RedshiftStudy.Protocol small(long seed) {
        return new RedshiftStudy.Protocol(new InputGrid(8, -1, 1), 6, 2, List.of(1.0, 6.0), -0.05,
                List.of(ActivationFunction.RELU, ActivationFunction.TANH), 2, CovarianceEstimator.sample(), seed);
    }

    @Test
    void runsAreDeterministicPerSeedAndDoNotDependOnThreads() {
        RedshiftStudy.Result one = RedshiftStudy.run(small(4), 1);
        RedshiftStudy.Result two = RedshiftStudy.run(small(4), 2);
        assertEquals(2 * 2 * 2, one.panels().size());
        for (int k = 0; k < one.panels().size(); k++) {
            RedshiftStudy.Panel p = one.panels().get(k);
            RedshiftStudy.Panel q = two.panels().get(k);
            assertArrayEquals(p.layerScores(), q.layerScores());
            assertArrayEquals(p.image(), q.image());
        }
        RedshiftStudy.Panel first = one.panels().get(0);
        assertEquals(0, first.network());
        assertEquals(1.0, first.scale());
        assertEquals(ActivationFunction.RELU, first.activation());
        assertEquals(ActivationFunction.TANH, one.panels().get(1).activation());
        assertEquals(6.0, one.panels().get(2).scale());
        assertEquals(1, one.panels().get(4).network());
        assertEquals(2, first.layerScores().length);
        assertNotEquals(first.layerScores()[0], RedshiftStudy.run(small(5), 1).panels().get(0).layerScores()[0]);
    }

    @Test
    void panelsHoldScoresInRangeAndTheirImageNormalised() {
        for (RedshiftStudy.Panel p : RedshiftStudy.run(small(1), 1).panels()) {
            for (double s : p.layerScores()) {
                assertTrue(s >= 0 && s <= 1, p.toString());
            }
            double[][] im = p.image();
            assertEquals(8, im.length);
            double lo = 1;
            double hi = 0;
            for (double[] row : im) {
                for (double v : row) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            assertEquals(0.0, lo);
            assertEquals(1.0, hi);
            assertTrue(p.outputMax() > p.outputMin());
            double[] s = p.layerScores();
            assertEquals((s[0] + s[1]) / 2, p.meanScore(), 1e-15);
            assertEquals(Math.abs(s[0] - s[1]) / 2, p.stdScore(), 1e-15);
        }
    }

    @Test
    void tanhNetworksScoreLowerWithLargerWeights() {
        // the redshift experiment's point: six times larger weights drive tanh into saturation, a less affine map
        RedshiftStudy.Result r = RedshiftStudy.run(new RedshiftStudy.Protocol(new InputGrid(16, -1, 1), 40, 3,
                List.of(1.0, 6.0), -0.05, List.of(ActivationFunction.TANH), 3, CovarianceEstimator.sample(), 0), 2);
        for (int k = 0; k < 3; k++) {
            RedshiftStudy.Panel s1 = r.panels().get(2 * k);
            RedshiftStudy.Panel s6 = r.panels().get(2 * k + 1);
            assertTrue(s6.meanScore() < s1.meanScore(), s1.meanScore() + " vs " + s6.meanScore());
        }
    }

    @Test
    void badProtocolsAreRefusedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RedshiftStudy.Protocol(
                new InputGrid(4, -1, 1), 3, 1, List.of(0.0), 0, List.of(ActivationFunction.RELU), 1,
                CovarianceEstimator.sample(), 0));
        assertTrue(e.getMessage().contains("scales must be positive, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomMlp(List.of(
                new RandomMlp.Layer(2, 3, new double[6], new double[3]),
                new RandomMlp.Layer(2, 1, new double[2], new double[1]))));
        assertTrue(e.getMessage().contains("layer 1 takes 2 inputs, the layer before gives 3"), e.getMessage());
    }
}
