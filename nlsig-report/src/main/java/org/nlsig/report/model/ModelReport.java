package org.nlsig.report.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nlsig.math.analysis.MetricCorrelations;
import org.nlsig.math.analysis.SignatureSeries;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.report.compare.SignatureViews;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.Statistic;

/** The report of a single signature: its summary, its raw signature, its sites and its metric correlations. */
public final class ModelReport {
    private ModelReport() {
    }

    public static List<ReportSection> sections(Signature s) {
        SignatureSeries series = SignatureViews.series(s);
        String name = org.nlsig.report.compare.SignatureViews.name(s);
        String id = FileNames.safe(name);
        SummaryStatistics st = SummaryStatistics.of(series.scores());
        Table summary = Table.builder("summary_" + id, "Summary of the per-site mean scores", "model", "sites", "min",
                "q1", "median", "q3", "max", "mean", "std", "parameters", "macs_per_sample", "top1", "batches",
                "batch_size", "covariance", "pooling")
                .row(name, series.depth(), st.min(), st.q1(), st.median(), st.q3(), st.max(), st.mean(), st.std(),
                        s.model().parameters(), s.model().macsPerSample(),
                        s.accuracy() == null ? null : s.accuracy().top1(), s.data().batches(), s.config().batchSize(),
                        s.config().covariance(), s.config().pooling())
                .build();
        List<ReportSection> out = new ArrayList<>();
        out.add(new ReportSection("summary-" + id, name + ": summary",
                "Statistics of the per-site mean affinity scores (Figure 3 of the paper shows min, median, max).",
                List.of(summary), List.of()));
        Figure raw = SignatureFigures.rawSignature(s, name);
        Figure dist = SignatureFigures.distribution(name, series.scores(), 0, 480, 300);
        out.add(new ReportSection("signature-" + id, name + ": raw signature",
                "The affinity score of every activation site in execution order (Figure 10), coloured by activation"
                        + " kind, with the mean ± std over batches as a grey band; and the distribution of the "
                        + "per-site scores (Figure 5C).",
                List.of(), List.of(raw, dist)));
        out.add(new ReportSection("sites-" + id, name + ": sites", "Every activation site with its score over batches"
                + " and the per-site means of the comparison metrics.", List.of(sites(s, id)), List.of()));
        Map<String, Double> r = MetricCorrelations.ofModel(series);
        if (!r.isEmpty()) {
            List<String> cols = new ArrayList<>(List.of("model"));
            cols.addAll(r.keySet());
            List<Object> row = new ArrayList<>(List.of(name));
            row.addAll(r.values());
            out.add(new ReportSection("correlations-" + id, name + ": correlation with other metrics",
                    "Pearson correlation over sites between the affinity score and each comparison metric "
                            + "(one row of Table 2).",
                    List.of(new Table("metric_correlations_" + id, "Pearson r of affinity score and metrics", cols,
                            List.of(row), 3)), List.of()));
        }
        return out;
    }

    private static Table sites(Signature s, String id) {
        List<String> metricNames = new ArrayList<>();
        s.sites().forEach(site -> site.metrics().keySet().forEach(m -> {
            if (!metricNames.contains(m)) {
                metricNames.add(m);
            }
        }));
        List<String> cols = new ArrayList<>(List.of("index", "name", "kind", "op", "pooled_dim", "affinity_mean",
                "affinity_std", "affinity_min", "affinity_max", "batches"));
        metricNames.forEach(m -> cols.add(m + "_mean"));
        List<List<Object>> rows = new ArrayList<>();
        for (SiteResult site : s.sites()) {
            Statistic a = site.affinity();
            List<Object> row = new ArrayList<>(java.util.Arrays.asList(site.index(), site.name(), site.kind(), site.op(),
                    site.pooledDim()));
            row.add(a.mean());
            row.add(a.std());
            row.add(a.min());
            row.add(a.max());
            row.add(a.count());
            for (String m : metricNames) {
                Statistic ms = site.metrics().get(m);
                row.add(ms == null ? null : ms.mean());
            }
            rows.add(row);
        }
        return new Table("sites_" + id, "Sites", cols, rows, 4);
    }
}
