package org.nlsig.signature.result;

import java.util.List;
import org.nlsig.math.affinity.AffinityResult;
import org.nlsig.math.affinity.MapRoute;
import org.nlsig.math.linalg.NumericalFallback;

/**
 * How one site's affinity score on one batch was reached: what a user needs to tell a clamped 0 from a low score, or a
 * constant output's 1 from an affine activation's.
 *
 * @param constantOutput the output did not vary (tr Sigma_Y &lt;= 2 eps d): the map is A = 0
 * @param unclampedRho   1 - sqrt(W / bound) before clamping to [0, 1]
 * @param route          how the Monge map's matrix function was evaluated
 * @param fallbacks      numerical routines that failed on this batch and what replaced them
 */
public record BatchScoring(boolean constantOutput, double unclampedRho, MapRoute route,
        List<NumericalFallback> fallbacks) {

    public BatchScoring {
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    public static BatchScoring of(AffinityResult r) {
        return new BatchScoring(r.constantOutput(), r.unclampedRho(), r.route(), r.fallbacks());
    }

    /** The score was clamped to 0 (W exceeded its bound, possible through shrinkage). */
    public boolean clamped() {
        return unclampedRho < 0;
    }
}
