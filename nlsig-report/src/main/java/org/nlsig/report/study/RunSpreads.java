package org.nlsig.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nlsig.math.analysis.SiteSpread;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;
import org.nlsig.signature.result.SiteResult;

/**
 * Figure 8: per group, the spread of the signature over runs that differ in one setting only, the batch size or the
 * training seed (every other descriptive field equal), site by site.
 */
final class RunSpreads {
    static final String NAME = "Robustness to batch size and seed (Figure 8)";

    private RunSpreads() {
    }

    /** A setting varied across runs, and the fields held fixed meanwhile. */
    enum Varied {
        BATCH_SIZE("batch size", StudyEntry::batchSize),
        SEED("seed", StudyEntry::seed);

        final String label;
        final Function<StudyEntry, Object> value;

        Varied(String label, Function<StudyEntry, Object> value) {
            this.label = label;
            this.value = value;
        }

        /** dataset, checkpoint and the other setting: what must be equal for the runs to differ in this one only. */
        List<Object> fixed(StudyEntry e) {
            // the casts keep a Long seed and an Integer batch size from being unboxed into one numeric type
            Object other = this == BATCH_SIZE ? (Object) e.seed() : (Object) e.batchSize();
            return Arrays.asList(e.dataset(), e.checkpoint(), other);
        }

        List<String> fixedNames() {
            return List.of("dataset", "checkpoint", this == BATCH_SIZE ? "seed" : "batch size");
        }
    }

    static StudyAnalysis of(List<StudyEntry> entries) {
        Table.Builder summary = Table.builder("run_spread", "Spread of the signature over runs differing in one "
                + "setting", "group", "varied", "fixed", "runs", "values", "sites", "mean_std", "max_std");
        Table.Builder perSite = Table.builder("run_spread_sites", "Per site: mean, std (population), min and max over"
                + " the runs", "group", "varied", "fixed", "site", "name", "mean", "std", "min", "max");
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<StudyEntry>> g : StudyRuns.by(entries, StudyRuns::group).entrySet()) {
            for (Varied v : Varied.values()) {
                List<StudyEntry> withValue = g.getValue().stream().filter(e -> v.value.apply(e) != null).toList();
                for (Map.Entry<List<Object>, List<StudyEntry>> c : StudyRuns.by(withValue, v::fixed).entrySet()) {
                    List<StudyEntry> runs = c.getValue();
                    if (runs.stream().map(v.value).distinct().count() < 2) {
                        continue;
                    }
                    String fixed = StudyRuns.condition(v.fixedNames(), c.getKey());
                    if (!StudyRuns.sameSites(runs)) {
                        notes.add("group " + g.getKey() + " (" + v.label + ", " + fixed + ") left out: its runs have"
                                + " different numbers of sites (" + StudyRuns.depths(runs) + ")");
                        continue;
                    }
                    SiteSpread s = SiteSpread.of(runs.stream().map(StudyRuns::scores).toList());
                    String values = String.join(" ", runs.stream().map(e -> String.valueOf(v.value.apply(e)))
                            .toList());
                    summary.row(g.getKey(), v.label, fixed, s.runs(), values, s.sites(), s.meanStd(), s.maxStd());
                    List<SiteResult> sites = runs.get(0).signature().sites();
                    for (int i = 0; i < s.sites(); i++) {
                        perSite.row(g.getKey(), v.label, fixed, i, sites.get(i).name(), s.mean()[i], s.std()[i],
                                s.min()[i], s.max()[i]);
                    }
                    figures.add(figure(g.getKey(), v, fixed, runs, s, figures.size()));
                }
            }
        }
        if (figures.isEmpty()) {
            return StudyAnalysis.skip(NAME, notes.isEmpty() ? "no group has runs that differ only in batch_size or "
                    + "only in shuffle seed (with dataset and checkpoint equal)" : String.join("; ", notes));
        }
        String description = "Runs of one group that differ in the batch size only, or in the training seed only "
                + "(dataset, checkpoint and the other setting equal): every run's per-site mean scores, and their "
                + "mean ± std (population) over the runs as a grey band. mean_std is the mean over sites of the "
                + "per-site std." + (notes.isEmpty() ? "" : " " + DatasetDeviations.capitalised(String.join("; ",
                notes)) + ".");
        return StudyAnalysis.shown(NAME, new ReportSection("run-spread", NAME, description,
                List.of(summary.build(), perSite.build()), figures));
    }

    private static Figure figure(String group, Varied v, String fixed, List<StudyEntry> runs, SiteSpread s,
            int index) {
        double[] x = new double[s.sites()];
        double[] lower = new double[x.length];
        double[] upper = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            lower[i] = s.mean()[i] - s.std()[i];
            upper[i] = s.mean()[i] + s.std()[i];
        }
        List<Figure.Series> series = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            series.add(new Figure.Series(v.label + " " + v.value.apply(runs.get(r)), x, StudyRuns.scores(runs.get(r)),
                    Figure.Style.LINE, r));
        }
        series.add(new Figure.Series("mean", x, s.mean(), Figure.Style.LINE_AND_MARKERS, -1));
        String name = "run_spread_" + index + "_" + FileNames.safe(group) + "_" + v.name().toLowerCase(
                java.util.Locale.ROOT);
        return new Figure.Lines(name, group + ": signature over " + runs.size() + " " + v.label + "s (" + fixed
                + ")", "site (execution order)", "affinity score", series, List.of(new Figure.Band("mean ± std", x,
                lower, upper)), 0.0, 1.05, 860, 420);
    }
}
