package org.nlsig.math.geodesic;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

/**
 * A few tracks projected onto the plane of their two principal components (PCA of all their points together), as
 * the track plots of the geodesic paper. Computed from the Gram matrix of the centred points, so the cost depends on
 * the number of points, not on their width.
 *
 * @param tracks         per track, its points in the plane: {@code tracks.get(t)[l]} = {x, y} of position l
 * @param explainedRatio the share of the points' total variance along each of the two axes
 */
public record TrackProjection(List<double[][]> tracks, double[] explainedRatio) {
    public TrackProjection {
        tracks = List.copyOf(tracks);
        explainedRatio = explainedRatio.clone();
    }

    @Override
    public double[] explainedRatio() {
        return explainedRatio.clone();
    }

    /**
     * @param tracks each a track's points ({@code [position][feature]}), all of the same length and width
     * @throws DegenerateTrackException when there are no tracks or their shapes differ
     */
    public static TrackProjection of(List<double[][]> tracks) {
        if (tracks.isEmpty()) {
            throw new DegenerateTrackException("no tracks to project");
        }
        int points = tracks.get(0).length;
        int d = points == 0 ? 0 : tracks.get(0)[0].length;
        int total = tracks.size() * points;
        double[] x = new double[total * d];
        int r = 0;
        for (int t = 0; t < tracks.size(); t++) {
            double[][] track = tracks.get(t);
            if (track.length != points) {
                throw new DegenerateTrackException("track " + t + " has " + track.length + " points, track 0 has "
                        + points);
            }
            for (double[] p : track) {
                if (p.length != d) {
                    throw new DegenerateTrackException("track " + t + " has a point of width " + p.length
                            + ", track 0 has width " + d);
                }
                System.arraycopy(p, 0, x, r++ * d, d);
            }
        }
        if (total == 0) {
            throw new DegenerateTrackException("the tracks have no points to project");
        }
        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = 0; i < total; i++) {
                mean += x[i * d + k];
            }
            mean /= total;
            for (int i = 0; i < total; i++) {
                x[i * d + k] -= mean;
            }
        }
        // Xc Xc^T = U diag(lambda) U^T; the principal coordinates of the points are U diag(sqrt(lambda)).
        SymmetricEigen eig = SymmetricEigen.of(Blas.gramOfRows(x, total, d), total);
        double trace = 0;
        for (double v : eig.values()) {
            trace += Math.max(0, v);
        }
        double[][] coords = new double[total][2];
        double[] ratio = new double[2];
        for (int c = 0; c < 2 && c < total; c++) {
            int k = total - 1 - c;
            // Below the noise floor an axis is rounding error (the points span fewer dimensions): keep it at 0.
            double lambda = eig.values()[k] > eig.noiseFloor(d) ? eig.values()[k] : 0;
            ratio[c] = trace > 0 ? lambda / trace : 0;
            double scale = Math.sqrt(lambda);
            for (int i = 0; i < total; i++) {
                coords[i][c] = eig.vectors()[k * total + i] * scale;
            }
            orient(coords, c, points);
        }
        List<double[][]> out = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            double[][] track = new double[points][];
            for (int l = 0; l < points; l++) {
                track[l] = coords[t * points + l];
            }
            out.add(track);
        }
        return new TrackProjection(out, ratio);
    }

    /** Eigenvector signs are arbitrary: make the first track move towards + along each axis, so plots are stable. */
    private static void orient(double[][] coords, int axis, int points) {
        double direction = coords[points - 1][axis] - coords[0][axis];
        if (direction < 0) {
            for (double[] p : coords) {
                p[axis] = -p[axis];
            }
        }
    }
}
