package org.nlsig.math.affinity;

/** How the matrix functions of the affinity score were evaluated; both are exact. */
public enum EvaluationPath {
    /** d x d covariance matrices, as docs/method.md writes the formulas. Chosen when d &lt;= n. */
    DIRECT,
    /**
     * In the span of the centred samples (dimension at most 2n), from n x n Gram matrices: outside that span every
     * covariance is a multiple of the identity, so the map acts there as a scalar. Chosen when d &gt; n; memory
     * O(nd + n^2).
     */
    DATA_SPAN;

    /** The path {@code AUTO} picks for n samples of d features. */
    public static EvaluationPath automatic(int n, int d) {
        return d <= n ? DIRECT : DATA_SPAN;
    }
}
