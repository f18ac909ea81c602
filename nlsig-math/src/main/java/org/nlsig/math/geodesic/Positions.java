package org.nlsig.math.geodesic;

import java.util.List;
import org.nlsig.math.SampleMatrix;

/** Checks shared by the geodesic metrics on a track given as positions (one n x d matrix per position). */
final class Positions {
    private Positions() {
    }

    /** Positions {@code from..to} exist, span at least one step, and all have the same n x d shape. */
    static void check(List<SampleMatrix> positions, int from, int to) {
        if (positions.size() < 2) {
            throw new DegenerateTrackException("a track needs at least 2 positions (1 step), got " + positions.size());
        }
        if (from < 0 || to >= positions.size() || to <= from) {
            throw new DegenerateTrackException("segment " + from + ".." + to + " is not a segment of at least one "
                    + "step of a track of " + positions.size() + " positions (0.." + (positions.size() - 1) + ")");
        }
        SampleMatrix first = positions.get(from);
        for (int l = from + 1; l <= to; l++) {
            SampleMatrix p = positions.get(l);
            if (p.rows() != first.rows() || p.cols() != first.cols()) {
                throw new DegenerateTrackException("track position " + l + " is " + p.rows() + " x " + p.cols()
                        + " (samples x width), position " + from + " is " + first.rows() + " x " + first.cols()
                        + ": a track's positions need the same samples and the same width");
            }
        }
    }
}
