package org.nlsig.onnx.runtime;

import java.util.Optional;
import org.nlsig.onnx.sites.ActivationSite;

/** One site's pooled input X and output Y for a batch (n x d each), and its sparsity counts if asked for. */
public record SiteActivations(ActivationSite site, PooledMatrix x, PooledMatrix y,
                              Optional<SparsityCounts> sparsity) {
}
