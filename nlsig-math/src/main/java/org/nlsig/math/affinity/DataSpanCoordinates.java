package org.nlsig.math.affinity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.nlsig.math.covariance.CenteredMoments;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.covariance.CovarianceModel;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.CholeskyFactor;
import org.nlsig.math.linalg.NumericalFallback;
import org.nlsig.math.linalg.PivotedCholesky;
import org.nlsig.math.linalg.SymmetricEigen;

/**
 * Coordinates in the span of the centred samples, found from n x n Gram matrices only: O(n^2 d + n^3), no d x d
 * matrix. First an orthonormal basis of the outputs' span, then coordinates for the part of the inputs outside it
 * from a pivoted Cholesky factor of their residual Gram matrix. Every inner product between samples is preserved,
 * which is all the score depends on. Outside the outputs' span Sigma_Y is the scalar a_Y.
 */
final class DataSpanCoordinates {
    private DataSpanCoordinates() {
    }

    /**
     * The outputs' span from a pivoted Cholesky factor of Yc Yc^T, with Sigma_Y there factored by Cholesky (no
     * eigendecomposition besides the Monge map's). Falls back to {@link #inOutputEigenbasis} when that block of
     * Sigma_Y is too ill-conditioned for a Cholesky factor in double precision.
     */
    static OutputAdaptedCoordinates of(CenteredPair p, CovarianceEstimator estimator) {
        Grams g = Grams.of(p, estimator);
        List<NumericalFallback> failed = new ArrayList<>();
        return withCholeskyFactors(p, g, failed).orElseGet(() -> inOutputEigenbasis(p, g, failed));
    }

    /** The outputs' span from the eigenvectors of Yc Yc^T, a basis in which Sigma_Y is diagonal. */
    static OutputAdaptedCoordinates inOutputEigenbasis(CenteredPair p, CovarianceEstimator estimator) {
        return inOutputEigenbasis(p, Grams.of(p, estimator), List.of());
    }

