package org.nlsig.math.affinity;

import org.nlsig.math.covariance.CenteredMoments;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.covariance.CovarianceModel;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

/**
 * Coordinates in the span of the centred samples, found from n x n Gram matrices only: O(n^2 d + n^3), no d x d
 * matrix. First the eigenvectors of Yc Yc^T give an orthonormal basis of the outputs' span in which Yc^T Yc (and so
 * Sigma_Y) is diagonal; then the part of the inputs outside that span gets a basis from its own residual Gram matrix.
 * Every inner product between samples is preserved, which is all the score depends on.
 */
final class DataSpanCoordinates {
    private DataSpanCoordinates() {
    }

    static OutputAdaptedCoordinates of(CenteredPair p, CovarianceEstimator estimator) {
        int n = p.n();
        int d = p.d();
        int m = 2 * n;
        double[] stacked = new double[m * d];
        System.arraycopy(p.xc(), 0, stacked, 0, n * d);
        System.arraycopy(p.yc(), 0, stacked, n * d, n * d);
        double[] g = Blas.gramOfRows(stacked, m, d); // [[Gxx, Gxy], [Gyx, Gyy]]
        CenteredMoments mx = CenteredMoments.fromGramBlock(g, m, 0, n, d);
        CenteredMoments my = CenteredMoments.fromGramBlock(g, m, n, n, d);
        CovarianceModel sx = estimator.estimate(mx);
        CovarianceModel sy = estimator.estimate(my);

        double[] gyy = block(g, m, n, n, n);
        double[] gxy = block(g, m, 0, n, n);
        double[] gxx = block(g, m, 0, 0, n);

        // Output span: Yc = V sqrt(L) W^T with W orthonormal; coordinates of Yc are V sqrt(L), of Xc are Gxy V / sqrt(L).
        SymmetricEigen ey = SymmetricEigen.of(gyy, n);
        int[] keptY = ey.indicesAbove(ey.noiseFloor(d));
        int ky = keptY.length;
        double[] yOnY = ey.columnsScaled(keptY, Math::sqrt);
        double[] basisY = ey.columnsScaled(keptY, l -> 1 / Math.sqrt(l));
        double[] xOnY = Blas.multiply(gxy, basisY, n, n, ky);

        // Input residual outside the output span: its Gram matrix is Gxx - xOnY xOnY^T.
        double[] residual = gxx.clone();
        Blas.gemm(false, true, n, n, ky, -1.0, xOnY, ky, xOnY, ky, 1.0, residual, n);
        SymmetricEigen er = SymmetricEigen.of(residual, n);
        double residualFloor = Math.max(n, d) * Math.ulp(1.0) * Math.max(mx.trace(), er.largest());
        int[] keptX = er.indicesAbove(residualFloor);
        int kx = keptX.length;
        double[] xOnResidual = er.columnsScaled(keptX, Math::sqrt);

        int r = ky + kx;
        double[] x = new double[n * r];
        double[] y = new double[n * r];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xOnY, i * ky, x, i * r, ky);
            System.arraycopy(xOnResidual, i * kx, x, i * r + ky, kx);
            System.arraycopy(yOnY, i * ky, y, i * r, ky);
        }
        double[] diag = new double[r];
        for (int c = 0; c < r; c++) {
            double scatterEigenvalue = c < ky ? ey.values()[keptY[c]] : 0;
            diag[c] = sy.identityWeight() + sy.scatterWeight() * scatterEigenvalue;
        }
        return new OutputAdaptedCoordinates(n, r, x, y, diag, sx, sy, mx.trace(), my.trace());
    }

    /** The n x n block of a row-major matrix of width stride starting at (row0, col0). */
    private static double[] block(double[] a, int stride, int row0, int col0, int n) {
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, (row0 + i) * stride + col0, b, i * n, n);
        }
        return b;
    }
}
