package org.nlsig.onnx.pooling;

import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.sites.ActivationSite;

/**
 * How one site is pooled: the rank of its tensors, the feature axis to keep, and whether the token axis is averaged
 * under the attention mask.
 *
 * @param masked the site is a token tensor [batch, tokens, features] of token data, pooled by its mask
 */
public record SitePooling(ActivationSite site, int rank, int featureAxis, PoolingMode mode, boolean masked) {
    public SitePooling(ActivationSite site, int rank, int featureAxis, PoolingMode mode) {
        this(site, rank, featureAxis, mode, false);
    }

    /** The pooling of {@code site}: masked when the run has a token mask that {@link TokenMask#pools pools} it. */
    public static SitePooling of(ActivationSite site, int rank, int featureAxis, PoolingMode mode,
            Optional<TokenMask> mask) {
        boolean masked = mask.isPresent() && mask.get().pools(mode, rank, featureAxis, tokenAxis(site));
        return new SitePooling(site, rank, featureAxis, mode, masked);
    }

    private static long tokenAxis(ActivationSite site) {
        if (site.outputInfo() == null || !site.outputInfo().rankKnown()) {
            return -1;
        }
        List<Long> dims = site.outputInfo().dims();
        return dims.size() > 1 ? dims.get(1) : -1;
    }

    public int[] reducedAxes() {
        return mode.reducedAxes(rank, featureAxis);
    }
}
