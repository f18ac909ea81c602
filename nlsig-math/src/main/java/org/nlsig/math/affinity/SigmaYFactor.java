package org.nlsig.math.affinity;

import org.nlsig.math.linalg.Blas;

/**
 * A factor L of the output covariance in working coordinates, Sigma_Y = L L^T. The Monge map needs Sigma_Y only
 * through such a factor: A = L (L^T Sigma_X L)^{-1/2} L^T is symmetric positive semi-definite and satisfies
 * A Sigma_X A = Sigma_Y, which characterises the map, whichever factor is used (the symmetric square root is the
 * textbook choice; a Cholesky factor is cheaper to find).
 */
sealed interface SigmaYFactor {

    /** a := a L for row-major a with n rows, in place. */
    void multiplyRight(double[] a, int n);

    /** a := a L^T for row-major a with n rows, in place. */
    void multiplyRightTransposed(double[] a, int n);

    /** m += alpha L^T L, on the upper triangle of the row-major r x r matrix m. */
    void addGram(double alpha, double[] m);

    /** Coordinates in which Sigma_Y is diagonal: L = diag(sqrt(sigma_k)). */
    record Diagonal(double[] sqrtSigma) implements SigmaYFactor {

        @Override
        public void multiplyRight(double[] a, int n) {
            int r = sqrtSigma.length;
            for (int i = 0; i < n; i++) {
                int row = i * r;
                for (int k = 0; k < r; k++) {
                    a[row + k] *= sqrtSigma[k];
                }
            }
        }

        @Override
        public void multiplyRightTransposed(double[] a, int n) {
            multiplyRight(a, n);
        }

        @Override
        public void addGram(double alpha, double[] m) {
            int r = sqrtSigma.length;
            for (int k = 0; k < r; k++) {
                m[k * r + k] += alpha * sqrtSigma[k] * sqrtSigma[k];
            }
        }
    }

    /**
     * L = [[C, 0], [0, s I]]: a lower-triangular Cholesky factor C on the first k coordinates and a scalar s on the
     * remaining ones (none on the direct path; the inputs' residual outside the outputs' span on the data-span path).
     *
     * @param width  r
     * @param size   k
     * @param lower  C, row-major lower triangular k x k
     * @param scalar s
     */
    record TriangularThenScalar(int width, int size, double[] lower, double scalar) implements SigmaYFactor {

        @Override
        public void multiplyRight(double[] a, int n) {
            Blas.multiplyByLowerTriangular(a, n, size, width, lower, false);
            scaleTail(a, n);
        }

        @Override
        public void multiplyRightTransposed(double[] a, int n) {
            Blas.multiplyByLowerTriangular(a, n, size, width, lower, true);
            scaleTail(a, n);
        }

        @Override
        public void addGram(double alpha, double[] m) {
            Blas.addGramOfColumnsUpper(alpha, lower, size, size, size, m, width);
            for (int k = size; k < width; k++) {
                m[k * width + k] += alpha * scalar * scalar;
            }
        }

        private void scaleTail(double[] a, int n) {
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int k = size; k < width; k++) {
                    a[row + k] *= scalar;
                }
            }
        }
    }
}
