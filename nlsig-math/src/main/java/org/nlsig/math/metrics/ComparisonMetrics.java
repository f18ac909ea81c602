package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;

/**
 * The paper's comparison metrics of one activation on one batch (docs/method.md section 2, Table 1), on the pooled
 * matrices. Sparsity here is of the pooled matrices; the signature pipeline replaces it with the full-tensor counts.
 *
 * @param cka       linear CKA between X and Y (NaN when either has no variance)
 * @param norm      ||X - Y||_F
 * @param r2        R^2 of the linear fit of Y on X
 * @param entropyX  mean row entropy of X
 * @param entropyY  mean row entropy of Y
 * @param sparsityX fraction of |x| &lt;= 1e-3
 * @param sparsityY fraction of |y| &lt;= 1e-3
 */
public record ComparisonMetrics(double cka, double norm, double r2, double entropyX, double entropyY,
        double sparsityX, double sparsityY) {

    public static ComparisonMetrics of(SampleMatrix x, SampleMatrix y) {
        return new ComparisonMetrics(LinearCka.of(x, y), NormDifference.of(x, y), LinearFitR2.of(x, y),
                RowEntropy.of(x), RowEntropy.of(y), Sparsity.fraction(x.values()), Sparsity.fraction(y.values()));
    }

    /** Entropy after the activation minus before (the metric the paper correlates). */
    public double entropyChange() {
        return entropyY - entropyX;
    }

    /** Sparsity after minus before. */
    public double sparsityChange() {
        return sparsityY - sparsityX;
    }
}
