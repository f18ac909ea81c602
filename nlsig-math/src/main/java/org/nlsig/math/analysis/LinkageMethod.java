package org.nlsig.math.analysis;

import java.util.Locale;

/** How the distance between two clusters follows from the distances between their members (Lance-Williams). */
public enum LinkageMethod {
    /** The closest pair of members. */
    SINGLE,
    /** The farthest pair of members. */
    COMPLETE,
    /** The mean over all member pairs (UPGMA; the paper's choice). */
    AVERAGE,
    /** Ward's minimum-variance criterion, as scipy computes it from a distance matrix. */
    WARD;

    /** Parses {@code single}, {@code complete}, {@code average} or {@code ward}. */
    public static LinkageMethod named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown linkage '" + name + "' (use average, single, complete or ward)");
        }
    }

    /** The distance from the union of clusters i and j (sizes ni, nj, dij apart) to cluster k (size nk). */
    double merged(double dik, double djk, double dij, int ni, int nj, int nk) {
        return switch (this) {
            case SINGLE -> Math.min(dik, djk);
            case COMPLETE -> Math.max(dik, djk);
            case AVERAGE -> (ni * dik + nj * djk) / (ni + nj);
            case WARD -> Math.sqrt(Math.max(0,
                    ((ni + nk) * dik * dik + (nj + nk) * djk * djk - nk * dij * dij) / (ni + nj + nk)));
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
