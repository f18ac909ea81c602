package org.nlsig.math.affinity;

import java.util.Objects;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;
import org.nlsig.math.transport.Assignment;
import org.nlsig.math.transport.AssignmentSolver;

/**
 * The affinity score of an activation (METHOD.md section 1): how far the closed-form affine optimal-transport map
 * between the Gaussian approximations of its inputs X and outputs Y is from exact optimal transport between the
 * samples. Immutable and thread-safe; configure with the {@code with...} methods.
 *
 * <pre>{@code
 * AffinityResult r = AffinityScorer.defaults().score(x, y);   // Ledoit-Wolf, exact, double precision
 * double rho = r.rho();
 * }</pre>
 *
 * @param covariance how Sigma_X and Sigma_Y are estimated
 * @param path       which evaluation path; {@code null} picks {@link EvaluationPath#automatic} per input
 * @param solver     the exact assignment solver
 */
public record AffinityScorer(CovarianceEstimator covariance, EvaluationPath path, AssignmentSolver solver) {

    public AffinityScorer {
        Objects.requireNonNull(covariance, "covariance");
        Objects.requireNonNull(solver, "solver");
    }

    /** Ledoit-Wolf covariance, automatic path, Jonker-Volgenant assignment. */
    public static AffinityScorer defaults() {
        return new AffinityScorer(CovarianceEstimator.ledoitWolf(), null, AssignmentSolver.exact());
    }

    public AffinityScorer withCovariance(CovarianceEstimator estimator) {
        return new AffinityScorer(estimator, path, solver);
    }

    /** Forces an evaluation path (both are exact; for tests and benchmarks). */
    public AffinityScorer withPath(EvaluationPath forced) {
        return new AffinityScorer(covariance, forced, solver);
    }

    /**
     * Scores one activation on one batch.
     *
     * @param x the activation's inputs, n x d (rows are samples)
     * @param y its outputs, same shape
     * @throws AffinityInputException on shapes it cannot score (n < 2, d = 0, different shapes)
     * @throws org.nlsig.math.NonFiniteValueException on NaN or infinite values, naming the row and column
     */
    public AffinityResult score(SampleMatrix x, SampleMatrix y) {
        validate(x, y);
        int n = x.rows();
        int d = x.cols();
        EvaluationPath chosen = path != null ? path : EvaluationPath.automatic(n, d);
        CenteredPair pair = CenteredPair.of(x, y);
        OutputAdaptedCoordinates c = chosen == EvaluationPath.DIRECT
                ? DirectCoordinates.of(pair, covariance)
                : DataSpanCoordinates.of(pair, covariance);

        double traceSigmaY = c.traceSigmaY();
        // The official code's rule: a (numerically) constant output gets A = 0, i.e. every input maps to mY.
        boolean constant = traceSigmaY <= 2 * CovarianceEstimator.EPSILON * d;
        MongeMap map = MongeMap.inCoordinates(c);
        double[] z = constant ? new double[n * c.width()] : map.transport(c.x(), n);

        double[] cost = squaredDistances(z, c.y(), n, c.width());
        Assignment assignment = solver.solve(cost, n);
        // The matched costs are recomputed from differences: the Gram expansion used for the full matrix loses
        // absolute accuracy ~ulp * |z|^2, which would cap rho near 1 at 1 - 1e-8.
        double w = matchedCost(z, c.y(), assignment.rowToColumn(), n, c.width()) / n;

        double bound = 2 * traceSigmaY;
        double ratio = w / bound;
        boolean clamped = ratio > 1;
        double rho = clamped ? 0 : 1 - Math.sqrt(ratio);

        double outsideSpan = (d - c.width()) * Math.sqrt(c.sigmaX().identityWeight() * c.sigmaY().identityWeight());
        double bures = pair.meanDistanceSquared() + c.traceSigmaX() + traceSigmaY
                - 2 * (map.sqrtProductTrace() + outsideSpan);
        return new AffinityResult(rho, w, bound, Math.max(0, bures), c.sigmaX().shrinkage(), c.sigmaY().shrinkage(),
                n, d, covariance.id(), chosen, c.width(), constant, clamped);
    }

