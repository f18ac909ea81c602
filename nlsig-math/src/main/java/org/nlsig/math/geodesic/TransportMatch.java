package org.nlsig.math.geodesic;

/**
 * The optimal-transport score of m samples and the assignment behind it.
 *
 * @param samples     m
 * @param matched     samples the optimal assignment sends to their own output ({@code p(i) = i})
 * @param score       matched / m, in [0, 1]
 * @param assignment  p: {@code assignment[i]} is the end point the optimal transport pairs start point i with
 * @param cost        the optimal total squared distance, sum_i ||x_i(0) - x_p(i)(L)||^2
 * @param networkCost the network's own pairing's total squared distance, sum_i ||x_i(0) - x_i(L)||^2 (&gt;= cost)
 */
public record TransportMatch(int samples, int matched, double score, int[] assignment, double cost,
                             double networkCost) {
    public TransportMatch {
        assignment = assignment.clone();
    }

    @Override
    public int[] assignment() {
        return assignment.clone();
    }
}
