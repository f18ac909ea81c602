package org.nlsig.math.analysis;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's non-linearity signature as the analyses see it: the per-site mean affinity scores in execution order,
 * with each site's activation kind and, when measured, the per-site means of comparison metrics. The math-level view
 * of a signature file (the signature module converts to it), so the analyses depend on nothing but numbers.
 *
 * @param model   the model's name
 * @param scores  per-site mean affinity scores, in execution order
 * @param kinds   per-site activation kind ({@code relu}, {@code gelu}, ...), same length as scores
 * @param metrics per-site means of comparison metrics by name ({@code cka}, {@code norm}, ...), each the same length
 *                as scores; NaN where a site has no value
 */
public record SignatureSeries(String model, double[] scores, List<String> kinds, Map<String, double[]> metrics) {

    public SignatureSeries {
        Objects.requireNonNull(model, "model");
        scores = scores.clone();
        kinds = List.copyOf(kinds);
        if (kinds.size() != scores.length) {
            throw new IllegalArgumentException(model + ": " + scores.length + " scores but " + kinds.size()
                    + " activation kinds");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            if (e.getValue().length != scores.length) {
                throw new IllegalArgumentException(model + ": metric " + e.getKey() + " has " + e.getValue().length
                        + " sites, the signature has " + scores.length);
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /** A signature with scores only (every site of kind {@code unknown}, no metrics). */
    public static SignatureSeries of(String model, double... scores) {
        return new SignatureSeries(model, scores, Collections.nCopies(scores.length, "unknown"), Map.of());
    }

    /** A copy of the scores. */
    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** Number of activation sites (the network's activation depth). */
    public int depth() {
        return scores.length;
    }

    /** The scores that are finite (sites whose every batch failed are NaN and left out of statistics). */
    public double[] finiteScores() {
        return Arrays.stream(scores).filter(Double::isFinite).toArray();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SignatureSeries s) || !s.model.equals(model) || !Arrays.equals(s.scores, scores)
                || !s.kinds.equals(kinds) || !s.metrics.keySet().equals(metrics.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.metrics.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "SignatureSeries[" + model + ", " + scores.length + " sites, metrics " + metrics.keySet() + "]";
    }
}
