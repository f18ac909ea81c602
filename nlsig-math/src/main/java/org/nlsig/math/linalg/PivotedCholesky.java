package org.nlsig.math.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * A low-rank factor of a symmetric positive semi-definite matrix, S = F F^T with F n x rank, by Cholesky with
 * complete pivoting (LAPACK dpstrf), stopped when every remaining pivot is at most the tolerance. A fraction of the
 * cost of an eigendecomposition where only some factor of S is needed, e.g. coordinates of vectors known through their
 * Gram matrix: the rows of F have the same inner products as the vectors.
 *
 * @param size   n
 * @param rank   the number of columns of F
 * @param factor row-major n x rank; its rows pivots[0], ..., pivots[rank - 1] form a lower-triangular matrix with
 *               a positive diagonal (the factor of those rows' block of S)
 * @param pivots the row indices in the order they were pivoted on
 */
public record PivotedCholesky(int size, int rank, double[] factor, int[] pivots) {

    /**
     * Factors s.
     *
     * @param s         symmetric row-major n x n (both triangles filled; not modified)
     * @param tolerance pivots at or below this are treated as zero (rounding noise of s)
     */
    public static PivotedCholesky of(double[] s, int n, double tolerance) {
        if (s.length != n * n) {
            throw new IllegalArgumentException("expected " + n + " x " + n + " values, got " + s.length);
        }
        if (n == 0) {
            return new PivotedCholesky(0, 0, new double[0], new int[0]);
        }
        double[] a = s.clone();
        int[] piv = new int[n];
        int[] rankOut = new int[1];
        // Column-major upper = row-major lower of the same symmetric matrix: P^T S P = U^T U reads row-major as L L^T.
        int info = openblas.LAPACKE_dpstrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n, piv, rankOut,
                Math.max(tolerance, Double.MIN_NORMAL));
        if (info < 0) {
            throw new IllegalArgumentException("dpstrf rejected argument " + -info);
        }
        // info = 1 only says the matrix is rank deficient, which is the point here.
        // LAPACK tests the tolerance from the second step on; the first pivot is only required to be positive.
        // Pivots come in non-increasing order, so trimming the trailing small ones applies the tolerance to all.
        int rank = rankOut[0];
        while (rank > 0 && a[(rank - 1) * n + rank - 1] * a[(rank - 1) * n + rank - 1] <= tolerance) {
            rank--;
        }
        double[] f = new double[n * rank];
        for (int i = 0; i < n; i++) {
            int row = (piv[i] - 1) * rank;
            int last = Math.min(i, rank - 1);
            System.arraycopy(a, i * n, f, row, last + 1);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = piv[i] - 1;
        }
        return new PivotedCholesky(n, rank, f, order);
    }

    /** The rank x rank lower-triangular block of F on the pivot rows, row-major. */
    public double[] pivotBlock() {
        double[] l = new double[rank * rank];
        for (int k = 0; k < rank; k++) {
            System.arraycopy(factor, pivots[k] * rank, l, k * rank, k + 1);
        }
        return l;
    }
}
