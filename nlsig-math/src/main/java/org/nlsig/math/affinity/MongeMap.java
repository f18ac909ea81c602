package org.nlsig.math.affinity;

import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.SymmetricEigen;

/**
 * The Monge map between the Gaussians, A = L (L^T Sigma_X L)^{-1/2} L^T with Sigma_Y = L L^T, in working coordinates,
 * kept in factored form: with M = L^T Sigma_X L = U diag(l) U^T, A = L U diag(l^{-1/2}) U^T L^T. M is built without
 * forming Sigma_X: M = a L^T L + c (X L)^T (X L) for Sigma_X = a I + c X^T X.
 *
 * @param coordinates       the working coordinates it was built in
 * @param inputsTimesFactor X L, n x r row-major (the inputs' part of A applied to them)
 * @param product           the eigendecomposition of M
 * @param sqrtProductTrace  tr(M^{1/2}) = tr((Sigma_Y^{1/2} Sigma_X Sigma_Y^{1/2})^{1/2}) inside the working span
 */
record MongeMap(OutputAdaptedCoordinates coordinates, double[] inputsTimesFactor, SymmetricEigen product,
        double sqrtProductTrace) {

    static MongeMap of(OutputAdaptedCoordinates c) {
        int n = c.n();
        int r = c.width();
        double[] xl = c.x().clone();
        c.sigmaYFactor().multiplyRight(xl, n);
        double[] m = new double[r * r];
        Blas.addGramOfColumnsUpper(c.sigmaX().scatterWeight(), xl, n, r, r, m, r);
        c.sigmaYFactor().addGram(c.sigmaX().identityWeight(), m);
        SymmetricEigen e = SymmetricEigen.of(m, r);
        double trace = 0;
        for (double l : e.values()) {
            trace += Math.sqrt(Math.max(0, l));
        }
        return new MongeMap(c, xl, e, trace);
    }

    /** The transported inputs z_i = A x_i, n x r row-major. */
    double[] transportedInputs() {
        int n = coordinates.n();
        int r = coordinates.width();
        // pseudo-inverse square root on the positive spectrum
        double floor = product.noiseFloor(r);
        double[] inv = new double[r];
        for (int k = 0; k < r; k++) {
            double l = product.values()[k];
            inv[k] = l > floor ? 1 / Math.sqrt(l) : 0;
        }
        return r <= n ? throughDenseMap(inv) : throughFactors(inv);
    }

    /** Z = X A with A = G^T G formed first, G = diag(l^{-1/4}) U^T L^T: the cheaper order when r <= n. */
    private double[] throughDenseMap(double[] inv) {
        int n = coordinates.n();
        int r = coordinates.width();
        double[] g = product.vectors().clone(); // rows u_k^T
        coordinates.sigmaYFactor().multiplyRightTransposed(g, r); // rows (L u_k)^T
        for (int k = 0; k < r; k++) {
            double f = Math.sqrt(inv[k]);
            for (int j = 0; j < r; j++) {
                g[k * r + j] *= f;
            }
        }
        double[] a = Blas.gramOfColumns(g, r, r);
        return Blas.multiply(coordinates.x(), a, n, r, r);
    }

    /** Z = (((X L) U) diag(l^{-1/2})) U^T L^T, never forming the r x r map: the cheaper order when r > n. */
    private double[] throughFactors(double[] inv) {
        int n = coordinates.n();
        int r = coordinates.width();
        double[] b = new double[n * r];
        // b = (X L) U, with U's columns the eigenvectors (stored as rows)
        Blas.gemm(false, true, n, r, r, 1.0, inputsTimesFactor, r, product.vectors(), r, 0.0, b, r);
        for (int i = 0; i < n; i++) {
            int row = i * r;
            for (int k = 0; k < r; k++) {
                b[row + k] *= inv[k];
            }
        }
        double[] z = new double[n * r];
        Blas.gemm(false, false, n, r, r, 1.0, b, r, product.vectors(), r, 0.0, z, r);
        coordinates.sigmaYFactor().multiplyRightTransposed(z, n);
        return z;
    }
}