    /** @param failed receives the failed factorisation when the result is empty */
    private static Optional<OutputAdaptedCoordinates> withCholeskyFactors(CenteredPair p, Grams g,
            List<NumericalFallback> failed) {
        int n = p.n();
        int d = p.d();
        // Yc Yc^T = F F^T: F's rows are the outputs' coordinates in an orthonormal basis W of their span, with
        // W^T = C^{-1} Yc[pivots] for C the triangular block of F on the pivot rows.
        PivotedCholesky outputs = PivotedCholesky.ofNearlyFullRank(g.gyy(), n, noiseFloor(n, d, g.my().trace()));
        int ky = outputs.rank();
        double[] yOnY = outputs.factor();
        double[] sigmaYOnSpan = new double[ky * ky];
        for (int k = 0; k < ky; k++) {
            sigmaYOnSpan[k * ky + k] = g.sy().identityWeight();
        }
        Blas.addGramOfColumnsUpper(g.sy().scatterWeight(), yOnY, n, ky, ky, sigmaYOnSpan, ky);
        Blas.mirrorUpper(sigmaYOnSpan, ky);
        CholeskyFactor.Attempt sigmaYFactor = CholeskyFactor.attempt(sigmaYOnSpan, ky);
        if (sigmaYFactor.factor().isEmpty()) {
            failed.add(sigmaYFactor.fallback("the output eigenbasis"));
            return Optional.empty();
        }
        // Xc W = Gxy[:, pivots] C^{-T}
        double[] xOnY = new double[n * ky];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < ky; k++) {
                xOnY[i * ky + k] = g.gxy()[i * n + outputs.pivots()[k]];
            }
        }
        Blas.solveByLowerTransposed(xOnY, n, ky, outputs.pivotBlock());
        double[] lower = sigmaYFactor.factor().get().lower();
        double outside = Math.sqrt(g.sy().identityWeight());
        return Optional.of(assemble(p, g, xOnY, yOnY, ky,
                r -> new SigmaYFactor.TriangularThenScalar(r, ky, lower, outside), List.of()));
    }

    private static OutputAdaptedCoordinates inOutputEigenbasis(CenteredPair p, Grams g,
            List<NumericalFallback> before) {
        int n = p.n();
        int d = p.d();
        // Yc = V sqrt(L) W^T with W orthonormal; coordinates of Yc are V sqrt(L), of Xc are Gxy V / sqrt(L).
        SymmetricEigen ey = SymmetricEigen.of(g.gyy(), n);
        int[] keptY = ey.indicesAbove(ey.noiseFloor(d));
        int ky = keptY.length;
        double[] yOnY = ey.columnsScaled(keptY, Math::sqrt);
        double[] basisY = ey.columnsScaled(keptY, l -> 1 / Math.sqrt(l));
        double[] xOnY = Blas.multiply(g.gxy(), basisY, n, n, ky);
        double[] sqrtSigma = new double[ky];
        for (int c = 0; c < ky; c++) {
            sqrtSigma[c] = Math.sqrt(g.sy().identityWeight() + g.sy().scatterWeight() * ey.values()[keptY[c]]);
        }
        double outside = Math.sqrt(g.sy().identityWeight());
        return assemble(p, g, xOnY, yOnY, ky, r -> {
            double[] s = Arrays.copyOf(sqrtSigma, r);
            Arrays.fill(s, ky, r, outside);
            return new SigmaYFactor.Diagonal(s);
        }, DirectCoordinates.concat(before, ey.fallbacks()));
    }

    /**
     * Adds coordinates for the inputs' residual outside the outputs' span and assembles both parts.
     *
     * @param factorOfWidth Sigma_Y's factor in r coordinates: the outputs' span first, then sqrt(a_Y) I outside it
     */
    private static OutputAdaptedCoordinates assemble(CenteredPair p, Grams g, double[] xOnY, double[] yOnY, int ky,
            IntFunction<SigmaYFactor> factorOfWidth, List<NumericalFallback> fallbacks) {
        int n = p.n();
        int d = p.d();
        // The residual's Gram matrix is Gxx - xOnY xOnY^T; any factor F of it (F F^T = residual) gives coordinates
        // with the right inner products, and pivoted Cholesky is the cheapest.
        double[] residual = g.gxx().clone();
        Blas.gemm(false, true, n, n, ky, -1.0, xOnY, ky, xOnY, ky, 1.0, residual, n);
        PivotedCholesky er = PivotedCholesky.ofNearlyFullRank(residual, n, noiseFloor(n, d, g.mx().trace()));
        int kx = er.rank();
        double[] xOnResidual = er.factor();

        int r = ky + kx;
        double[] x = new double[n * r];
        double[] y = new double[n * r];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xOnY, i * ky, x, i * r, ky);
            System.arraycopy(xOnResidual, i * kx, x, i * r + ky, kx);
            System.arraycopy(yOnY, i * ky, y, i * r, ky);
        }
        return new OutputAdaptedCoordinates(n, r, x, y, ky, factorOfWidth.apply(r), g.sx(), g.sy(), g.mx().trace(),
                g.my().trace(), Optional.empty(), fallbacks);
    }

    /** Pivots or eigenvalues below this are rounding noise of a Gram matrix of n samples in R^d with this trace. */
    private static double noiseFloor(int n, int d, double trace) {
        return Math.max(n, d) * Math.ulp(1.0) * trace;
    }

    /** The three n x n Gram matrices of the centred samples and both covariance models. */
    private record Grams(double[] gxx, double[] gyy, double[] gxy, CenteredMoments mx, CenteredMoments my,
            CovarianceModel sx, CovarianceModel sy) {

        static Grams of(CenteredPair p, CovarianceEstimator estimator) {
            int n = p.n();
            int d = p.d();
            double[][] grams = Blas.gramsOfRowPair(p.xc(), p.yc(), n, d);
            double[] gxx = grams[0];
            double[] gyy = grams[1];
            double[] gxy = grams[2];
            CenteredMoments mx = CenteredMoments.fromSampleGram(gxx, n, d);
            CenteredMoments my = CenteredMoments.fromSampleGram(gyy, n, d);
            return new Grams(gxx, gyy, gxy, mx, my, estimator.estimate(mx), estimator.estimate(my));
        }
    }
}
