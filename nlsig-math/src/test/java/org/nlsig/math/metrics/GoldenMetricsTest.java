package org.nlsig.math.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.math.GoldenCases;

/** The official code's comparison metrics on the golden cases, to 1e-4 relative (they were computed in float32). */
class GoldenMetricsTest {
    static List<GoldenCases.Case> cases() {
        return GoldenCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchTheOfficialMetrics(GoldenCases.Case c) {
        ComparisonMetrics m = ComparisonMetrics.of(c.x(), c.y());
        String cka = c.expected().get("linear_cka").asText();
        if (cka.equals("NaN")) {
            assertTrue(Double.isNaN(m.cka()), c.name() + ": CKA undefined when Y has no variance");
        } else {
            assertRelative(c.value("linear_cka"), m.cka(), c.name() + " cka");
        }
        assertRelative(c.value("norm_diff"), m.norm(), c.name() + " norm");
        assertRelative(c.value("r2"), m.r2(), c.name() + " r2");
        assertRelative(c.value("entropy_x"), m.entropyX(), c.name() + " entropy_x");
        assertRelative(c.value("entropy_y"), m.entropyY(), c.name() + " entropy_y");
        assertSparsity(c.value("sparsity_x"), m.sparsityX(), c.name() + " sparsity_x");
        assertSparsity(c.value("sparsity_y"), m.sparsityY(), c.name() + " sparsity_y");
    }

    /**
     * The official code computes 1 - nnz/numel in float32, so its small sparsities carry the rounding of a number
     * near 1 (up to half an ulp of 1f, 6e-8 absolute); ours is the exact fraction.
     */
    private static void assertSparsity(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(1e-4 * expected, Math.ulp(1f) / 2), what);
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-4 * Math.max(Math.abs(expected), 1e-12) + 1e-12, what);
    }
}
