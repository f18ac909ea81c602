package org.nlsig.math.affinity;

import org.nlsig.math.covariance.CenteredMoments;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.covariance.CovarianceModel;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

/** Coordinates from the d x d eigendecomposition of Yc^T Yc: the textbook evaluation, O(n d^2 + d^3). */
final class DirectCoordinates {
    private DirectCoordinates() {
    }

    static OutputAdaptedCoordinates of(CenteredPair p, CovarianceEstimator estimator) {
        int n = p.n();
        int d = p.d();
        double[] scatterY = Blas.gramOfColumns(p.yc(), n, d);
        double[] scatterX = Blas.gramOfColumns(p.xc(), n, d);
        CenteredMoments mx = CenteredMoments.fromScatter(scatterX, d, rowSquaredNorms(p.xc(), n, d));
        CenteredMoments my = CenteredMoments.fromScatter(scatterY, d, rowSquaredNorms(p.yc(), n, d));
        CovarianceModel sx = estimator.estimate(mx);
        CovarianceModel sy = estimator.estimate(my);

        SymmetricEigen eig = SymmetricEigen.of(scatterY, d);
        double[] diag = new double[d];
        for (int k = 0; k < d; k++) {
            diag[k] = sy.identityWeight() + sy.scatterWeight() * Math.max(0, eig.values()[k]);
        }
        // rows of eig.vectors() are the eigenvectors: coordinates are Xc V = Xc * vectors^T
        double[] xCoords = new double[n * d];
        double[] yCoords = new double[n * d];
        Blas.gemm(false, true, n, d, d, 1.0, p.xc(), d, eig.vectors(), d, 0.0, xCoords, d);
        Blas.gemm(false, true, n, d, d, 1.0, p.yc(), d, eig.vectors(), d, 0.0, yCoords, d);
        return new OutputAdaptedCoordinates(n, d, xCoords, yCoords, diag, sx, sy, mx.trace(), my.trace());
    }

    static double[] rowSquaredNorms(double[] a, int n, int d) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < d; j++) {
                double v = a[i * d + j];
                acc += v * v;
            }
            s[i] = acc;
        }
        return s;
    }
}
