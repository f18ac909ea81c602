package org.nlsig.math.geodesic;

import java.util.List;
import org.nlsig.math.SampleMatrix;

/**
 * The line-shape score of a data track (docs/method.md section 7): walk the track with every step normalised to unit
 * length, {@code x~(l) = x~(l-1) + (x(l) - x(l-1)) / ||x(l) - x(l-1)||}, and compare the number of steps L with the
 * distance covered: {@code LSS = L / ||x~(L) - x~(0)||}. It is 1 for a straight track (a geodesic) and grows as the
 * track turns; a track whose unit steps cancel out exactly has an infinite score.
 */
public final class LineShapeScore {
    private LineShapeScore() {
    }

    /**
     * The score of one track.
     *
     * @param track its points in order, {@code track[l]} = x(l), all of the same width; at least 2 points
     * @throws DegenerateTrackException for fewer than 2 points, points of different widths or a zero-length step
     */
    public static double of(double[][] track) {
        if (track.length < 2) {
            throw new DegenerateTrackException("a track needs at least 2 points (1 step) for a line-shape score, got "
                    + track.length);
        }
        int d = track[0].length;
        double[] walked = new double[d];
        for (int l = 1; l < track.length; l++) {
            if (track[l].length != d) {
                throw new DegenerateTrackException("track point " + l + " has width " + track[l].length
                        + ", point 0 has width " + d);
            }
            int step = l;
            addUnitStep(walked, track[l - 1], 0, track[l], 0, d,
                    () -> "the step from point " + (step - 1) + " to " + step);
        }
        return (track.length - 1) / norm(walked);
    }

    /**
     * The score of every sample's track. Position l of the track is {@code positions.get(l)}, an n x d matrix whose
     * row i is sample i's representation x_i(l).
     *
     * @return n scores, sample order
     * @throws DegenerateTrackException for fewer than 2 positions, positions of different shapes or a zero-length
     *                                  step (naming the sample and the step)
     */
    public static double[] perSample(List<SampleMatrix> positions) {
        return perSample(positions, 0, positions.size() - 1);
    }

    /**
     * The score of every sample's sub-track from position {@code from} to position {@code to} (both included): a
     * segment of the network.
     */
    public static double[] perSample(List<SampleMatrix> positions, int from, int to) {
        Positions.check(positions, from, to);
        SampleMatrix first = positions.get(from);
        int n = first.rows();
        int d = first.cols();
        double[] scores = new double[n];
        double[] walked = new double[d];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(walked, 0);
            int row = i * d;
            for (int l = from + 1; l <= to; l++) {
                int sample = i;
                int step = l;
                addUnitStep(walked, positions.get(l - 1).values(), row, positions.get(l).values(), row, d,
                        () -> "sample " + sample + ": step from position " + (step - 1) + " to " + step);
            }
            scores[i] = (to - from) / norm(walked);
        }
        return scores;
    }

    /** walked += (b - a) / ||b - a|| over d values starting at the given offsets. */
    private static void addUnitStep(double[] walked, double[] a, int aFrom, double[] b, int bFrom, int d,
            java.util.function.Supplier<String> where) {
        double ss = 0;
        for (int k = 0; k < d; k++) {
            double diff = b[bFrom + k] - a[aFrom + k];
            ss += diff * diff;
        }
        double length = Math.sqrt(ss);
        if (!Double.isFinite(length)) {
            throw new DegenerateTrackException(where.get() + " has a non-finite value");
        }
        if (length == 0) {
            throw new DegenerateTrackException(where.get() + " has length zero (the two representations are "
                    + "equal), so its direction and the line-shape score are undefined");
        }
        for (int k = 0; k < d; k++) {
            walked[k] += (b[bFrom + k] - a[aFrom + k]) / length;
        }
    }

    private static double norm(double[] v) {
        double ss = 0;
        for (double x : v) {
            ss += x * x;
        }
        return Math.sqrt(ss);
    }
}
