package org.nlsig.math.geodesic;

import java.util.List;
import org.nlsig.math.SampleMatrix;

/** Both geodesic metrics of a track or of a segment of it, over the same samples. */
public final class GeodesicScores {
    private GeodesicScores() {
    }

    /** The whole track, positions 0..L (each n x d, rows are samples). */
    public static SegmentScores of(List<SampleMatrix> positions) {
        return ofSegment(positions, 0, positions.size() - 1);
    }

    /** Positions {@code from..to}, both included. */
    public static SegmentScores ofSegment(List<SampleMatrix> positions, int from, int to) {
        double[] lss = LineShapeScore.perSample(positions, from, to);
        TransportMatch ots = OptimalTransportScore.ofSegment(positions, from, to);
        return new SegmentScores(from, to, lss, Distribution.of(lss), ots);
    }
}
