package org.nlsig.onnx.sites;

import java.util.List;

/**
 * The activation sites of a model in execution order, the candidates that were not made sites, and notes about sites
 * whose measurement may not be what the user expects (a site pooled to one feature although its tensor has more).
 */
public record SiteReport(List<ActivationSite> sites, List<SkippedCandidate> skipped, List<SiteNote> notes) {
    public SiteReport {
        sites = List.copyOf(sites);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    public SiteReport(List<ActivationSite> sites, List<SkippedCandidate> skipped) {
        this(sites, skipped, List.of());
    }
}
