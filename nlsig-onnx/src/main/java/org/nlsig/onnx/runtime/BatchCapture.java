package org.nlsig.onnx.runtime;

import java.util.List;

/** Everything one batch produced: per site pooled X and Y in site order, and the model's first output. */
public record BatchCapture(int samples, List<SiteActivations> sites, ModelOutput output) {
    public BatchCapture {
        sites = List.copyOf(sites);
    }
}
