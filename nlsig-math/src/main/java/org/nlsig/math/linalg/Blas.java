package org.nlsig.math.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The few dense kernels nlsig needs, on row-major double arrays, delegated to native OpenBLAS. Thin on purpose:
 * every call states shapes explicitly so the math reads like the formulas.
 */
public final class Blas {
    private Blas() {
    }

    /** C (m x n) = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
            double[] b, int ldb, double beta, double[] c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scaleInPlace(c, m, n, ldc, beta);
            return;
        }
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, a);
        DoublePointer pb = b == a ? pa : scratch.in(1, b);
        DoublePointer pc = beta == 0 ? scratch.slot(2, c.length) : scratch.in(2, c);
        openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        NativeScratch.out(pc, c);
    }

    /** op(A) * op(B) as a new row-major m x n matrix (op(A) is m x k). */
    public static double[] gemmResult(boolean transA, boolean transB, int m, int n, int k, double[] a, int lda,
            double[] b, int ldb) {
        double[] c = new double[m * n];
        gemm(transA, transB, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, n);
        return c;
    }

    /** A * B for row-major A (m x k) and B (k x n). */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        gemm(false, false, m, n, k, 1.0, a, k, b, n, 0.0, c, n);
        return c;
    }

    /** A * B^T for row-major A (m x k) and B (n x k). */
    public static double[] multiplyTransposed(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        gemm(false, true, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
        return c;
    }

    /**
     * The Gram matrix of rows, A * A^T (m x m) for row-major A (m x k), both triangles filled.
     */
    public static double[] gramOfRows(double[] a, int m, int k) {
        double[] c = new double[m * m];
        if (m == 0) {
            return c;
        }
        if (k > 0) {
            syrk(false, m, k, 1.0, a, k, 0.0, c, m);
        }
        mirrorUpper(c, m);
        return c;
    }

    /**
     * A A^T, B B^T and A B^T (each m x m, both triangles filled) for row-major A and B (m x k): one copy of each input
     * into native memory for all three products.
     */
    public static double[][] gramsOfRowPair(double[] a, double[] b, int m, int k) {
        double[] aa = new double[m * m];
        double[] bb = new double[m * m];
        double[] ab = new double[m * m];
        if (m > 0 && k > 0) {
            NativeScratch scratch = NativeScratch.get();
            DoublePointer pa = scratch.in(0, a);
            DoublePointer pb = scratch.in(1, b);
            DoublePointer pc = scratch.slot(2, (long) m * m);
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasNoTrans, m, k, 1.0, pa, k,
                    0.0, pc, m);
            NativeScratch.out(pc, aa);
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasNoTrans, m, k, 1.0, pb, k,
                    0.0, pc, m);
            NativeScratch.out(pc, bb);
            openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, m, m, k, 1.0, pa,
                    k, pb, k, 0.0, pc, m);
            NativeScratch.out(pc, ab);
            mirrorUpper(aa, m);
            mirrorUpper(bb, m);
        }
        return new double[][] {aa, bb, ab};
    }

    /** The Gram matrix of columns, A^T * A (k x k) for row-major A (m x k), both triangles filled. */
    public static double[] gramOfColumns(double[] a, int m, int k) {
        double[] c = new double[k * k];
        if (k == 0) {
            return c;
        }
        if (m > 0) {
            syrk(true, k, m, 1.0, a, k, 0.0, c, k);
        }
        mirrorUpper(c, k);
        return c;
    }

    /**
     * C += alpha * A^T * A on the upper triangle only, for row-major A (m x k, row stride lda) and C (k x k, row
     * stride ldc, e.g. a leading block of a larger matrix). For callers that hand C to a routine reading one triangle,
     * such as {@link SymmetricEigen#of}.
     */
    public static void addGramOfColumnsUpper(double alpha, double[] a, int m, int k, int lda, double[] c, int ldc) {
        if (k > 0 && m > 0) {
            syrk(true, k, m, alpha, a, lda, 1.0, c, ldc);
        }
    }

    /**
     * A := A * L, or A * L^T when transpose is set, in place, for the first k columns of row-major A (m rows, row
     * stride lda) and a row-major lower-triangular L (k x k; entries above its diagonal are not read).
     */
    public static void multiplyByLowerTriangular(double[] a, int m, int k, int lda, double[] lower,
            boolean transpose) {
        if (m == 0 || k == 0) {
            return;
        }
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pl = scratch.in(0, lower);
        DoublePointer pa = scratch.in(2, a);
        openblas.cblas_dtrmm(openblas.CblasRowMajor, openblas.CblasRight, openblas.CblasLower,
                transpose ? openblas.CblasTrans : openblas.CblasNoTrans, openblas.CblasNonUnit, m, k, 1.0, pl, k,
                pa, lda);
        NativeScratch.out(pa, a);
    }

    /**
     * A := A * L^{-T} in place (solves X L^T = A), for row-major A (m x k) and a row-major lower-triangular
     * nonsingular L (k x k; entries above its diagonal are not read).
     */
    public static void solveByLowerTransposed(double[] a, int m, int k, double[] lower) {
        if (m == 0 || k == 0) {
            return;
        }
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pl = scratch.in(0, lower);
        DoublePointer pa = scratch.in(2, a);
        openblas.cblas_dtrsm(openblas.CblasRowMajor, openblas.CblasRight, openblas.CblasLower, openblas.CblasTrans,
                openblas.CblasNonUnit, m, k, 1.0, pl, k, pa, k);
        NativeScratch.out(pa, a);
    }

    /** C = alpha op(A) op(A)^T + beta C on C's upper triangle (row-major n x n block, stride ldc). */
    private static void syrk(boolean trans, int n, int k, double alpha, double[] a, int lda, double beta, double[] c,
            int ldc) {
        NativeScratch scratch = NativeScratch.get();
        DoublePointer pa = scratch.in(0, a);
        DoublePointer pc = beta == 0 ? scratch.slot(2, c.length) : scratch.in(2, c);
        openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, trans ? openblas.CblasTrans
                : openblas.CblasNoTrans, n, k, alpha, pa, lda, beta, pc, ldc);
        NativeScratch.out(pc, c);
    }

    /** Copies the upper triangle of a row-major n x n matrix into its lower triangle. */
    public static void mirrorUpper(double[] c, int n) {
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                c[i * n + j] = c[j * n + i];
            }
        }
    }

    /** Sets the number of threads OpenBLAS uses (a process-wide native setting); 0 or less leaves it alone. */
    public static void setNativeThreads(int threads) {
        if (threads > 0) {
            openblas.blas_set_num_threads(threads);
        }
    }

    private static void scaleInPlace(double[] c, int m, int n, int ldc, double beta) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
            }
        }
    }
}
