package org.nlsig.math.geodesic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.math.SampleMatrix;

class LineShapeScoreTest {

    @Test
    void aStraightTrackWithUnevenStepsScoresOne() {
        double[] dir = {0.3, -1.2, 2.0, 0.5};
        double[] origin = {1, 2, 3, 4};
        double[] t = {0, 0.1, 0.15, 2.0, 7.5, 7.6};
        double[][] track = new double[t.length][4];
        for (int l = 0; l < t.length; l++) {
            for (int k = 0; k < 4; k++) {
                track[l][k] = origin[k] + t[l] * dir[k];
            }
        }
        assertEquals(1.0, LineShapeScore.of(track), 1e-12);
    }

    @Test
    void aZigZagTrackScoresSqrtTwo() {
        // Unit steps (1,1)/sqrt2 and (1,-1)/sqrt2 alternate: 4 steps cover (4/sqrt2, 0), length 2 sqrt2.
        double[][] track = {{0, 0}, {1, 1}, {2, 0}, {3, 1}, {4, 0}};
        assertEquals(Math.sqrt(2), LineShapeScore.of(track), 1e-12);
    }

    @Test
    void aBackAndForthTrackScoresItsStepCount() {
        // Forth, back, forth along one line: the unit steps +1 -1 +1 cover 1, so LSS = 3 / 1 whatever the step sizes.
        double[][] track = {{0, 5}, {2, 5}, {0.5, 5}, {9, 5}};
        assertEquals(3.0, LineShapeScore.of(track), 1e-12);
    }

    @Test
    void aTrackThatReturnsScoresInfinity() {
        double[][] track = {{0, 0}, {1, 0}, {0, 0}};
        assertEquals(Double.POSITIVE_INFINITY, LineShapeScore.of(track));
    }

    @Test
    void perSampleMatchesSingleTracksAndSegmentsAreSubTracks() {
        Random rnd = new Random(7);
        int n = 5;
        int d = 3;
        int points = 6;
        List<SampleMatrix> positions = new ArrayList<>();
        double[][][] tracks = new double[n][points][d];
        for (int l = 0; l < points; l++) {
            double[] v = new double[n * d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    v[i * d + k] = rnd.nextGaussian();
                    tracks[i][l][k] = v[i * d + k];
                }
            }
            positions.add(new SampleMatrix(n, d, v));
        }
        double[] all = LineShapeScore.perSample(positions);
        double[] segment = LineShapeScore.perSample(positions, 2, 4);
        for (int i = 0; i < n; i++) {
            assertEquals(LineShapeScore.of(tracks[i]), all[i], 1e-12);
            assertEquals(LineShapeScore.of(new double[][] {tracks[i][2], tracks[i][3], tracks[i][4]}), segment[i],
                    1e-12);
            assertTrue(all[i] >= 1 - 1e-12, "LSS >= 1 by the triangle inequality");
        }
    }

    @Test
    void aZeroLengthStepIsAnErrorNamingSampleAndStep() {
        SampleMatrix a = SampleMatrix.of(new double[][] {{0, 0}, {1, 1}});
        SampleMatrix b = SampleMatrix.of(new double[][] {{1, 0}, {1, 1}});
        var e = assertThrows(DegenerateTrackException.class, () -> LineShapeScore.perSample(List.of(a, b)));
        assertTrue(e.getMessage().contains("sample 1") && e.getMessage().contains("position 0 to 1")
                && e.getMessage().contains("length zero"), e.getMessage());
        var single = assertThrows(DegenerateTrackException.class,
                () -> LineShapeScore.of(new double[][] {{1, 2}, {1, 2}}));
        assertTrue(single.getMessage().contains("point 0 to 1"), single.getMessage());
    }

    @Test
    void tooShortOrMismatchedTracksAreErrors() {
        assertThrows(DegenerateTrackException.class, () -> LineShapeScore.of(new double[][] {{1, 2}}));
        assertThrows(DegenerateTrackException.class, () -> LineShapeScore.of(new double[][] {{1, 2}, {1}}));
        SampleMatrix a = SampleMatrix.of(new double[][] {{0, 0}, {1, 1}});
        SampleMatrix wide = SampleMatrix.of(new double[][] {{0, 0, 1}, {1, 1, 1}});
        var e = assertThrows(DegenerateTrackException.class, () -> LineShapeScore.perSample(List.of(a, wide)));
        assertTrue(e.getMessage().contains("position 1 is 2 x 3"), e.getMessage());
        assertThrows(DegenerateTrackException.class, () -> LineShapeScore.perSample(List.of(a)));
        assertThrows(DegenerateTrackException.class, () -> LineShapeScore.perSample(List.of(a, a, a), 2, 2));
        SampleMatrix nan = SampleMatrix.of(new double[][] {{0, Double.NaN}, {1, 1}});
        assertThrows(DegenerateTrackException.class, () -> LineShapeScore.perSample(List.of(a, nan)));
    }
}
