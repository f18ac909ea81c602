package org.nlsig.math.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * M^{-1/2} for a symmetric positive semi-definite M, as an operator on row vectors; on a singular M, the
 * pseudo-inverse square root on the positive spectrum (eigenvalues at or below {@link SymmetricEigen#noiseFloor} count
 * as zero).
 *
 * <p>Two exact evaluations, chosen by {@link #of}: from the eigendecomposition, or, when M is well conditioned, from
 * its tridiagonal form by Zolotarev's rational approximation, accurate to rounding (relative error at most
 * {@link #RATIONAL_TOLERANCE}, the level of the eigendecomposition's own rounding). The second skips the
 * eigenvectors, which are most of an eigendecomposition's time (at n = 1022 with two threads, divide and conquer and
 * the back-transformation took 95-130 ms of 130-140); it applies the tridiagonal reduction's reflectors to the vectors
 * instead, and one shifted tridiagonal solve per pole.
 */
public sealed interface InverseSquareRoot permits InverseSquareRoot.Spectral, InverseSquareRoot.Rational {

    /** The relative error allowed of the rational route on M's spectrum. */
    double RATIONAL_TOLERANCE = 4e-15;

    /** Most poles the rational route may use: past that (condition number near 1e5) eigenvectors are cheaper. */
    int MAX_POLES = 32;

    /** Below this size the eigendecomposition is as fast (measured: equal at 64, 1.1x slower at 128). */
    int MIN_RATIONAL_SIZE = 96;

    /**
     * @param m         symmetric positive semi-definite row-major n x n (only its upper triangle is read)
     * @param n         its size
     * @param dimension the dimension of the space M was computed in, for the pseudo-inverse's noise floor
     */
    static InverseSquareRoot of(double[] m, int n, int dimension) {
        if (n < MIN_RATIONAL_SIZE) {
            return spectral(m, n, dimension);
        }
        TridiagonalReduction t = TridiagonalReduction.of(m, n);
        TridiagonalReduction.SpectrumBounds bounds = t.extremeEigenvalues();
        Optional<Rational> rational = Rational.of(t, bounds, dimension);
        if (rational.isPresent()) {
            return rational.get();
        }
        List<NumericalFallback> fallbacks = new ArrayList<>();
        bounds.fallback().ifPresent(fallbacks::add);
        Optional<SymmetricEigen> fromReduction = t.eigen();
        if (fromReduction.isPresent()) {
            return new Spectral(fromReduction.get(), dimension, fallbacks);
        }
        // dstedc did not converge on T: decompose M afresh (dsyevd, then Jacobi if need be)
        fallbacks.add(new NumericalFallback("dstedc", 1, "eigendecomposition of M"));
        return new Spectral(SymmetricEigen.of(m, n), dimension, fallbacks);
    }

    /** From the eigendecomposition, whatever M's condition: the reference the rational route is tested against. */
    static InverseSquareRoot spectral(double[] m, int n, int dimension) {
        return new Spectral(SymmetricEigen.of(m, n), dimension, List.of());
    }

    /** rows := rows M^{-1/2}, for row-major rows (count x n). */
    void applyToRows(double[] rows, int count);

    /** H M^{-1/2} H^T for row-major H (count x n), symmetric count x count: the map itself when H = I. */
    double[] congruence(double[] h, int count);

    /** tr(M^{1/2}). */
    double traceOfSquareRoot();

    /** Which evaluation was used, for tests and benchmarks. */
    String route();

    /** True when eigenvalues at or below the noise floor were dropped: M was (numerically) singular. */
    boolean pseudoInverse();

    /** Numerical routines that failed on M and what replaced them; empty almost always. */
    List<NumericalFallback> fallbacks();

    /** From M = V diag(l) V^T: M^{-1/2} = V diag(l^{-1/2}) V^T on the eigenvalues above the noise floor. */
    record Spectral(SymmetricEigen eigen, int dimension, List<NumericalFallback> fallbacks)
            implements InverseSquareRoot {

        public Spectral {
            List<NumericalFallback> all = new ArrayList<>(fallbacks);
            all.addAll(eigen.fallbacks());
            fallbacks = List.copyOf(all);
        }

        @Override
        public void applyToRows(double[] rows, int count) {
            int n = eigen.size();
            // rows V diag(inv) V^T, with V's columns stored as rows of eigen.vectors()
            double[] b = timesScaledEigenvectors(rows, count, inverseRoots());
            Blas.gemm(false, false, count, n, n, 1.0, b, n, eigen.vectors(), n, 0.0, rows, n);
        }

        @Override
        public double[] congruence(double[] h, int count) {
            double[] rootOfInverse = inverseRoots();
            for (int k = 0; k < rootOfInverse.length; k++) {
                rootOfInverse[k] = Math.sqrt(rootOfInverse[k]);
            }
            // H V diag(inv) V^T H^T = G G^T with G = H V diag(inv^{1/2}): a symmetric rank-k update, half a product.
            return Blas.gramOfRows(timesScaledEigenvectors(h, count, rootOfInverse), count, eigen.size());
        }

        /** H V diag(scale) for row-major H (count x n). */
        private double[] timesScaledEigenvectors(double[] h, int count, double[] scale) {
            int n = eigen.size();
            double[] g = new double[count * n];
            Blas.gemm(false, true, count, n, n, 1.0, h, n, eigen.vectors(), n, 0.0, g, n);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < n; k++) {
                    g[i * n + k] *= scale[k];
                }
            }
            return g;
        }

        @Override
        public double traceOfSquareRoot() {
            double trace = 0;
            for (double l : eigen.values()) {
                trace += Math.sqrt(Math.max(0, l));
            }
            return trace;
        }

        @Override
        public String route() {
            return pseudoInverse() ? "pseudo-inverse" : "eigendecomposition";
        }

        @Override
        public boolean pseudoInverse() {
            double floor = eigen.noiseFloor(dimension);
            return eigen.size() > 0 && !(eigen.values()[0] > floor);
        }

        private double[] inverseRoots() {
            double floor = eigen.noiseFloor(dimension);
            double[] inv = new double[eigen.size()];
            for (int k = 0; k < inv.length; k++) {
                double l = eigen.values()[k];
                inv[k] = l > floor ? 1 / Math.sqrt(l) : 0;
            }
            return inv;
        }
    }

    /**
     * M = Q T Q^T and M^{-1/2} = Q r(T) Q^T with r Zolotarev's approximation on an interval holding T's spectrum:
     * r(T) = sum_l w_l (T + s_l I)^{-1}, each term a tridiagonal solve.
     */
    record Rational(TridiagonalReduction reduction, ShiftedTridiagonalSolver solver,
            List<NumericalFallback> fallbacks) implements InverseSquareRoot {

        public Rational {
            fallbacks = List.copyOf(fallbacks);
        }

        /**
         * Empty when M is not safely positive definite or too ill-conditioned for {@link #MAX_POLES} poles.
         *
         * @param bounds    an interval holding T's spectrum
         * @param dimension as for {@link InverseSquareRoot#of}
         */
        static Optional<Rational> of(TridiagonalReduction t, TridiagonalReduction.SpectrumBounds bounds,
                int dimension) {
            double[] extremes = {bounds.lo(), bounds.hi()};
            double norm = 0;
            for (int k = 0; k < t.size(); k++) {
                double row = Math.abs(t.diagonal()[k]) + (k > 0 ? Math.abs(t.offDiagonal()[k - 1]) : 0)
                        + (k + 1 < t.size() ? Math.abs(t.offDiagonal()[k]) : 0);
                norm = Math.max(norm, row);
            }
            // Bisection brackets each eigenvalue to a few ulps of ||T||; widen by more than that. An eigenvalue near
            // the pseudo-inverse's noise floor leaves this route (the spectral one decides what counts as zero).
            double slack = 8 * t.size() * Math.ulp(norm);
            double lo = extremes[0] - slack;
            double hi = extremes[1] + slack;
            double floor = Math.max(0, extremes[1]) * Math.max(t.size(), dimension) * Math.ulp(1.0);
            if (!(lo > 1e3 * floor) || !(lo > 0) || !Double.isFinite(hi)) {
                return Optional.empty();
            }
            return ZolotarevInverseSqrt.fewestPoles(lo, hi, RATIONAL_TOLERANCE, MAX_POLES)
                    .map(z -> new Rational(t, ShiftedTridiagonalSolver.of(t.diagonal(), t.offDiagonal(), z),
                            bounds.fallback().stream().toList()));
        }

        @Override
        public void applyToRows(double[] rows, int count) {
            reduction.rowsTimesQ(rows, count);
            solver.applyToRows(rows, count);
            reduction.rowsTimesQTransposed(rows, count);
        }

        @Override
        public double[] congruence(double[] h, int count) {
            int n = reduction.size();
            // (H Q) r(T) (H Q)^T: one reflector application instead of two
            double[] hq = h.clone();
            reduction.rowsTimesQ(hq, count);
            double[] g = hq.clone();
            solver.applyToRows(g, count);
            double[] out = new double[count * count];
            Blas.gemm(false, true, count, count, n, 1.0, g, n, hq, n, 0.0, out, count);
            return out;
        }

        @Override
        public double traceOfSquareRoot() {
            return solver.traceOfTimesMatrix();
        }

        @Override
        public String route() {
            return "rational, " + solver.poles() + " poles";
        }

        @Override
        public boolean pseudoInverse() {
            return false;
        }
    }
}
