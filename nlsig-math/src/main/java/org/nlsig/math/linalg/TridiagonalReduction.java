package org.nlsig.math.linalg;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A symmetric matrix reduced to tridiagonal form by orthogonal similarity, S = Q T Q^T (LAPACK dsytrd), with Q kept
 * as Householder reflectors. The first stage of a symmetric eigendecomposition; stopping here and working with T is
 * the cheaper route when a matrix function is needed only applied to some vectors (see {@link InverseSquareRoot}).
 *
 * @param size        n
 * @param reflectors  dsytrd's packed output (column-major n x n, reflectors below the subdiagonal)
 * @param tau         the reflectors' scalar factors, n - 1
 * @param diagonal    T's diagonal, n
 * @param offDiagonal T's sub- and superdiagonal, n - 1
 */
public record TridiagonalReduction(int size, double[] reflectors, double[] tau, double[] diagonal,
        double[] offDiagonal) {

    /** Reduces the symmetric row-major n x n matrix s (only its upper triangle is read; s is not modified). */
    public static TridiagonalReduction of(double[] s, int n) {
        if (s.length != n * n || n < 1) {
            throw new IllegalArgumentException("expected n x n values with n >= 1, got " + s.length);
        }
        double[] a = s.clone();
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] tau = new double[Math.max(0, n - 1)];
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, a);
        DoublePointer pd = scratch.slot(1, n);
        DoublePointer pe = scratch.slot(2, n);
        DoublePointer ptau = scratch.slot(4, n);
        // The row-major upper triangle is the column-major lower one.
        int lwork = workspace(n);
        int info = openblas.LAPACKE_dsytrd_work(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, pa, n, pd, pe, ptau,
                scratch.slot(3, lwork), lwork);
        if (info != 0) {
            throw new IllegalArgumentException("dsytrd rejected argument " + -info);
        }
        NativeScratch.out(pa, a);
        NativeScratch.out(pd, d);
        NativeScratch.out(pe, e);
        NativeScratch.out(ptau, tau);
        return new TridiagonalReduction(n, a, tau, d, e);
    }

    /**
     * rows := rows Q for row-major rows (count x n): each row expressed in T's basis. (The rows, read column-major,
     * are the columns of C = rows^T, and rows Q = (Q^T C)^T.)
     */
    public void rowsTimesQ(double[] rows, int count) {
        applyQColumnMajor(rows, count, true);
    }

    /** rows := rows Q^T for row-major rows (count x n): each row back from T's basis. */
    public void rowsTimesQTransposed(double[] rows, int count) {
        applyQColumnMajor(rows, count, false);
    }

    /**
     * An interval holding T's (and S's) spectrum.
     *
     * @param lo       at most the smallest eigenvalue
     * @param hi       at least the largest
     * @param fallback present when bisection failed and Gershgorin's discs gave the interval instead
     */
    public record SpectrumBounds(double lo, double hi, Optional<NumericalFallback> fallback) {
    }

    /**
     * The smallest and largest eigenvalue of T (and S), by bisection (LAPACK dstebz) to about n ulps of ||T||: O(n)
     * per step, no eigenvectors. Bisection can fail where eigenvalues cluster within rounding of each other (seen on
     * 300 x 300 matrices close to a multiple of the identity: dstebz info=2, "not all eigenvalues found"); then the
     * union of Gershgorin's discs bounds the spectrum instead, which is tight for exactly such matrices.
     */
    public SpectrumBounds extremeEigenvalues() {
        int n = size;
        double[] out = new double[2];
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pd = scratch.in(0, diagonal);
        DoublePointer pe = scratch.slot(1, Math.max(1, n - 1));
        pe.put(offDiagonal, 0, n - 1);
        DoublePointer pw = scratch.slot(2, n);
        DoublePointer work = scratch.slot(3, 4L * n);
        IntPointer ints = scratch.ints(2 + 2L * n + 3L * n);
        IntPointer found = ints.getPointer(0);
        IntPointer blocks = ints.getPointer(1);
        IntPointer iblock = ints.getPointer(2);
        IntPointer isplit = ints.getPointer(2 + n);
        IntPointer iwork = ints.getPointer(2 + 2L * n);
        for (int k = 0; k < 2; k++) {
            int index = k == 0 ? 1 : n;
            int info = openblas.LAPACKE_dstebz_work((byte) 'I', (byte) 'E', n, 0, 0, index, index, 0, pd, pe, found,
                    blocks, pw, iblock, isplit, work, iwork);
            if (info < 0) {
                throw new IllegalArgumentException("dstebz rejected argument " + -info);
            }
            if (info > 0 || found.get() != 1) {
                return gershgorin(new NumericalFallback("dstebz", info, "Gershgorin bounds"));
            }
            out[k] = pw.get(0);
        }
        return new SpectrumBounds(out[0], out[1], Optional.empty());
    }

    /** The union of T's Gershgorin discs: every eigenvalue lies in [min (d_k - r_k), max (d_k + r_k)]. */
    SpectrumBounds gershgorin(NumericalFallback why) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            double radius = (k > 0 ? Math.abs(offDiagonal[k - 1]) : 0)
                    + (k + 1 < size ? Math.abs(offDiagonal[k]) : 0);
            lo = Math.min(lo, diagonal[k] - radius);
            hi = Math.max(hi, diagonal[k] + radius);
        }
        return new SpectrumBounds(lo, hi, Optional.ofNullable(why));
    }

    /**
     * The eigendecomposition of S from this reduction: T's by divide and conquer (dstedc), then Q applied to its
     * eigenvectors; what LAPACK's dsyevd does after its own dsytrd.
     *
     * @return empty when dstedc reports no convergence (the caller decomposes S by another route)
     */
    public Optional<SymmetricEigen> eigen() {
        int n = size;
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pd = scratch.in(0, diagonal);
        DoublePointer pe = scratch.slot(1, Math.max(1, n - 1));
        pe.put(offDiagonal, 0, n - 1);
        DoublePointer pz = scratch.slot(2, (long) n * n);
        long lwork = 1 + 4L * n + (long) n * n;
        int liwork = 3 + 5 * n;
        int info = openblas.LAPACKE_dstedc_work(openblas.LAPACK_COL_MAJOR, (byte) 'I', n, pd, pe, pz, n,
                scratch.slot(3, lwork), Math.toIntExact(lwork), scratch.ints(liwork), liwork);
        if (info < 0) {
            throw new IllegalArgumentException("dstedc rejected argument " + -info);
        }
        if (info > 0) {
            return Optional.empty();
        }
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        NativeScratch.out(pd, values);
        NativeScratch.out(pz, vectors);
        // Column-major columns are T's eigenvectors: Q Z gives S's, and they read as rows of a row-major array.
        applyQColumnMajor(vectors, n, false);
        return Optional.of(new SymmetricEigen(n, values, vectors));
    }

    /** C := op(Q) C for column-major C (n x count). */
    private void applyQColumnMajor(double[] c, int count, boolean transposeQ) {
        int n = size;
        if (count == 0 || n < 2) {
            return;
        }
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, reflectors);
        DoublePointer ptau = scratch.slot(1, n - 1);
        ptau.put(tau, 0, n - 1);
        DoublePointer pc = scratch.in(2, c);
        int lwork = workspace(Math.max(n, count));
        int info = openblas.LAPACKE_dormtr_work(openblas.LAPACK_COL_MAJOR, (byte) 'L', (byte) 'L',
                (byte) (transposeQ ? 'T' : 'N'), n, count, pa, n, ptau, pc, n, scratch.slot(3, lwork), lwork);
        if (info != 0) {
            throw new IllegalArgumentException("dormtr rejected argument " + -info);
        }
        NativeScratch.out(pc, c);
    }

    /** Blocked LAPACK routines want (block size) x (columns) of workspace, plus a triangular block factor. */
    private static int workspace(int columns) {
        return Math.toIntExact(64L * columns + 65L * 64);
    }
}
