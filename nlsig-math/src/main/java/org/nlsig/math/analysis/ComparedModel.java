package org.nlsig.math.analysis;

import java.util.Objects;

/**
 * A model in a comparison: its signature and what is known about it besides. Unknown numbers are NaN, an unknown
 * family or year null.
 *
 * @param signature  the model's signature
 * @param family     architecture family ({@code resnet}, {@code vit}, ...), or null
 * @param year       year of publication, or null
 * @param accuracy   top-1 accuracy (any consistent scale), or NaN
 * @param parameters number of parameters, or NaN
 * @param macs       multiply-accumulates per sample, or NaN
 */
public record ComparedModel(SignatureSeries signature, String family, Integer year, double accuracy,
        double parameters, double macs) {

    public ComparedModel {
        Objects.requireNonNull(signature, "signature");
    }

    public String name() {
        return signature.model();
    }

    /** The network's depth as the signature sees it: its number of activation sites. */
    public int depth() {
        return signature.depth();
    }

    public SummaryStatistics summary() {
        return SummaryStatistics.of(signature.scores());
    }
}
