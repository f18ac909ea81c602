package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far one model's signature on other datasets lies from its signature on a reference dataset (the paper's
 * Figure 15: CIFAR-10, CIFAR-100 and random inputs against ImageNet). The paper's caption measures the Euclidean
 * distance between the two sequences of per-site scores and its text speaks of DTW; both are given. On signatures of
 * one model both compare the same sites, and DTW is never above the Euclidean distance (the diagonal is one of the
 * warping paths it minimises over).
 */
public final class DatasetDeviation {
    private DatasetDeviation() {
    }

    /**
     * The deviation of one dataset's signature.
     *
     * @param dataset   the dataset compared with the reference
     * @param sites     the number of sites both signatures have a finite score at (the Euclidean distance's terms)
     * @param euclidean sqrt of the sum over those sites of the squared score differences
     * @param dtw       the DTW distance between the two signatures' finite scores
     */
    public record Deviation(String dataset, int sites, double euclidean, double dtw) {
    }

    /**
     * The Euclidean distance between two signatures of the same model, over the sites where both are finite (a site
     * whose every batch failed is NaN, as in {@link SignatureSeries#finiteScores()}); 0 for identical signatures.
     *
     * @throws IllegalArgumentException when the signatures have different numbers of sites (then they are not of one
     *                                  model, and only DTW compares them)
     */
    public static double euclidean(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the Euclidean distance needs signatures of equal length, got "
                    + a.length + " and " + b.length + " sites");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                double d = a[i] - b[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * The deviation from {@code reference} of every other dataset's signature, in the map's order.
     *
     * @param signatures per-site scores by dataset, all of the same length
     * @throws IllegalArgumentException when the reference is not among the datasets or the lengths differ
     */
    public static List<Deviation> fromReference(Map<String, double[]> signatures, String reference) {
        Objects.requireNonNull(reference, "reference");
        double[] ref = signatures.get(reference);
        if (ref == null) {
            throw new IllegalArgumentException("the reference dataset '" + reference + "' is not among "
                    + signatures.keySet());
        }
        double[] refFinite = finite(ref);
        List<Deviation> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : new LinkedHashMap<>(signatures).entrySet()) {
            if (e.getKey().equals(reference)) {
                continue;
            }
            double[] s = e.getValue();
            double euclidean = euclidean(ref, s);
            int both = 0;
            for (int i = 0; i < s.length; i++) {
                if (Double.isFinite(ref[i]) && Double.isFinite(s[i])) {
                    both++;
                }
            }
            double[] sFinite = finite(s);
            double dtw = refFinite.length == 0 || sFinite.length == 0 ? Double.NaN
                    : DynamicTimeWarping.distance(refFinite, sFinite);
            out.add(new Deviation(e.getKey(), both, euclidean, dtw));
        }
        return out;
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
