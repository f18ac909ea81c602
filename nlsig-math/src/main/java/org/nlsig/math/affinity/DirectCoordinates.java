package org.nlsig.math.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.math.covariance.CenteredMoments;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.covariance.CovarianceModel;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.CholeskyFactor;
import org.nlsig.math.linalg.NumericalFallback;
import org.nlsig.math.linalg.SymmetricEigen;

/** The textbook evaluation with d x d matrices, O(n d^2 + d^3). */
final class DirectCoordinates {
    private DirectCoordinates() {
    }

    /**
     * The original coordinates with the Cholesky factor of Sigma_Y: one eigendecomposition (the Monge map's) in all.
     * Falls back to {@link #inOutputEigenbasis} when Sigma_Y is too ill-conditioned for a Cholesky factor in double
     * precision (condition number near 1e16).
     */
    static OutputAdaptedCoordinates of(CenteredPair p, CovarianceEstimator estimator) {
        int n = p.n();
        int d = p.d();
        Scatter s = Scatter.of(p, estimator);
        CholeskyFactor.Attempt factor = CholeskyFactor.attempt(s.sy().dense(s.scatterY()), d);
        if (factor.factor().isEmpty()) {
            return inOutputEigenbasis(p, s, List.of(factor.fallback("the output eigenbasis")));
        }
        return new OutputAdaptedCoordinates(n, d, p.xc(), p.yc(), d, new SigmaYFactor.TriangularThenScalar(d, d,
                factor.factor().get().lower(), 0), s.sx(), s.sy(), s.mx().trace(), s.my().trace(),
                Optional.of(s.scatterX()), List.of());
    }

    /** Coordinates from the eigendecomposition of Yc^T Yc, in which Sigma_Y is diagonal. */
    static OutputAdaptedCoordinates inOutputEigenbasis(CenteredPair p, CovarianceEstimator estimator) {
        return inOutputEigenbasis(p, Scatter.of(p, estimator), List.of());
    }

    private static OutputAdaptedCoordinates inOutputEigenbasis(CenteredPair p, Scatter s,
            List<NumericalFallback> before) {
        int n = p.n();
        int d = p.d();
        SymmetricEigen eig = SymmetricEigen.of(s.scatterY(), d);
        double[] sqrtSigma = new double[d];
        for (int k = 0; k < d; k++) {
            sqrtSigma[k] = Math.sqrt(s.sy().identityWeight() + s.sy().scatterWeight() * Math.max(0, eig.values()[k]));
        }
        // rows of eig.vectors() are the eigenvectors: coordinates are Xc V = Xc * vectors^T
        double[] xCoords = new double[n * d];
        double[] yCoords = new double[n * d];
        Blas.gemm(false, true, n, d, d, 1.0, p.xc(), d, eig.vectors(), d, 0.0, xCoords, d);
        Blas.gemm(false, true, n, d, d, 1.0, p.yc(), d, eig.vectors(), d, 0.0, yCoords, d);
        return new OutputAdaptedCoordinates(n, d, xCoords, yCoords, d, new SigmaYFactor.Diagonal(sqrtSigma), s.sx(),
                s.sy(), s.mx().trace(), s.my().trace(), Optional.empty(), concat(before, eig.fallbacks()));
    }

    /** The d x d scatter matrices of the inputs and outputs and both covariance models. */
    private record Scatter(double[] scatterX, double[] scatterY, CenteredMoments mx, CenteredMoments my,
            CovarianceModel sx, CovarianceModel sy) {

        static Scatter of(CenteredPair p, CovarianceEstimator estimator) {
            int n = p.n();
            int d = p.d();
            double[] scatterY = Blas.gramOfColumns(p.yc(), n, d);
            double[] scatterX = Blas.gramOfColumns(p.xc(), n, d);
            CenteredMoments mx = CenteredMoments.fromScatter(scatterX, d, rowSquaredNorms(p.xc(), n, d));
            CenteredMoments my = CenteredMoments.fromScatter(scatterY, d, rowSquaredNorms(p.yc(), n, d));
            return new Scatter(scatterX, scatterY, mx, my, estimator.estimate(mx), estimator.estimate(my));
        }
    }

    static List<NumericalFallback> concat(List<NumericalFallback> a, List<NumericalFallback> b) {
        List<NumericalFallback> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
