package org.nlsig.report.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nlsig.math.analysis.AccuracyFits;
import org.nlsig.math.analysis.ComparedModel;
import org.nlsig.math.analysis.Histogram;
import org.nlsig.math.analysis.Linkage;
import org.nlsig.math.analysis.MetricCorrelations;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.model.SignatureFigures;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/** The tables and figures of a {@link Comparison}, grouped in report sections in the paper's order. */
public final class ComparisonReport {
    private ComparisonReport() {
    }

    public static List<ReportSection> sections(Comparison c) {
        List<ReportSection> out = new ArrayList<>();
        out.add(summary(c));
        out.add(similarity(c));
        out.add(distributions(c));
        out.add(accuracy(c));
        out.add(correlations(c));
        out.add(new ReportSection("overlay", "All signatures over relative depth",
                "Every model's per-site mean affinity score against its relative depth (site index / (sites - 1)), "
                        + "so networks of different depths share one axis from the first site to the last.",
                List.of(), List.of(SignatureFigures.overlay(names(c), c.models().stream()
                        .map(m -> m.signature().scores()).toList()))));
        List<Figure> raw = new ArrayList<>();
        for (int i = 0; i < c.models().size(); i++) {
            raw.add(SignatureFigures.rawSignature(c.signatures().get(i), c.models().get(i).name()));
        }
        out.add(new ReportSection("raw-signatures", "Raw signatures (Figure 10)",
                "Each model's affinity scores over depth, coloured by activation kind, with the mean ± std over "
                        + "batches as a grey band; the title gives the mean std over batches.",
                List.of(), raw));
        return out;
    }

    private static List<String> names(Comparison c) {
        return c.models().stream().map(ComparedModel::name).toList();
    }

    private static ReportSection summary(Comparison c) {
        Table.Builder t = Table.builder("summary", "Summary of each model's per-site mean scores", "model", "family",
                "year", "sites", "min", "q1", "median", "q3", "max", "mean", "std", "accuracy", "parameters", "macs");
        List<Figure.Box> boxes = new ArrayList<>();
        for (ComparedModel m : c.models()) {
            SummaryStatistics s = m.summary();
            t.row(m.name(), m.family(), m.year(), m.depth(), s.min(), s.q1(), s.median(), s.q3(), s.max(), s.mean(),
                    s.std(), m.accuracy(), count(m.parameters()), count(m.macs()));
            boxes.add(new Figure.Box(m.name(), s.min(), s.q1(), s.median(), s.q3(), s.max()));
        }
        Figure fig = new Figure.Boxes("summary", "Non-linearity signatures: median, quartiles, min and max (Figure 3)",
                "", "affinity score", boxes, Double.NaN, "", 0.0, 1.0, Math.max(640, 60 * boxes.size() + 200), 460);
        return new ReportSection("summary", "Summary per model (Figure 3)",
                "Minimum, quartiles, median, maximum, mean and standard deviation of each model's per-site mean "
                        + "affinity scores, models ordered by year when models.csv gives years.",
                List.of(t.build()), List.of(fig));
    }

