package org.nlsig.math.affinity;

import java.util.List;
import org.nlsig.math.linalg.NumericalFallback;

/**
 * The affinity score of one activation on one batch, with everything it was computed from.
 *
 * @param rho                  the affinity score 1 - sqrt(W / (2 tr Sigma_Y)), in [0, 1]
 * @param transportCost        W: the exact squared 2-Wasserstein distance between the transported inputs T(x_i)
 *                             and the outputs y_i as uniform empirical measures
 * @param bound                2 tr(Sigma_Y), the normaliser (an upper bound of W)
 * @param gaussianW2Squared    the squared Bures-Wasserstein distance between N(mX, Sigma_X) and N(mY, Sigma_Y)
 * @param shrinkageX           shrinkage intensity of Sigma_X (0 for the sample covariance)
 * @param shrinkageY           shrinkage intensity of Sigma_Y
 * @param samples              n
 * @param features             d
 * @param covariance           the covariance estimator's id ({@code ledoit-wolf} or {@code sample})
 * @param path                 how the matrix functions were evaluated
 * @param workingDimension     the dimension the matrix functions were evaluated in (d, or the data span's)
 * @param constantOutput       tr(Sigma_Y) &lt;= 2 eps d: the output does not vary, the map is A = 0 and the score is 1
 *                             up to the output's residual spread (as the official code)
 * @param clamped              W exceeded the bound (possible only through shrinkage); rho was clamped to 0
 * @param unclampedRho         1 - sqrt(W / bound) before clamping: below 0 by as much as the score was clamped
 * @param route                how the map's matrix function was evaluated
 * @param fallbacks            numerical routines that failed on this input and what replaced them (the score is
 *                             the same exact quantity; only the route to it changed)
 */
public record AffinityResult(double rho, double transportCost, double bound, double gaussianW2Squared,
        double shrinkageX, double shrinkageY, int samples, int features, String covariance, EvaluationPath path,
        int workingDimension, boolean constantOutput, boolean clamped, double unclampedRho, MapRoute route,
        List<NumericalFallback> fallbacks) {

    public AffinityResult {
        fallbacks = List.copyOf(fallbacks);
    }

    /** How far below 0 the score was before it was clamped; 0 when it was not. */
    public double clampedBy() {
        return clamped ? -unclampedRho : 0;
    }
}
