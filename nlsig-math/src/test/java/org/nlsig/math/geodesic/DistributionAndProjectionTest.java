package org.nlsig.math.geodesic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionAndProjectionTest {

    @Test
    void quantilesInterpolateAsNumpyAndInfinitiesAreCounted() {
        Distribution d = Distribution.of(new double[] {4, 1, 3, 2, Double.POSITIVE_INFINITY});
        assertEquals(5, d.count());
        assertEquals(1, d.infinite());
        assertEquals(2.5, d.mean(), 1e-15);
        assertEquals(Math.sqrt(1.25), d.std(), 1e-15);
        assertEquals(1, d.min());
        assertEquals(4, d.max());
        assertEquals(2.5, d.median(), 1e-15);
        assertEquals(1.75, d.q1(), 1e-15); // numpy.quantile([1,2,3,4], 0.25)
        assertEquals(3.85, d.p95(), 1e-12);
        assertTrue(Double.isNaN(Distribution.of(new double[] {Double.POSITIVE_INFINITY}).mean()));
        assertThrows(IllegalArgumentException.class, () -> Distribution.of(new double[] {1, Double.NaN}));
    }

    @Test
    void tracksInAPlaneKeepTheirShapeUpToRotation() {
        // Points lie in a 2-D plane embedded in 3-D: the projection preserves all pairwise distances.
        double[][] a = {{0, 0, 0}, {1, 1, 0}, {2, 2, 0}};
        double[][] b = {{0, 1, 0}, {1, 0, 0}, {3, 0, 0}};
        TrackProjection p = TrackProjection.of(List.of(a, b));
        assertEquals(1.0, p.explainedRatio()[0] + p.explainedRatio()[1], 1e-12);
        double[][] all = {a[0], a[1], a[2], b[0], b[1], b[2]};
        double[][] proj = {p.tracks().get(0)[0], p.tracks().get(0)[1], p.tracks().get(0)[2], p.tracks().get(1)[0],
            p.tracks().get(1)[1], p.tracks().get(1)[2]};
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(dist(all[i], all[j]), dist(proj[i], proj[j]), 1e-9);
            }
        }
        assertTrue(p.explainedRatio()[0] >= p.explainedRatio()[1]);
        assertTrue(p.tracks().get(0)[2][0] >= p.tracks().get(0)[0][0], "first track points towards +x");
    }

    @Test
    void oneDimensionalTracksHaveAZeroSecondAxis() {
        List<double[][]> line = List.of(new double[][][] {{{0}, {1}, {3}}});
        TrackProjection p = TrackProjection.of(line);
        assertEquals(1.0, p.explainedRatio()[0], 1e-12);
        assertEquals(0.0, p.tracks().get(0)[1][1], 1e-9);
        assertThrows(DegenerateTrackException.class, () -> TrackProjection.of(List.of()));
        assertThrows(DegenerateTrackException.class,
                () -> TrackProjection.of(List.of(new double[][] {{0}, {1}}, new double[][] {{0}})));
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }
}
