package org.nlsig.math.metrics;

import org.nlsig.math.SampleMatrix;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

/**
 * R^2 of the ordinary least-squares fit of Y on X with intercept, fitted and scored on the same batch, averaged
 * uniformly over outputs: scikit-learn's {@code LinearRegression().fit(X, Y).score(X, Y)}. The fitted values are
 * the projection of Yc on the column space of Xc (minimum-norm least squares when X is rank deficient or d &gt;= n).
 */
public final class LinearFitR2 {
    private LinearFitR2() {
    }

    public static double of(SampleMatrix x, SampleMatrix y) {
        Metrics.requireSameShape(x, y);
        int n = x.rows();
        int d = x.cols();
        double[] xc = Metrics.centred(x);
        double[] yc = Metrics.centred(y);
        // Orthonormal basis of the column space of Xc from the eigenvectors of Xc Xc^T (n x n).
        SymmetricEigen e = SymmetricEigen.of(Blas.gramOfRows(xc, n, d), n);
        double floor = e.largest() * Math.max(n, d) * Math.ulp(1.0);
        int[] kept = e.indicesAbove(floor);
        double[] basis = e.columnsScaled(kept, l -> 1.0); // n x k
        int k = kept.length;
        double[] coefficients = Blas.gemmResult(true, false, k, d, n, basis, k, yc, d);
        double[] fitted = Blas.multiply(basis, coefficients, n, k, d);
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double res = 0;
            double tot = 0;
            for (int i = 0; i < n; i++) {
                double r = yc[i * d + j] - fitted[i * d + j];
                res += r * r;
                tot += yc[i * d + j] * yc[i * d + j];
            }
            // scikit-learn's r2_score with force_finite: a constant output is perfectly (1) or not (0) predicted
            sum += tot == 0 ? (res == 0 ? 1 : 0) : 1 - res / tot;
        }
        return sum / d;
    }
}
