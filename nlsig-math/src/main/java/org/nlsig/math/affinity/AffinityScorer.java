package org.nlsig.math.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.InverseSquareRoot;
import org.nlsig.math.linalg.NumericalFallback;
import org.nlsig.math.linalg.SymmetricEigen;
import org.nlsig.math.transport.AssignmentSolver;

/**
 * The affinity score of an activation (docs/method.md section 1): how far the closed-form affine optimal-transport map
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
     * @throws AffinityInputException on shapes it cannot score (n &lt; 2, d = 0, different shapes)
     * @throws org.nlsig.math.NonFiniteValueException on NaN or infinite values, naming the row and column
     */
    public AffinityResult score(SampleMatrix x, SampleMatrix y) {
        return scoreBy(x, y, false, false);
    }

    /**
     * As {@link #score}, with M^{-1/2} always from M's eigendecomposition (never the rational route): the reference
     * the fast route is tested against.
     */
    AffinityResult scoreWithSpectralMap(SampleMatrix x, SampleMatrix y) {
        return scoreBy(x, y, false, true);
    }

    /**
     * The route both paths fall back to when Sigma_Y has no Cholesky factor in double precision: coordinates in the
     * eigenbasis of the outputs' scatter, where Sigma_Y is diagonal. Tests compare the two routes.
     */
    AffinityResult scoreInOutputEigenbasis(SampleMatrix x, SampleMatrix y) {
        return scoreBy(x, y, true, false);
    }

    private AffinityResult scoreBy(SampleMatrix x, SampleMatrix y, boolean outputEigenbasis, boolean spectralMap) {
        validate(x, y);
        EvaluationPath chosen = path != null ? path : EvaluationPath.automatic(x.rows(), x.cols());
        CenteredPair pair = CenteredPair.of(x, y);
        OutputAdaptedCoordinates c;
        if (chosen == EvaluationPath.DIRECT) {
            c = outputEigenbasis ? DirectCoordinates.inOutputEigenbasis(pair, covariance)
                    : DirectCoordinates.of(pair, covariance);
        } else {
            c = outputEigenbasis ? DataSpanCoordinates.inOutputEigenbasis(pair, covariance)
                    : DataSpanCoordinates.of(pair, covariance);
        }
        return scoreIn(c, pair, chosen, spectralMap);
    }

    private AffinityResult scoreIn(OutputAdaptedCoordinates c, CenteredPair pair, EvaluationPath chosen,
            boolean spectralMap) {
        int n = pair.n();
        int d = pair.d();

        double traceSigmaY = c.traceSigmaY();
        // The official code's rule: a (numerically) constant output gets A = 0, i.e. every input maps to mY.
        boolean constant = traceSigmaY <= 2 * CovarianceEstimator.EPSILON * d;
        List<NumericalFallback> fallbacks = new ArrayList<>(c.fallbacks());
        double[] z;
        double sqrtProductTrace;
        MapRoute route;
        if (constant) {
            // No inverse square root of an M built from a numerically constant output (its spectrum can be a cluster
            // that defeats bisection): A = 0, and the Bures term needs only M's eigenvalues.
            z = new double[n * c.width()];
            sqrtProductTrace = SymmetricEigen.traceOfSquareRoot(MongeMap.Product.of(c).m(), c.width(), fallbacks);
            route = MapRoute.CONSTANT_OUTPUT;
        } else {
            MongeMap map = MongeMap.of(c, spectralMap);
            z = map.transportedInputs();
            sqrtProductTrace = map.sqrtProductTrace();
            fallbacks.addAll(map.inverseSqrt().fallbacks());
            route = map.inverseSqrt() instanceof InverseSquareRoot.Rational ? MapRoute.RATIONAL
                    : map.inverseSqrt().pseudoInverse() ? MapRoute.PSEUDO_INVERSE : MapRoute.EIGENDECOMPOSITION;
        }

        // ||z_i - y_j||^2 = |z_i|^2 + |y_j|^2 - 2 z_i.y_j, and sum_i (|z_i|^2 + |y_p(i)|^2) is the same for every
        // permutation p: the optimal assignment for the costs -z_i.y_j is the optimal transport plan. One matrix
        // product, and no cancellation between the norms and the inner products.
        int[] match;
        if (c.width() == 1) {
            // On a line the monotone (sorted) matching is an optimal transport plan for the squared distance:
            // exact, O(n log n), and free of the many-way ties that slow the assignment solver on 1-D data.
            match = sortedMatching(z, c.y(), n);
        } else {
            double[] cost = new double[n * n];
            // y is zero past its first outputWidth coordinates
            Blas.gemm(false, true, n, n, c.outputWidth(), -1.0, z, c.width(), c.y(), c.width(), 0.0, cost, n);
            match = solver.solve(cost, n).rowToColumn();
        }
        // The matched costs are computed from differences: exact to rounding, so rho near 1 stays accurate.
        double w = matchedCost(z, c.y(), match, n, c.width()) / n;

        double bound = 2 * traceSigmaY;
        double ratio = w / bound;
        double unclamped = 1 - Math.sqrt(ratio);
        boolean clamped = unclamped < 0;
        double rho = clamped ? 0 : unclamped;

        double outsideSpan = (d - c.width()) * Math.sqrt(c.sigmaX().identityWeight() * c.sigmaY().identityWeight());
        double bures = pair.meanDistanceSquared() + c.traceSigmaX() + traceSigmaY
                - 2 * (sqrtProductTrace + outsideSpan);
        return new AffinityResult(rho, w, bound, Math.max(0, bures), c.sigmaX().shrinkage(), c.sigmaY().shrinkage(),
                n, d, covariance.id(), chosen, c.width(), constant, clamped, unclamped, route, fallbacks);
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
        requireSquarable(x, INPUT);
        requireSquarable(y, OUTPUT);
    }

    /** {@link org.nlsig.math.NonFiniteValueException#matrix()} of a non-finite value in X. */
    public static final String INPUT = "X (activation input)";

    /** {@link org.nlsig.math.NonFiniteValueException#matrix()} of a non-finite value in Y. */
    public static final String OUTPUT = "Y (activation output)";

    /**
     * Above this magnitude sums of squares can overflow double precision (n d v^2 at n, d near 1e4). Float32
     * activations, at most 3.4e38, never come close.
     */
    static final double LARGEST_MAGNITUDE = 1e140;

    /** One pass for both checks: NaN and infinities, then magnitudes past {@link #LARGEST_MAGNITUDE}. */
    private static void requireSquarable(SampleMatrix m, String what) {
        double[] v = m.values();
        for (int k = 0; k < v.length; k++) {
            if (!(Math.abs(v[k]) <= LARGEST_MAGNITUDE)) {
                if (!Double.isFinite(v[k])) {
                    m.requireFinite(what);
                }
                throw new AffinityInputException(what + " has the value " + v[k] + " at row " + k / m.cols()
                        + ", column " + k % m.cols() + ": beyond " + LARGEST_MAGNITUDE
                        + " its squares can overflow double precision; rescale the data");
            }
        }
    }

    /** Pairs the i-th smallest of z with the i-th smallest of y. */
    static int[] sortedMatching(double[] z, double[] y, int n) {
        Integer[] zi = new Integer[n];
        Integer[] yi = new Integer[n];
        for (int i = 0; i < n; i++) {
            zi[i] = i;
            yi[i] = i;
        }
        java.util.Arrays.sort(zi, (a, b) -> Double.compare(z[a], z[b]));
        java.util.Arrays.sort(yi, (a, b) -> Double.compare(y[a], y[b]));
        int[] match = new int[n];
        for (int k = 0; k < n; k++) {
            match[zi[k]] = yi[k];
        }
        return match;
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
}
