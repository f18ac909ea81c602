package org.nlsig.math.linalg;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The Cholesky factor of a symmetric positive-definite matrix, S = L L^T with L lower triangular (LAPACK dpotrf).
 * Half the work of a symmetric eigendecomposition's tridiagonal reduction alone; any factor L with L L^T = S serves
 * where only S's congruence class matters (as in the Monge map between Gaussians).
 *
 * @param size  n
 * @param lower row-major n x n, lower triangular (zeros above the diagonal)
 */
public record CholeskyFactor(int size, double[] lower) {

    /**
     * Factors the symmetric row-major n x n matrix s (both triangles filled; not modified).
     *
     * @return empty when s is not numerically positive definite (a pivot is not positive in double precision)
     */
    public static Optional<CholeskyFactor> of(double[] s, int n) {
        return attempt(s, n).factor();
    }

    /**
     * The outcome of dpotrf on a symmetric matrix.
     *
     * @param factor the factor, or empty when the matrix is not numerically positive definite
     * @param info   dpotrf's INFO: 0 on success, else the order of the first leading minor that is not positive
     */
    public record Attempt(Optional<CholeskyFactor> factor, int info) {

        /** What a caller that goes on without the factor records. */
        public NumericalFallback fallback(String replacement) {
            return new NumericalFallback("dpotrf", info, replacement);
        }
    }

    /** As {@link #of}, with dpotrf's INFO kept for the record when it fails. */
    public static Attempt attempt(double[] s, int n) {
        if (s.length != n * n) {
            throw new IllegalArgumentException("expected " + n + " x " + n + " values, got " + s.length);
        }
        double[] f = s.clone();
        if (n > 0) {
            // A symmetric row-major array is its own column-major transpose: factoring its column-major upper
            // triangle as S = U^T U gives a U whose row-major reading is the lower L with S = L L^T.
            DoublePointer pf = NativeScratch.get().in(0, f);
            int info = openblas.LAPACKE_dpotrf_work(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, pf, n);
            if (info != 0) {
                if (info < 0) {
                    throw new IllegalArgumentException("dpotrf rejected argument " + -info);
                }
                return new Attempt(Optional.empty(), info);
            }
            NativeScratch.out(pf, f);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    f[i * n + j] = 0;
                }
            }
        }
        return new Attempt(Optional.of(new CholeskyFactor(n, f)), 0);
    }
}