    private static ReportSection similarity(Comparison c) {
        List<String> names = names(c);
        List<String> cols = new ArrayList<>(List.of("model"));
        cols.addAll(names);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(names.get(i)));
            for (double d : c.distances()[i]) {
                row.add(d);
            }
            rows.add(row);
        }
        Table dtw = new Table("dtw_distances", "Pairwise DTW distances between signatures", cols, rows, 4);
        Linkage l = c.linkage();
        Table.Builder z = Table.builder("linkage", "Hierarchical clustering (" + l.method().id()
                + " linkage; scipy's linkage matrix: clusters n, n+1, ... are the merges in order)", "merge",
                "left", "right", "distance", "size", "members");
        List<List<String>> members = new ArrayList<>();
        names.forEach(n -> members.add(List.of(n)));
        for (int i = 0; i < l.merges().size(); i++) {
            Linkage.Merge m = l.merges().get(i);
            List<String> joined = new ArrayList<>(members.get(m.left()));
            joined.addAll(members.get(m.right()));
            members.add(joined);
            z.row(names.size() + i, m.left(), m.right(), m.distance(), m.size(), String.join(" ", joined));
        }
        int[] order = l.leafOrder();
        List<String> leafLabels = new ArrayList<>();
        for (int leaf : order) {
            leafLabels.add(names.get(leaf));
        }
        List<double[]> links = l.layout().stream()
                .map(k -> new double[] {k.x1(), k.y1(), k.x2(), k.y2(), k.height()}).toList();
        int side = Math.max(520, 28 * names.size() + 260);
        Figure dendrogram = new Figure.Dendrogram("dendrogram", "Hierarchical clustering of DTW distances, "
                + l.method().id() + " linkage (Figure 5A)", "DTW distance", leafLabels, links,
                Math.max(640, 40 * names.size() + 160), 460);
        Figure heat = new Figure.Heatmap("dtw_distances", "DTW distances between signatures (Figure 14)", names,
                c.distances(), side + 120, side);
        return new ReportSection("similarity", "Similarity of signatures (Figures 5A, 14)",
                "Dynamic time warping distance between the sequences of per-site mean scores (tslearn's convention: "
                        + "the square root of the least cumulative squared difference), and the agglomerative "
                        + "clustering of those distances.",
                List.of(dtw, z.build()), List.of(dendrogram, heat));
    }

    private static ReportSection distributions(Comparison c) {
        Table.Builder t = Table.builder("score_distribution", "Histogram of per-site mean scores ("
                + SignatureFigures.HISTOGRAM_BINS + " bins over [0, 1])", "model", "bin_lower", "bin_upper", "sites");
        List<Figure> panels = new ArrayList<>();
        int k = 0;
        for (ComparedModel m : c.models()) {
            Histogram h = Histogram.of(m.signature().scores(), SignatureFigures.HISTOGRAM_BINS, 0, 1);
            for (int b = 0; b < h.bins(); b++) {
                t.row(m.name(), h.edge(b), h.edge(b + 1), h.counts()[b]);
            }
            panels.add(SignatureFigures.distribution(m.name(), m.signature().scores(), k++, 320, 240));
        }
        int columns = Math.min(4, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        Figure grid = new Figure.Grid("score_distributions", "Distribution of affinity scores per model (Figure 5C)",
                panels, columns, 320 * columns, 240 * rows + 32);
        return new ReportSection("distributions", "Distributions of scores (Figure 5C)",
                "How each model's per-site scores spread over [0, 1]; residual networks tend to be bimodal.",
                List.of(t.build()), List.of(grid));
    }

    private static ReportSection accuracy(Comparison c) {
        Table.Builder t = Table.builder("accuracy_fits", "R^2 of a linear fit of accuracy on each statistic, within "
                + "each family", "family", "models", "predictor", "from", "r2", "slope", "intercept", "best");
        Table.Builder best = Table.builder("accuracy_best", "Best predictor of accuracy per family", "family",
                "models", "best_signature_statistic", "r2_signature", "best_architecture_characteristic",
                "r2_architecture", "best_overall");
        List<String> families = new ArrayList<>();
        double[] sig = new double[c.fits().size()];
        double[] arch = new double[c.fits().size()];
        int i = 0;
        for (AccuracyFits.FamilyFit f : c.fits()) {
            String overall = f.best();
            for (AccuracyFits.PredictorFit p : f.fits()) {
                String mark = p.predictor().equals(overall) ? "best overall"
                        : p.predictor().equals(f.bestSignature()) || p.predictor().equals(f.bestArchitecture())
                        ? "best of its kind" : "";
                t.row(f.family(), f.models().size(), p.predictor(), p.fromSignature() ? "signature" : "architecture",
                        p.fit().r2(), p.fit().slope(), p.fit().intercept(), mark);
            }
            best.row(f.family(), String.join(" ", f.models()), f.bestSignature(), f.r2(f.bestSignature()),
                    f.bestArchitecture(), f.r2(f.bestArchitecture()), overall);
            families.add(f.family());
            sig[i] = f.bestSignature() == null ? Double.NaN : f.r2(f.bestSignature());
            arch[i] = f.bestArchitecture() == null ? Double.NaN : f.r2(f.bestArchitecture());
            i++;
        }
        List<Figure> figs = new ArrayList<>();
        String description = "Within each family with at least " + Comparison.MIN_MODELS_PER_FAMILY + " models with"
                + " an accuracy, the coefficient of determination of a straight-line fit of accuracy on each "
                + "signature statistic, against the same for depth (number of activation sites), parameters and "
                + "multiply-accumulates; the best of each kind is marked.";
        if (!families.isEmpty()) {
            List<String> labels = new ArrayList<>();
            for (AccuracyFits.FamilyFit f : c.fits()) {
                labels.add(f.family() + " (" + f.bestSignature() + " / " + f.bestArchitecture() + ")");
            }
            figs.add(new Figure.Bars("accuracy_fits", "Best R^2 of accuracy per family: signature statistic vs "
                    + "architecture (Figure 4)", "R^2", labels,
                    List.of("best signature statistic", "best of depth, parameters, MACs"), List.of(sig, arch), 0.0,
                    1.0, Math.max(640, 160 * families.size() + 160), 440));
        } else {
            description += " No family has enough models with a known accuracy (give family and accuracy in "
                    + "models.csv).";
        }
        return new ReportSection("accuracy", "Accuracy and non-linearity (Figure 4)", description,
                List.of(best.build(), t.digits(4).build()), figs);
    }

    private static ReportSection correlations(Comparison c) {
        if (!c.hasMetrics()) {
            return new ReportSection("correlations", "Correlation with other metrics (Tables 1, 2)",
                    "The signatures hold no comparison metrics (compute them with nlsig signature --metrics).",
                    List.of(), List.of());
        }
        Set<String> metrics = new LinkedHashSet<>();
        c.correlations().forEach(m -> metrics.addAll(m.keySet()));
        List<String> cols = new ArrayList<>(List.of("model"));
        cols.addAll(metrics);
        List<List<Object>> perModel = new ArrayList<>();
        for (int i = 0; i < c.models().size(); i++) {
            List<Object> row = new ArrayList<>(List.of(c.models().get(i).name()));
            for (String m : metrics) {
                row.add(c.correlations().get(i).getOrDefault(m, Double.NaN));
            }
            perModel.add(row);
        }
        Table table2 = new Table("metric_correlations", "Pearson r between affinity scores and each metric, per "
                + "model (Table 2)", cols, perModel, 3);
        Map<String, List<Map<String, Double>>> groups = new LinkedHashMap<>();
        for (int i = 0; i < c.models().size(); i++) {
            String f = c.models().get(i).family();
            if (f != null) {
                groups.computeIfAbsent(f, k -> new ArrayList<>()).add(c.correlations().get(i));
            }
        }
        groups.put("all models", c.correlations());
        List<String> summaryCols = new ArrayList<>(List.of("group", "models"));
        for (String m : metrics) {
            summaryCols.add(m + "_mean");
            summaryCols.add(m + "_std");
        }
        List<String> shownCols = new ArrayList<>(List.of("group", "models"));
        shownCols.addAll(metrics);
        List<List<Object>> summaryRows = new ArrayList<>();
        List<List<Object>> shownRows = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Double>>> g : groups.entrySet()) {
            Map<String, MetricCorrelations.MeanStd> s = MetricCorrelations.summarise(g.getValue());
            // the models that have any comparison metric: a signature computed with affinity only has none
            long withMetrics = g.getValue().stream().filter(r -> r.values().stream().anyMatch(Double::isFinite))
                    .count();
            List<Object> row = new ArrayList<>(List.of(g.getKey(), withMetrics));
            List<Object> shown = new ArrayList<>(List.of(g.getKey(), withMetrics));
            for (String m : metrics) {
                MetricCorrelations.MeanStd ms = s.getOrDefault(m, new MetricCorrelations.MeanStd(Double.NaN,
                        Double.NaN, 0));
                row.add(ms.mean());
                row.add(ms.count() < 2 ? Double.NaN : ms.std());
                shown.add(meanStdCell(ms, withMetrics));
            }
            summaryRows.add(row);
            shownRows.add(shown);
        }
        Table table1 = new Table("metric_correlations_summary", "Mean ± std of the correlations over the models of "
                + "each family and over all models (Table 1)", summaryCols, summaryRows, 3);
        Table table1Shown = new Table("metric_correlations_table1", "Table 1 as in the paper (mean ± std)",
                shownCols, shownRows, 3);
        return new ReportSection("correlations", "Correlation with other metrics (Tables 1, 2)",
                "For each model, the Pearson correlation over its sites between the affinity score and each "
                        + "comparison metric (CKA, norm, R^2, entropy and sparsity changes); then mean ± std "
                        + "(population) over models.",
                List.of(table1Shown, table2, table1), List.of());
    }

    /** "0.83 ± 0.05", or "0.83 (1 model)" where a std over one value would read as "± 0.00"; the count if partial. */
    static String meanStdCell(MetricCorrelations.MeanStd ms, long models) {
        if (ms.count() == 0) {
            return "";
        }
        if (ms.count() == 1) {
            return String.format(Locale.ROOT, "%.2f (1 model)", ms.mean());
        }
        String cell = String.format(Locale.ROOT, "%.2f ± %.2f", ms.mean(), ms.std());
        return ms.count() < models ? cell + " (" + ms.count() + " models)" : cell;
    }

    /** A count held as a double (NaN when unknown) as a whole number for tables: 68250, not 68250.0000. */
    static Long count(double v) {
        return Double.isFinite(v) ? Math.round(v) : null;
    }
}
