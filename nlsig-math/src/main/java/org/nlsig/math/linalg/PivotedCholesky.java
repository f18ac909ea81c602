package org.nlsig.math.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
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
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, a);
        IntPointer ints = scratch.ints(n + 1);
        IntPointer rankOut = ints.getPointer(n);
        // Column-major upper = row-major lower of the same symmetric matrix: P^T S P = U^T U reads row-major as L L^T.
        int info = openblas.LAPACKE_dpstrf_work(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, pa, n, ints, rankOut,
                Math.max(tolerance, Double.MIN_NORMAL), scratch.slot(3, 2L * n));
        if (info < 0) {
            throw new IllegalArgumentException("dpstrf rejected argument " + -info);
        }
        // info = 1 only says the matrix is rank deficient, which is the point here.
        // LAPACK tests the tolerance from the second step on; the first pivot is only required to be positive.
        // Pivots come in non-increasing order, so trimming the trailing small ones applies the tolerance to all.
        NativeScratch.out(pa, a);
        int[] piv = new int[n];
        ints.position(0).get(piv, 0, n);
        int rank = rankOut.get();
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

    /**
     * Factors s, expected to have rank n or n - 1, as the Gram matrix of n centred samples in a space of dimension at
     * least n - 1 has. Tries the unpivoted Cholesky factorisation first (LAPACK dpotrf: blocked and multi-threaded,
     * several times faster than dpstrf, whose pivot search is sequential), in the original order, and keeps it when
     * every pivot but the last is well above rounding (at least sqrt(eps) times the largest diagonal entry), so the
     * triangular factor stays well conditioned. Anything else falls back to {@link #of} with complete pivoting.
     *
     * @param s         symmetric row-major n x n (both triangles filled; not modified)
     * @param tolerance as for {@link #of}: a last pivot at or below it is dropped
     */
    public static PivotedCholesky ofNearlyFullRank(double[] s, int n, double tolerance) {
        if (s.length != n * n) {
            throw new IllegalArgumentException("expected " + n + " x " + n + " values, got " + s.length);
        }
        if (n < 2) {
            return of(s, n, tolerance);
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, s[i * n + i]);
        }
        double wellAbove = Math.max(tolerance, Math.sqrt(Math.ulp(1.0)) * largest);
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, s);
        int info = openblas.LAPACKE_dpotrf_work(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, pa, n);
        if (info < 0) {
            throw new IllegalArgumentException("dpotrf rejected argument " + -info);
        }
        // info = n: the last pivot was not positive, the first n - 1 columns are complete.
        if (info != 0 && info != n) {
            return of(s, n, tolerance);
        }
        double[] a = new double[n * n];
        NativeScratch.out(pa, a);
        for (int k = 0; k < n - 1; k++) {
            double pivot = a[k * n + k];
            if (!(pivot * pivot > wellAbove)) {
                return of(s, n, tolerance);
            }
        }
        double last = a[(n - 1) * n + n - 1];
        int rank = info == 0 && last * last > tolerance ? n : n - 1;
        double[] f = new double[n * rank];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, f, i * rank, Math.min(i + 1, rank));
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
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
