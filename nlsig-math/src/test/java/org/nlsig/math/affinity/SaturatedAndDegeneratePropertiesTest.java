package org.nlsig.math.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.nlsig.math.SampleMatrix;

/**
 * Random saturated and degenerate activations (the stress corpus's families at random sizes, means and scales): the
 * score never throws, is finite and in [0, 1], and equals the eigendecomposition route's. Before the constant-output
 * path and the bisection fallback, the first property threw "dstebz info=2" on saturated tanh, sigmoid and GELU at
 * working dimensions from 96 on.
 */
class SaturatedAndDegeneratePropertiesTest {

    @Property(tries = 40)
    void saturatedActivationsScoreLikeTheEigendecompositionRoute(
            @ForAll @IntRange(min = 0, max = 4) int activation,
            @ForAll @DoubleRange(min = -50, max = 50) double mean,
            @ForAll @DoubleRange(min = -3, max = 1) double log10Std,
            @ForAll @IntRange(min = 2, max = 260) int n,
            @ForAll @IntRange(min = 1, max = 320) int d,
            @ForAll boolean float32, @ForAll @LongRange(min = 0, max = 1 << 30) long seed) {
        String act = new String[] {"tanh", "sigmoid", "gelu", "silu", "hardswish"}[activation];
        check(new StressInputs.Spec("saturated", n, d, act, mean, Math.pow(10, log10Std), seed, float32, "none",
                "ledoit-wolf"));
    }

    @Property(tries = 40)
    void degenerateInputsScoreLikeTheEigendecompositionRoute(
            @ForAll @IntRange(min = 0, max = 6) int family,
            @ForAll @IntRange(min = 2, max = 200) int n,
            @ForAll @IntRange(min = 1, max = 260) int d,
            @ForAll boolean float32, @ForAll @LongRange(min = 0, max = 1 << 30) long seed) {
        StressInputs.Spec s = switch (family) {
            case 0 -> spec("relu", n, d, -50, 1, seed, float32, "none"); // dead
            case 1 -> spec("relu", n, d, -2.5, 1, seed, float32, "none"); // mostly dead
            case 2 -> spec("gelu", n, d, 0, 1, seed, float32, "duplicate_rows");
            case 3 -> spec("identity", n, d, 0.5, 2, seed, float32, "low_rank:" + (1 + seed % 5));
            case 4 -> spec("near_constant", n, d, 0, 1, seed, float32, "none");
            case 5 -> spec("leakyrelu", n, d, 0, 1e6, seed, float32, "none");
            default -> spec("tanh", n, d, 0, 1e-6, seed, float32, "none");
        };
        check(s);
    }

    private static StressInputs.Spec spec(String act, int n, int d, double mean, double std, long seed,
            boolean float32, String transform) {
        return new StressInputs.Spec(act, n, d, act, mean, std, seed, float32, transform, "ledoit-wolf");
    }

    private static void check(StressInputs.Spec s) {
        SampleMatrix[] xy = StressInputs.generate(s);
        for (EvaluationPath path : EvaluationPath.values()) {
            AffinityScorer scorer = AffinityScorer.defaults().withPath(path);
            String what = s + " n=" + s.n() + " d=" + s.d() + " mean=" + s.mean() + " std=" + s.std()
                    + (s.float32() ? " float32 " : " float64 ") + s.transform() + " " + path;
            AffinityResult r = scorer.score(xy[0], xy[1]);
            assertTrue(Double.isFinite(r.rho()) && r.rho() >= 0 && r.rho() <= 1, what + ": rho = " + r.rho());
            assertTrue(Double.isFinite(r.gaussianW2Squared()), what + ": Bures distance");
            AffinityResult spectral = scorer.scoreWithSpectralMap(xy[0], xy[1]);
            assertEquals(spectral.unclampedRho(), r.unclampedRho(), 1e-9, what + " (" + r.route() + ")");
        }
    }
}
