package org.nlsig.math.linalg;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The eigendecomposition S = V diag(values) V^T of a real symmetric matrix (LAPACK dsyevd; when that reports no
 * convergence, cyclic Jacobi rotations, which always converge).
 *
 * @param size      n
 * @param values    eigenvalues in ascending order
 * @param vectors   the eigenvectors as rows: row k (row-major, n x n) is the unit eigenvector of values[k]
 * @param fallbacks the routines that failed on the way (empty almost always)
 */
public record SymmetricEigen(int size, double[] values, double[] vectors, List<NumericalFallback> fallbacks) {

    public SymmetricEigen {
        fallbacks = List.copyOf(fallbacks);
    }

    public SymmetricEigen(int size, double[] values, double[] vectors) {
        this(size, values, vectors, List.of());
    }

    /**
     * Decomposes the symmetric row-major n x n matrix s (only its upper triangle is read; s is not modified). Never
     * fails on a finite matrix: a dsyevd that does not converge is replaced by {@link JacobiEigen}.
     */
    public static SymmetricEigen of(double[] s, int n) {
        if (s.length != n * n) {
            throw new IllegalArgumentException("expected " + n + " x " + n + " values, got " + s.length);
        }
        double[] w = new double[n];
        double[] v = s.clone();
        if (n > 0) {
            // A symmetric row-major matrix is its own column-major transpose, so the column-major call sees the
            // same matrix; its column-major eigenvectors read as rows of a row-major array.
            NativeScratch scratch = NativeScratch.get();
            DoublePointer pv = scratch.in(0, v);
            DoublePointer pw = scratch.slot(1, n);
            long lwork = 1 + 6L * n + 2L * n * n;
            int liwork = 3 + 5 * n;
            int info = openblas.LAPACKE_dsyevd_work(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, pv, n, pw,
                    scratch.slot(3, lwork), Math.toIntExact(lwork), scratch.ints(liwork), liwork);
            if (info < 0) {
                throw new IllegalArgumentException("dsyevd rejected argument " + -info);
            }
            if (info > 0) {
                return JacobiEigen.of(s, n, List.of(new NumericalFallback("dsyevd", info, JacobiEigen.NAME)));
            }
            NativeScratch.out(pv, v);
            NativeScratch.out(pw, w);
        }
        return new SymmetricEigen(n, w, v);
    }

    /**
     * tr(S^{1/2}) of a symmetric positive semi-definite S from its eigenvalues alone (dsyevd without vectors, Jacobi
     * if that does not converge); negative rounding noise counts as 0.
     *
     * @param fallbacks receives what failed on the way
     */
    public static double traceOfSquareRoot(double[] s, int n, List<NumericalFallback> fallbacks) {
        double[] w = new double[n];
        if (n > 0) {
            NativeScratch scratch = NativeScratch.get();
            DoublePointer pv = scratch.in(0, s);
            DoublePointer pw = scratch.slot(1, n);
            int lwork = 1 + 2 * n;
            int info = openblas.LAPACKE_dsyevd_work(openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', n, pv, n, pw,
                    scratch.slot(3, lwork), lwork, scratch.ints(1), 1);
            if (info < 0) {
                throw new IllegalArgumentException("dsyevd rejected argument " + -info);
            }
            if (info > 0) {
                NumericalFallback why = new NumericalFallback("dsyevd", info, JacobiEigen.NAME);
                fallbacks.add(why);
                w = JacobiEigen.of(s, n, List.of(why)).values();
            } else {
                NativeScratch.out(pw, w);
            }
        }
        double trace = 0;
        for (double l : w) {
            trace += Math.sqrt(Math.max(0, l));
        }
        return trace;
    }

    public double largest() {
        return size == 0 ? 0 : values[size - 1];
    }

    /**
     * f(S) = V diag(f(values)) V^T, a symmetric row-major matrix.
     */
    public double[] apply(DoubleUnaryOperator f) {
        double[] scaled = new double[size * size];
        for (int k = 0; k < size; k++) {
            double fk = f.applyAsDouble(values[k]);
            for (int j = 0; j < size; j++) {
                scaled[k * size + j] = vectors[k * size + j] * fk;
            }
        }
        // V diag(f) V^T = sum_k f_k v_k v_k^T = (rows of V)^T * (rows scaled)
        double[] out = new double[size * size];
        Blas.gemm(true, false, size, size, size, 1.0, vectors, size, scaled, size, 0.0, out, size);
        return out;
    }

    /**
     * Rows of V^T restricted to the eigenvalues above a threshold, scaled: returns the n x k row-major matrix whose
     * column c is sqrt-free vector v_{kept[c]} multiplied by scale(value). Used to build coordinates.
     */
    public double[] columnsScaled(int[] kept, DoubleUnaryOperator scale) {
        int k = kept.length;
        double[] out = new double[size * k];
        for (int c = 0; c < k; c++) {
            int e = kept[c];
            double f = scale.applyAsDouble(values[e]);
            for (int i = 0; i < size; i++) {
                out[i * k + c] = vectors[e * size + i] * f;
            }
        }
        return out;
    }

    /** Indices of the eigenvalues strictly above the threshold, ascending. */
    public int[] indicesAbove(double threshold) {
        int first = 0;
        while (first < size && !(values[first] > threshold)) {
            first++;
        }
        int[] idx = new int[size - first];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = first + i;
        }
        return idx;
    }

    /**
     * The numerical-rank threshold used throughout: eigenvalues below this are rounding noise of a positive
     * semi-definite matrix of this size and scale (the convention of numpy.linalg.matrix_rank).
     */
    public double noiseFloor(int dimension) {
        return Math.max(0, largest()) * Math.max(size, dimension) * Math.ulp(1.0);
    }
}
