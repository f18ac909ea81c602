package org.nlsig.math.affinity;

/** How the Monge map's matrix function M^{-1/2} (M = L^T Sigma_X L, Sigma_Y = L L^T) was evaluated for a score. */
public enum MapRoute {
    /** The output was constant (tr Sigma_Y &lt;= 2 eps d): A = 0 by docs/method.md's rule; no inverse square root. */
    CONSTANT_OUTPUT,
    /** Zolotarev's rational approximation on M's tridiagonal form (well-conditioned M; exact to rounding). */
    RATIONAL,
    /** M's eigendecomposition, every eigenvalue above the noise floor. */
    EIGENDECOMPOSITION,
    /** M's eigendecomposition with eigenvalues at the noise floor dropped: the pseudo-inverse square root. */
    PSEUDO_INVERSE;

    /** The name written to result files. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
