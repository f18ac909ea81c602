package org.nlsig.math.affinity;

import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.InverseSquareRoot;

/**
 * The Monge map between the Gaussians, A = L (L^T Sigma_X L)^{-1/2} L^T with Sigma_Y = L L^T, in working coordinates,
 * kept in factored form: A = L M^{-1/2} L^T for M = L^T Sigma_X L. M is built without forming Sigma_X:
 * M = a L^T L + c (X L)^T (X L) for Sigma_X = a I + c X^T X, or M = a L^T L + c L^T (X^T X) L when X^T X is at hand
 * and r &lt;= n (two r x r triangular products instead of two n x r ones).
 *
 * @param coordinates       the working coordinates it was built in
 * @param inputsTimesFactor X L, n x r row-major (the inputs' part of A applied to them); computed only when r &gt; n,
 *                          where Z is found through it
 * @param inverseSqrt       M^{-1/2} (pseudo-inverse on the positive spectrum)
 * @param sqrtProductTrace  tr(M^{1/2}) = tr((Sigma_Y^{1/2} Sigma_X Sigma_Y^{1/2})^{1/2}) inside the working span
 */
record MongeMap(OutputAdaptedCoordinates coordinates, double[] inputsTimesFactor, InverseSquareRoot inverseSqrt,
        double sqrtProductTrace) {

    static MongeMap of(OutputAdaptedCoordinates c) {
        return of(c, false);
    }

    /** @param spectralOnly evaluate M^{-1/2} from M's eigendecomposition whatever M's condition (for tests) */
    static MongeMap of(OutputAdaptedCoordinates c, boolean spectralOnly) {
        int r = c.width();
        Product p = Product.of(c);
        InverseSquareRoot inverseSqrt = spectralOnly ? InverseSquareRoot.spectral(p.m(), r, r)
                : InverseSquareRoot.of(p.m(), r, r);
        return new MongeMap(c, p.inputsTimesFactor(), inverseSqrt, inverseSqrt.traceOfSquareRoot());
    }

    /**
     * M = L^T Sigma_X L, upper triangle (row-major r x r), and X L when it was formed on the way (null otherwise).
     */
    record Product(double[] m, double[] inputsTimesFactor) {

        static Product of(OutputAdaptedCoordinates c) {
            int n = c.n();
            int r = c.width();
            double[] xl = null;
            double[] m;
            if (r <= n && c.inputScatter().isPresent()) {
                m = congruenceByFactor(c.inputScatter().get(), c.sigmaX().scatterWeight(), c.sigmaYFactor(), r);
            } else {
                xl = c.x().clone();
                c.sigmaYFactor().multiplyRight(xl, n);
                m = new double[r * r];
                Blas.addGramOfColumnsUpper(c.sigmaX().scatterWeight(), xl, n, r, r, m, r);
            }
            c.sigmaYFactor().addGram(c.sigmaX().identityWeight(), m);
            return new Product(m, xl);
        }
    }

    /** alpha L^T S L for a symmetric row-major S (r x r): S L, then (S L)^T L, which is L^T S L as S is symmetric. */
    private static double[] congruenceByFactor(double[] s, double alpha, SigmaYFactor l, int r) {
        double[] sl = s.clone();
        for (int k = 0; k < sl.length; k++) {
            sl[k] *= alpha;
        }
        l.multiplyRight(sl, r);
        double[] m = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                m[j * r + i] = sl[i * r + j];
            }
        }
        l.multiplyRight(m, r);
        return m;
    }

    /** The transported inputs z_i = A x_i, n x r row-major. */
    double[] transportedInputs() {
        return coordinates.width() <= coordinates.n() ? throughDenseMap() : throughFactors();
    }

    /** Z = X A with the r x r map A = L M^{-1/2} L^T formed first: the cheaper order when r &lt;= n. */
    private double[] throughDenseMap() {
        int n = coordinates.n();
        int r = coordinates.width();
        double[] l = new double[r * r];
        for (int k = 0; k < r; k++) {
            l[k * r + k] = 1;
        }
        coordinates.sigmaYFactor().multiplyRight(l, r);
        double[] a = inverseSqrt.congruence(l, r);
        return Blas.multiply(coordinates.x(), a, n, r, r);
    }

    /** Z = ((X L) M^{-1/2}) L^T, never forming the r x r map: the cheaper order when r &gt; n. */
    private double[] throughFactors() {
        int n = coordinates.n();
        double[] z = inputsTimesFactor.clone();
        inverseSqrt.applyToRows(z, n);
        coordinates.sigmaYFactor().multiplyRightTransposed(z, n);
        return z;
    }
}
