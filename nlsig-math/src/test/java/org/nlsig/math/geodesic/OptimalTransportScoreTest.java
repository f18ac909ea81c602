package org.nlsig.math.geodesic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.math.SampleMatrix;

class OptimalTransportScoreTest {

    private static SampleMatrix gaussian(int m, int d, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[m * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return new SampleMatrix(m, d, v);
    }

    /** y_i = A x_i + b for a random symmetric positive-definite A = B B^T + 0.1 I. */
    private static SampleMatrix positiveDefiniteImage(SampleMatrix x, long seed) {
        int d = x.cols();
        Random rnd = new Random(seed);
        double[][] b = new double[d][d];
        for (double[] row : b) {
            for (int k = 0; k < d; k++) {
                row[k] = rnd.nextGaussian();
            }
        }
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[i][j] += b[i][k] * b[j][k];
                }
                a[i][j] += i == j ? 0.1 : 0;
            }
        }
        double[] y = new double[x.rows() * d];
        for (int s = 0; s < x.rows(); s++) {
            for (int i = 0; i < d; i++) {
                double acc = 5.0 * i; // a translation does not change the optimal pairing
                for (int j = 0; j < d; j++) {
                    acc += a[i][j] * x.get(s, j);
                }
                y[s * d + i] = acc;
            }
        }
        return new SampleMatrix(x.rows(), d, y);
    }

    @Test
    void aPositiveDefiniteLinearMapIsTheOptimalTransportMap() {
        for (int d : new int[] {1, 3, 16}) {
            SampleMatrix x = gaussian(200, d, d);
            TransportMatch t = OptimalTransportScore.of(x, positiveDefiniteImage(x, 100 + d));
            assertEquals(1.0, t.score(), "d = " + d);
            assertEquals(200, t.matched());
            assertEquals(t.networkCost(), t.cost(), 1e-9 * t.cost());
        }
    }

    @Test
    void aHandMadeCrossingLowersTheScore() {
        // Identity outputs except samples 0 and 1, which swap places: transport sends each start to its own point.
        double[][] x = {{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 5}};
        double[][] y = {{10, 0}, {0, 0}, {0, 10}, {10, 10}, {5, 5}};
        TransportMatch t = OptimalTransportScore.of(SampleMatrix.of(x), SampleMatrix.of(y));
        assertEquals(3, t.matched());
        assertEquals(0.6, t.score(), 1e-15);
        assertArrayEquals(new int[] {1, 0, 2, 3, 4}, t.assignment());
        assertEquals(0, t.cost(), 1e-9);
        assertEquals(200, t.networkCost(), 1e-9);
    }

    @Test
    void aReversingMapScoresZero() {
        // In one dimension a decreasing map crosses every pair: optimal transport pairs sorted with sorted.
        double[][] x = {{0}, {1}, {2}, {3}};
        double[][] y = {{3}, {2}, {1}, {0}};
        TransportMatch t = OptimalTransportScore.of(SampleMatrix.of(x), SampleMatrix.of(y));
        assertEquals(0.0, t.score());
        assertArrayEquals(new int[] {3, 2, 1, 0}, t.assignment());
    }

    @Test
    void segmentsUseTheirEndPositions() {
        SampleMatrix x = gaussian(30, 2, 1);
        SampleMatrix y = positiveDefiniteImage(x, 2);
        double[][] rev = new double[30][];
        for (int i = 0; i < 30; i++) {
            rev[i] = y.row(29 - i);
        }
        SampleMatrix shuffled = SampleMatrix.of(rev);
        List<SampleMatrix> track = List.of(x, y, shuffled);
        assertEquals(1.0, OptimalTransportScore.ofSegment(track, 0, 1).score());
        assertTrue(OptimalTransportScore.ofSegment(track, 0, 2).score() < 0.2);
        SegmentScores s = GeodesicScores.ofSegment(track, 0, 1);
        assertEquals(30, s.lss().length);
        assertEquals(1.0, s.lssSummary().min(), 1e-12, "one step is always straight");
        assertEquals(1, s.steps());
    }

    @Test
    void fewerThanTwoSamplesOrMismatchedShapesAreErrors() {
        SampleMatrix one = SampleMatrix.of(new double[][] {{1, 2}});
        var e = assertThrows(DegenerateTrackException.class, () -> OptimalTransportScore.of(one, one));
        assertTrue(e.getMessage().contains("at least 2 samples"), e.getMessage());
        SampleMatrix a = gaussian(3, 2, 1);
        SampleMatrix b = gaussian(3, 3, 1);
        assertThrows(DegenerateTrackException.class, () -> OptimalTransportScore.of(a, b));
        SampleMatrix nan = SampleMatrix.of(new double[][] {{1, 2}, {Double.NaN, 0}, {0, 0}});
        var f = assertThrows(IllegalArgumentException.class, () -> OptimalTransportScore.of(a, nan));
        assertTrue(f.getMessage().contains("row 1"), f.getMessage());
    }

    @Test
    void largeSharedOffsetsDoNotCancelTheDistances() {
        double[][] x = {{1e9, 1e9}, {1e9 + 1, 1e9}, {1e9, 1e9 + 1}};
        double[] cost = OptimalTransportScore.squaredDistances(SampleMatrix.of(x), SampleMatrix.of(x));
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 2, 1, 2, 0}, cost, 1e-6);
    }
}
