package org.nlsig.report.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nlsig.math.analysis.Histogram;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/** Figures of one signature. */
public final class SignatureFigures {
    /** Bins of the score histograms over [0, 1]. */
    public static final int HISTOGRAM_BINS = 20;

    private SignatureFigures() {
    }

    /**
     * All signatures in one figure, over relative depth: site i of n at x = i / (n - 1), so that networks of
     * different depths share the axis from the first site (0) to the last (1); one line per model, a legend.
     *
     * @param labels the models' labels, one per sequence
     * @param means  each model's per-site mean scores in (aligned) site order
     */
    public static Figure.Lines overlay(List<String> labels, List<double[]> means) {
        if (labels.size() != means.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + means.size() + " signatures");
        }
        List<Figure.Series> series = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            series.add(new Figure.Series(labels.get(k), relativeDepth(means.get(k).length), means.get(k),
                    Figure.Style.LINE, k));
        }
        return new Figure.Lines("signatures_overlay", "Affinity score over relative depth, all models",
                "relative depth (site index / (sites - 1))", "affinity score", series, List.of(), 0.0, 1.0,
                960, 440);
    }

    /** x = i / (n - 1) for n sites; a single site sits at 0. */
    static double[] relativeDepth(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n == 1 ? 0 : (double) i / (n - 1);
        }
        return x;
    }

    /**
     * Figure 10: the raw signature over depth, one colour per activation kind, the mean ± std over batches as a
     * band; the title gives the mean of the per-site stds.
     *
     * @param label the model's label in the comparison
     */
    public static Figure.Lines rawSignature(Signature s, String label) {
        List<SiteResult> sites = s.sites();
        int n = sites.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double stdSum = 0;
        int stdCount = 0;
        for (int i = 0; i < n; i++) {
            SiteResult site = sites.get(i);
            x[i] = i;
            mean[i] = site.affinity().mean();
            double sd = site.affinity().std();
            lower[i] = mean[i] - sd;
            upper[i] = mean[i] + sd;
            if (Double.isFinite(sd)) {
                stdSum += sd;
                stdCount++;
            }
        }
        Map<String, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byKind.computeIfAbsent(sites.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        List<Figure.Series> series = new ArrayList<>();
        series.add(new Figure.Series("all sites", x, mean, Figure.Style.LINE, -1));
        int colour = 0;
        for (Map.Entry<String, List<Integer>> e : byKind.entrySet()) {
            double[] kx = e.getValue().stream().mapToDouble(i -> i).toArray();
            double[] ky = e.getValue().stream().mapToDouble(i -> mean[i]).toArray();
            series.add(new Figure.Series(e.getKey(), kx, ky, Figure.Style.MARKERS, colour++));
        }
        String title = String.format(Locale.ROOT, "%s: affinity score over depth (mean std over batches %.4f)",
                label, stdCount == 0 ? Double.NaN : stdSum / stdCount);
        return new Figure.Lines("signature_" + FileNames.safe(label), title, "activation site (execution order)",
                "affinity score", series,
                List.of(new Figure.Band("mean ± std over batches", x, lower, upper)), null, null,
                960, 380);
    }

    /** Figure 5C: the distribution of a model's per-site mean scores as a histogram over [0, 1]. */
    public static Figure.Lines distribution(String label, double[] scores, int colour, int width, int height) {
        Histogram h = Histogram.of(scores, HISTOGRAM_BINS, 0, 1);
        long[] c = h.counts();
        // a step line needs the closing edge: bins' left edges, then the right end repeating the last count
        double[] x = new double[c.length + 1];
        double[] y = new double[c.length + 1];
        for (int b = 0; b < c.length; b++) {
            x[b] = h.edge(b);
            y[b] = c[b];
        }
        x[c.length] = 1;
        y[c.length] = c[c.length - 1];
        return new Figure.Lines("distribution_" + FileNames.safe(label), label, "affinity score", "sites",
                List.of(new Figure.Series(label, x, y, Figure.Style.STEP, colour)), List.of(), 0.0, null,
                width, height);
    }
}
