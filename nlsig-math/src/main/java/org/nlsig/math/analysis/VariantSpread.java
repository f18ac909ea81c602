package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Table 3: how concentrated a criterion stays over variants of one architecture pretrained differently
 * (17 ResNet-50s, supervised and self-supervised). Each variant is reduced to the mean over its sites of the
 * criterion's per-site means (the affinity score, or a comparison metric such as linear CKA); the table gives the
 * mean and the standard deviation (population, ddof 0) of those per-variant means. A low std says the criterion
 * identifies the architecture whatever the training (the affinity score: 0.76 ± 0.04 in the paper).
 *
 * @param variantMeans per variant, the mean of its finite per-site values (NaN when it has none)
 * @param count        the number of variants with a finite mean
 * @param mean         the mean of the variant means
 * @param std          their standard deviation
 */
public record VariantSpread(double[] variantMeans, int count, double mean, double std) {

    public VariantSpread {
        variantMeans = variantMeans.clone();
    }

    /** @param perSite per variant, the criterion's per-site values (lengths may differ) */
    public static VariantSpread of(List<double[]> perSite) {
        double[] means = new double[perSite.size()];
        for (int i = 0; i < means.length; i++) {
            means[i] = SummaryStatistics.of(perSite.get(i)).mean();
        }
        SummaryStatistics s = SummaryStatistics.of(means);
        return new VariantSpread(means, s.count(), s.mean(), s.std());
    }

    @Override
    public double[] variantMeans() {
        return variantMeans.clone();
    }

    /**
     * The clustering of Figures 16 and 17: pairwise DTW distances between the variants' signatures, their
     * agglomerative clustering, and the distance matrix with rows and columns in the dendrogram's leaf order (the
     * clustered heat map, where clusters show as blocks on the diagonal).
     *
     * @param distances pairwise DTW distances, in the given order
     * @param linkage   the clustering
     * @param order     the leaves in dendrogram order
     * @param ordered   distances[order[i]][order[j]]
     */
    public record Clustering(double[][] distances, Linkage linkage, int[] order, double[][] ordered) {
    }

    public static Clustering cluster(List<SignatureSeries> variants, LinkageMethod method) {
        double[][] d = DynamicTimeWarping.pairwise(variants);
        Linkage linkage = HierarchicalClustering.cluster(d, method);
        int[] order = linkage.leafOrder();
        return new Clustering(d, linkage, order, reorder(d, order));
    }

    /** The symmetric matrix with rows and columns permuted: out[i][j] = d[order[i]][order[j]]. */
    public static double[][] reorder(double[][] d, int[] order) {
        List<double[]> rows = new ArrayList<>();
        for (int i : order) {
            double[] row = new double[order.length];
            for (int j = 0; j < order.length; j++) {
                row[j] = d[i][order[j]];
            }
            rows.add(row);
        }
        return rows.toArray(double[][]::new);
    }
}
