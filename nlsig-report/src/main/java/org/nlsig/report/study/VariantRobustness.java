package org.nlsig.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nlsig.math.analysis.Linkage;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.math.analysis.SignatureSeries;
import org.nlsig.math.analysis.VariantSpread;
import org.nlsig.report.compare.SignatureViews;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/**
 * Table 3 and Figures 16-17: per architecture (family) and dataset, how concentrated each criterion stays over the
 * pretraining variants, and the clustering of the variants' signatures by DTW distance (a dendrogram and the distance
 * matrix in the dendrogram's order).
 */
final class VariantRobustness {
    static final String NAME = "Robustness over pretraining variants (Table 3, Figures 16-17)";
    /** Clustering fewer than this many variants shows nothing a table does not. */
    static final int MIN_CLUSTERED = 3;

    private VariantRobustness() {
    }

    static StudyAnalysis of(List<StudyEntry> entries, LinkageMethod method) {
        Table.Builder table3 = Table.builder("variant_spread", "Mean ± std over each family's variants of each "
                + "criterion's mean over sites (Table 3)", "family", "dataset", "variants", "criterion", "mean",
                "std", "mean_std");
        List<Table> tables = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        Map<List<String>, List<StudyEntry>> families = StudyRuns.by(entries,
                e -> e.family() == null || e.family().isBlank() ? null : Arrays.asList(e.family(), e.dataset()));
        boolean any = false;
        for (Map.Entry<List<String>, List<StudyEntry>> f : families.entrySet()) {
            List<StudyEntry> variants = f.getValue();
            if (variants.size() < 2) {
                continue;
            }
            any = true;
            String family = f.getKey().get(0);
            String dataset = f.getKey().get(1);
            List<String> labels = StudyRuns.labels(variants);
            List<SignatureSeries> series = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                series.add(SignatureViews.series(variants.get(i).signature(), labels.get(i)));
            }
            addCriterion(table3, family, dataset, "affinity", series.stream().map(SignatureSeries::scores).toList());
            Set<String> metrics = new LinkedHashSet<>();
            series.forEach(s -> metrics.addAll(s.metrics().keySet()));
            for (String m : metrics) {
                addCriterion(table3, family, dataset, m, series.stream().map(s -> s.metrics().getOrDefault(m,
                        new double[] {Double.NaN})).toList());
            }
            if (variants.size() >= MIN_CLUSTERED) {
                String id = FileNames.safe(family) + (dataset == null ? "" : "_" + FileNames.safe(dataset));
                String title = family + (dataset == null ? "" : " on " + dataset);
                cluster(id, title, labels, VariantSpread.cluster(series, method), tables, figures);
            }
        }
        if (!any) {
            return StudyAnalysis.skip(NAME, "no family has two or more runs (column family; each run a pretraining "
                    + "variant)");
        }
        tables.add(0, table3.build());
        return StudyAnalysis.shown(NAME, new ReportSection("variants", NAME, "Each variant (a run of the family, "
                + "e.g. one pretraining method) is reduced to the mean over its sites of a criterion; the table gives"
                + " the mean and the population std of those means over the family's variants. A low std says the "
                + "criterion identifies the architecture whatever its training (the paper: affinity 0.76 ± 0.04 over"
                + " 17 ResNet-50s). Families with at least " + MIN_CLUSTERED + " variants are clustered by the DTW "
                + "distance between their signatures (" + method.id() + " linkage): a dendrogram (Figure 16) and the"
                + " distance matrix in the dendrogram's leaf order (Figure 17), where clusters show as blocks.",
                tables, figures));
    }

    private static void addCriterion(Table.Builder t, String family, String dataset, String criterion,
            List<double[]> perSite) {
        VariantSpread s = VariantSpread.of(perSite);
        if (s.count() == 0) {
            return;
        }
        t.row(family, dataset, s.count(), criterion, s.mean(), s.std(), String.format(Locale.ROOT, "%.2f ± %.2f",
                s.mean(), s.std()));
    }

    private static void cluster(String id, String title, List<String> labels, VariantSpread.Clustering c,
            List<Table> tables, List<Figure> figures) {
        List<String> ordered = Arrays.stream(c.order()).mapToObj(labels::get).toList();
        List<String> cols = new ArrayList<>(List.of("variant"));
        cols.addAll(ordered);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(ordered.get(i)));
            for (double d : c.ordered()[i]) {
                row.add(d);
            }
            rows.add(row);
        }
        tables.add(new Table("variant_distances_" + id, title + ": DTW distances in dendrogram order (Figure 17)",
                cols, rows, 4));
        Linkage l = c.linkage();
        List<double[]> links = l.layout().stream()
                .map(k -> new double[] {k.x1(), k.y1(), k.x2(), k.y2(), k.height()}).toList();
        figures.add(new Figure.Dendrogram("variant_dendrogram_" + id, title + ": clustering of the variants, "
                + l.method().id() + " linkage (Figure 16)", "DTW distance", ordered,
                links, Math.max(640, 40 * ordered.size() + 160), 460));
        int side = Math.max(520, 28 * ordered.size() + 260);
        figures.add(new Figure.Heatmap("variant_distances_" + id, title + ": DTW distances, dendrogram order "
                + "(Figure 17)", ordered, c.ordered(), side + 120, side));
    }
}