    private static void validate(SampleMatrix x, SampleMatrix y) {
        Objects.requireNonNull(x, "X");
        Objects.requireNonNull(y, "Y");
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new AffinityInputException("X is " + x.rows() + " x " + x.cols() + " but Y is " + y.rows() + " x "
                    + y.cols() + ": inputs and outputs of an activation must have the same shape (n samples x d)");
        }
        if (x.rows() < 2) {
            throw new AffinityInputException("the affinity score needs at least 2 samples (rows), got " + x.rows());
        }
        if (x.cols() == 0) {
            throw new AffinityInputException("X and Y have no features (d = 0)");
        }
        x.requireFinite("X (activation input)");
        y.requireFinite("Y (activation output)");
    }

    /** ||z_i - y_j||^2 for all pairs, by the Gram expansion (one matrix product). */
    private static double[] squaredDistances(double[] z, double[] y, int n, int r) {
        double[] cost = Blas.multiplyTransposed(z, y, n, r, n);
        double[] zz = DirectCoordinates.rowSquaredNorms(z, n, r);
        double[] yy = DirectCoordinates.rowSquaredNorms(y, n, r);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                cost[row + j] = Math.max(0, zz[i] + yy[j] - 2 * cost[row + j]);
            }
        }
        return cost;
    }

    private static double matchedCost(double[] z, double[] y, int[] match, int n, int r) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int zi = i * r;
            int yj = match[i] * r;
            double acc = 0;
            for (int k = 0; k < r; k++) {
                double diff = z[zi + k] - y[yj + k];
                acc += diff * diff;
            }
            total += acc;
        }
        return total;
    }

    /**
     * The Monge map A = S (S Sigma_X S)^{-1/2} S with S = Sigma_Y^{1/2}, in coordinates where S is diagonal, kept in
     * factored form: A = S U diag(l^{-1/2}) U^T S with S Sigma_X S = U diag(l) U^T.
     */
    private record MongeMap(double[] sqrtSigmaY, SymmetricEigen product, double sqrtProductTrace) {

        static MongeMap inCoordinates(OutputAdaptedCoordinates c) {
            int n = c.n();
            int r = c.width();
            double[] s = new double[r];
            for (int k = 0; k < r; k++) {
                s[k] = Math.sqrt(Math.max(0, c.sigmaYDiagonal()[k]));
            }
            // S Sigma_X S = a S^2 + c (X S)^T (X S), with X the n x r input coordinates
            double[] xs = scaleColumns(c.x(), n, r, s);
            double[] m = Blas.gramOfColumns(xs, n, r);
            double cx = c.sigmaX().scatterWeight();
            for (int k = 0; k < m.length; k++) {
                m[k] *= cx;
            }
            for (int k = 0; k < r; k++) {
                m[k * r + k] += c.sigmaX().identityWeight() * s[k] * s[k];
            }
            SymmetricEigen e = SymmetricEigen.of(m, r);
            double trace = 0;
            for (double l : e.values()) {
                trace += Math.sqrt(Math.max(0, l));
            }
            return new MongeMap(s, e, trace);
        }

        /** z_i = A x_i for the n x r row-major inputs x. */
        double[] transport(double[] x, int n) {
            int r = sqrtSigmaY.length;
            double[] xs = scaleColumns(x, n, r, sqrtSigmaY);
            double[] b = new double[n * r];
            // b = (X S) U, with U's columns the eigenvectors (stored as rows)
            Blas.gemm(false, true, n, r, r, 1.0, xs, r, product.vectors(), r, 0.0, b, r);
            // pseudo-inverse square root on the positive spectrum
            double floor = product.noiseFloor(r);
            double[] inv = new double[r];
            for (int k = 0; k < r; k++) {
                double l = product.values()[k];
                inv[k] = l > floor ? 1 / Math.sqrt(l) : 0;
            }
            b = scaleColumns(b, n, r, inv);
            double[] z = new double[n * r];
            Blas.gemm(false, false, n, r, r, 1.0, b, r, product.vectors(), r, 0.0, z, r);
            return scaleColumns(z, n, r, sqrtSigmaY);
        }

        private static double[] scaleColumns(double[] a, int n, int r, double[] f) {
            double[] out = new double[n * r];
            for (int i = 0; i < n; i++) {
                int row = i * r;
                for (int k = 0; k < r; k++) {
                    out[row + k] = a[row + k] * f[k];
                }
            }
            return out;
        }
    }
}
