package org.nlsig.math.geodesic;

import java.util.List;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.transport.Assignment;
import org.nlsig.math.transport.AssignmentSolver;

/**
 * The optimal-transport score of m samples (docs/method.md section 7): the exact assignment p minimising
 * {@code sum_i ||x_i(0) - x_p(i)(L)||^2} between the uniform measures on the track's start points and end points,
 * and {@code OTS = #{i : p(i) = i} / m}, the share of samples the network maps where optimal transport would.
 * A network that is a positive-definite linear map (the gradient of a strictly convex function) scores 1.
 */
public final class OptimalTransportScore {
    private OptimalTransportScore() {
    }

    /**
     * @param start m x d: row i is sample i at the start of the track, x_i(0)
     * @param end   m x d: row i is the same sample at the end, x_i(L)
     * @throws DegenerateTrackException for m &lt; 2 or different shapes
     */
    public static TransportMatch of(SampleMatrix start, SampleMatrix end) {
        return of(start, end, AssignmentSolver.exact());
    }

    /** The score of positions {@code from} and {@code to} of a track (a segment of the network). */
    public static TransportMatch ofSegment(List<SampleMatrix> positions, int from, int to) {
        Positions.check(positions, from, to);
        return of(positions.get(from), positions.get(to));
    }

    static TransportMatch of(SampleMatrix start, SampleMatrix end, AssignmentSolver solver) {
        if (start.rows() != end.rows() || start.cols() != end.cols()) {
            throw new DegenerateTrackException("start points are " + start.rows() + " x " + start.cols()
                    + " and end points " + end.rows() + " x " + end.cols()
                    + " (samples x width): optimal transport between them needs the same samples and width");
        }
        int m = start.rows();
        if (m < 2) {
            throw new DegenerateTrackException("the optimal-transport score needs at least 2 samples, got " + m
                    + " (with one sample every assignment is the identity)");
        }
        start.requireFinite("track start points");
        end.requireFinite("track end points");
        double[] cost = squaredDistances(start, end);
        Assignment a = solver.solve(cost, m);
        double network = 0;
        for (int i = 0; i < m; i++) {
            network += cost[i * m + i];
        }
        int matched = a.fixedPoints();
        return new TransportMatch(m, matched, (double) matched / m, a.rowToColumn(), a.totalCost(), network);
    }

    /**
     * ||a_i - b_j||^2 for all pairs by the Gram expansion (one matrix product), after subtracting the common mean so
     * that large shared offsets cannot cancel away the differences.
     */
    static double[] squaredDistances(SampleMatrix a, SampleMatrix b) {
        int m = a.rows();
        int d = a.cols();
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += a.values()[i * d + k] + b.values()[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= 2.0 * m;
        }
        double[] ac = centered(a.values(), mean, m, d);
        double[] bc = centered(b.values(), mean, m, d);
        double[] cost = Blas.multiplyTransposed(ac, bc, m, d, m);
        double[] aa = rowSquaredNorms(ac, m, d);
        double[] bb = rowSquaredNorms(bc, m, d);
        for (int i = 0; i < m; i++) {
            int row = i * m;
            for (int j = 0; j < m; j++) {
                cost[row + j] = Math.max(0, aa[i] + bb[j] - 2 * cost[row + j]);
            }
        }
        return cost;
    }

    private static double[] centered(double[] v, double[] mean, int m, int d) {
        double[] c = new double[m * d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                c[i * d + k] = v[i * d + k] - mean[k];
            }
        }
        return c;
    }

    private static double[] rowSquaredNorms(double[] v, int m, int d) {
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += v[i * d + k] * v[i * d + k];
            }
            out[i] = s;
        }
        return out;
    }
}
