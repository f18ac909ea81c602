package org.nlsig.report.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nlsig.io.UserInputException;
import org.nlsig.math.analysis.AccuracyFits;
import org.nlsig.math.analysis.ComparedModel;
import org.nlsig.math.analysis.DynamicTimeWarping;
import org.nlsig.math.analysis.HierarchicalClustering;
import org.nlsig.math.analysis.Linkage;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.math.analysis.MetricCorrelations;
import org.nlsig.signature.result.Signature;

/**
 * Every analysis of a set of signatures (docs/method.md section 4), computed once: the models in display order, their
 * pairwise DTW distances, the clustering, the accuracy fits per family and the metric correlations per model.
 *
 * @param models       the models, ordered by year when years are known (stable otherwise)
 * @param signatures   the signatures, in the same order
 * @param distances    pairwise DTW distances, in that order
 * @param linkage      hierarchical clustering of the distances
 * @param fits         Figure 4's fits, one per family with enough models with an accuracy
 * @param correlations Table 2: per model, Pearson r of scores and each metric (empty maps without metrics)
 * @param alignment    how the sites were put side by side: by name where the names match the first signature's
 */
public record Comparison(List<ComparedModel> models, List<Signature> signatures, double[][] distances,
        Linkage linkage, List<AccuracyFits.FamilyFit> fits, List<Map<String, Double>> correlations,
        SiteAlignment alignment) {

    /** A family needs at least this many models with an accuracy for its R^2 to mean anything. */
    public static final int MIN_MODELS_PER_FAMILY = 3;

    public Comparison {
        models = List.copyOf(models);
        signatures = List.copyOf(signatures);
        fits = List.copyOf(fits);
        correlations = List.copyOf(correlations);
    }

    /**
     * Compares signatures. Sites are aligned by name to the first signature's (see {@link SiteAlignment}) before
     * anything is computed, so every analysis sees the aligned order.
     *
     * @param metadata per-model facts from models.csv (may be empty); each must name a model among the signatures
     * @throws org.nlsig.io.UserInputException when metadata names an unknown model or a signature has no sites
     * @throws IllegalArgumentException when there is nothing to compare
     */
    public static Comparison of(List<Signature> signatures, List<ModelMetadata> metadata, LinkageMethod method) {
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("no signatures to compare");
        }
        Map<String, ModelMetadata> meta = new HashMap<>();
        metadata.forEach(m -> meta.put(m.name(), m));
        List<String> names = uniqueNames(signatures);
        SiteAlignment.Aligned aligned = SiteAlignment.align(signatures, names);
        for (String n : meta.keySet()) {
            if (signatures.stream().noneMatch(s -> SignatureViews.name(s).equals(n))) {
                throw new UserInputException("models.csv names model '" + n + "', which none of the signatures"
                        + " is (their models: " + String.join(", ", names) + ")");
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> {
            ModelMetadata m = meta.get(SignatureViews.name(signatures.get(i)));
            return m == null || m.year() == null ? Integer.MAX_VALUE : m.year();
        }));
        List<ComparedModel> models = new ArrayList<>();
        List<Signature> ordered = new ArrayList<>();
        for (int i : order) {
            Signature s = aligned.signatures().get(i);
            if (s.sites().isEmpty()) {
                throw new UserInputException("the signature of " + SignatureViews.name(s) + " (" + s.model().path()
                        + ") has no activation sites");
            }
            ModelMetadata m = meta.get(SignatureViews.name(s));
            double accuracy = m != null && Double.isFinite(m.accuracy()) ? m.accuracy()
                    : s.accuracy() != null ? s.accuracy().top1() : Double.NaN;
            double parameters = m != null && Double.isFinite(m.parameters()) ? m.parameters()
                    : s.model().parameters();
            double macs = m != null && Double.isFinite(m.macs()) ? m.macs() : s.model().macsPerSample();
            models.add(new ComparedModel(SignatureViews.series(s, names.get(i)), m == null ? null : m.family(),
                    m == null ? null : m.year(), accuracy, parameters, macs));
            ordered.add(s);
        }
        double[][] d = DynamicTimeWarping.pairwise(models.stream().map(ComparedModel::signature).toList());
        Linkage linkage = HierarchicalClustering.cluster(d, method);
        List<AccuracyFits.FamilyFit> fits = AccuracyFits.byFamily(models, MIN_MODELS_PER_FAMILY, false);
        List<Map<String, Double>> correlations = models.stream()
                .map(cm -> MetricCorrelations.ofModel(cm.signature())).toList();
        return new Comparison(models, ordered, d, linkage, fits, correlations, aligned.alignment());
    }

    /** Model names, with {@code #2}, {@code #3} appended to repeated ones so labels stay distinct. */
    private static List<String> uniqueNames(List<Signature> signatures) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Signature s : signatures) {
            String n = SignatureViews.name(s);
            int k = seen.merge(n, 1, Integer::sum);
            out.add(k == 1 ? n : n + "#" + k);
        }
        return out;
    }

    /** Whether any signature holds comparison metrics. */
    public boolean hasMetrics() {
        return correlations.stream().anyMatch(m -> !m.isEmpty());
    }
}
