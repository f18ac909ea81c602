package org.nlsig.onnx.sites;

import java.util.List;

/** The activation sites of a model in execution order, and the candidates that were not made sites. */
public record SiteReport(List<ActivationSite> sites, List<SkippedCandidate> skipped) {
    public SiteReport {
        sites = List.copyOf(sites);
        skipped = List.copyOf(skipped);
    }
}
