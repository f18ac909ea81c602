package org.nlsig.onnx.pooling;

import org.nlsig.onnx.sites.ActivationSite;

/** How one site is pooled: the rank of its tensors and the feature axis to keep. */
public record SitePooling(ActivationSite site, int rank, int featureAxis, PoolingMode mode) {
    public int[] reducedAxes() {
        return mode.reducedAxes(rank, featureAxis);
    }
}
