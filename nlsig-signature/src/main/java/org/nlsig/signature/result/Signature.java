package org.nlsig.signature.result;

import java.util.List;

/**
 * A model's non-linearity signature: the affinity score (and optional metrics) of every activation site, per batch,
 * with everything needed to know how it was made. Serialised as {@code signature.json}, schema
 * {@value #SCHEMA}.
 *
 * @param accuracy null when the data has no labels or the model does not output class scores
 */
public record Signature(ModelInfo model, DataInfo data, RunConfig config, Provenance provenance, Accuracy accuracy,
        List<SiteResult> sites) {
    public static final String SCHEMA = "nlsig.signature/1";

    public Signature {
        sites = List.copyOf(sites);
    }

    /** The schema tag written first in signature.json. */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "schema", index = 0)
    public String schema() {
        return SCHEMA;
    }

    /** The per-site mean affinity scores in execution order: the signature as a sequence. */
    public double[] meanScores() {
        return sites.stream().mapToDouble(s -> s.affinity().mean()).toArray();
    }
}
