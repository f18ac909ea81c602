package org.nlsig.math.geodesic;

/**
 * A data track on which a geodesic metric is undefined: too few points, too few samples, a step of length zero, or
 * positions of different widths. The message says which sample, step or position.
 */
public final class DegenerateTrackException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DegenerateTrackException(String message) {
        super(message);
    }
}
