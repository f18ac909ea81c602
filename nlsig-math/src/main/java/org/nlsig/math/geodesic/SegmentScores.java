package org.nlsig.math.geodesic;

/**
 * The geodesic metrics of one segment of a track (positions {@code from..to}, both included; the whole track is the
 * segment 0..L).
 *
 * @param from      first position
 * @param to        last position
 * @param lss       the line-shape score of every sample, sample order
 * @param lssSummary their distribution
 * @param ots       the optimal-transport score between positions from and to over the same samples
 */
public record SegmentScores(int from, int to, double[] lss, Distribution lssSummary, TransportMatch ots) {
    public SegmentScores {
        lss = lss.clone();
    }

    @Override
    public double[] lss() {
        return lss.clone();
    }

    /** Steps in the segment. */
    public int steps() {
        return to - from;
    }
}
