package org.nlsig.signature.result;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nlsig.math.affinity.MapRoute;

/**
 * What happened while one site was scored, over all batches: which batches had a constant output, which scores were
 * clamped to 0 and by how much, how the matrix functions were evaluated, and every numerical fallback.
 *
 * @param constantOutputBatches indices of the batches whose output did not vary (score 1 up to the residual spread)
 * @param clampedBatches        the batches whose score was clamped to 0, with the amount below 0
 * @param routes                per evaluation route ({@code rational}, {@code eigendecomposition},
 *                              {@code pseudo-inverse}, {@code constant-output}) the number of batches that took it
 * @param fallbacks             each numerical routine that failed, with its batch and what replaced it
 * @param fewSamples            a batch had no more samples than the site's pooled dimension: the affine fit is
 *                              then exact (r2 identically 1) and the affinity score biased upward
 */
public record SiteScoring(List<Integer> constantOutputBatches, List<Clamp> clampedBatches, Map<String, Integer> routes,
        List<Fallback> fallbacks, boolean fewSamples) {

    public SiteScoring(List<Integer> constantOutputBatches, List<Clamp> clampedBatches, Map<String, Integer> routes,
            List<Fallback> fallbacks) {
        this(constantOutputBatches, clampedBatches, routes, fallbacks, false);
    }

    public SiteScoring {
        constantOutputBatches = List.copyOf(constantOutputBatches);
        clampedBatches = List.copyOf(clampedBatches);
        routes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        fallbacks = List.copyOf(fallbacks);
    }

    /** A clamped score: its batch and how far below 0 it was (1 - sqrt(W / bound) = -by). */
    public record Clamp(int batch, double by) {
    }

    /** A numerical routine that failed on a batch, and what was used instead. */
    public record Fallback(int batch, String routine, int info, String replacement) {
    }

    /** This record, with {@code fewSamples} set when a batch had at most {@code dims} samples. */
    public SiteScoring withSamples(long fewestSamples, int dims) {
        return new SiteScoring(constantOutputBatches, clampedBatches, routes, fallbacks, fewestSamples <= dims);
    }

    /** @param perBatch one entry per batch, in batch order; null where the score could not be computed */
    public static SiteScoring of(List<BatchScoring> perBatch) {
        List<Integer> constant = new ArrayList<>();
        List<Clamp> clamped = new ArrayList<>();
        Map<MapRoute, Integer> counts = new EnumMap<>(MapRoute.class);
        List<Fallback> fallbacks = new ArrayList<>();
        for (int b = 0; b < perBatch.size(); b++) {
            BatchScoring s = perBatch.get(b);
            if (s == null) {
                continue;
            }
            if (s.constantOutput()) {
                constant.add(b);
            }
            if (s.clamped()) {
                clamped.add(new Clamp(b, -s.unclampedRho()));
            }
            counts.merge(s.route(), 1, Integer::sum);
            for (var f : s.fallbacks()) {
                fallbacks.add(new Fallback(b, f.routine(), f.info(), f.replacement()));
            }
        }
        // in the routes' declared order, only those that ran
        Map<String, Integer> routes = new LinkedHashMap<>();
        counts.forEach((route, count) -> routes.put(route.id(), count));
        return new SiteScoring(constant, clamped, routes, fallbacks);
    }
}
