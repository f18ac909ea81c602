package org.nlsig.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nlsig.math.analysis.CheckpointOrder;
import org.nlsig.math.analysis.DatasetDeviation;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/**
 * Figure 9: per group, the signatures at successive training checkpoints (at initialisation and after training in
 * the paper), ordered numerically when the checkpoints are numbers.
 */
final class CheckpointSeries {
    static final String NAME = "Signature over training (Figure 9)";

    private CheckpointSeries() {
    }

    static StudyAnalysis of(List<StudyEntry> entries) {
        Table.Builder t = Table.builder("checkpoints", "Signatures over checkpoints, in checkpoint order", "group",
                "fixed", "checkpoint", "run", "sites", "mean", "median", "min", "max", "euclidean_to_last");
        List<Figure> figures = new ArrayList<>();
        List<String> fixedNames = List.of("dataset", "batch size", "seed");
        for (Map.Entry<String, List<StudyEntry>> g : StudyRuns.by(entries, StudyRuns::group).entrySet()) {
            List<StudyEntry> withCheckpoint = g.getValue().stream().filter(e -> e.checkpoint() != null).toList();
            Map<List<Object>, List<StudyEntry>> conditions = StudyRuns.by(withCheckpoint,
                    e -> Arrays.asList(e.dataset(), e.batchSize(), e.seed()));
            for (Map.Entry<List<Object>, List<StudyEntry>> c : conditions.entrySet()) {
                List<StudyEntry> runs = c.getValue();
                if (runs.stream().map(StudyEntry::checkpoint).distinct().count() < 2) {
                    continue;
                }
                int[] order = CheckpointOrder.order(runs.stream().map(StudyEntry::checkpoint).toList());
                List<StudyEntry> ordered = Arrays.stream(order).mapToObj(runs::get).toList();
                double[] last = StudyRuns.scores(ordered.get(ordered.size() - 1));
                String fixed = StudyRuns.condition(fixedNames, c.getKey());
                List<Figure.Series> series = new ArrayList<>();
                for (int k = 0; k < ordered.size(); k++) {
                    StudyEntry e = ordered.get(k);
                    double[] s = StudyRuns.scores(e);
                    SummaryStatistics st = SummaryStatistics.of(s);
                    double toLast = s.length == last.length ? DatasetDeviation.euclidean(s, last) : Double.NaN;
                    t.row(g.getKey(), fixed, e.checkpoint(), e.name(), s.length, st.mean(), st.median(), st.min(),
                            st.max(), toLast);
                    double[] x = new double[s.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = i;
                    }
                    series.add(new Figure.Series("checkpoint " + e.checkpoint(), x, s, Figure.Style.LINE_AND_MARKERS,
                            k));
                }
                String name = "checkpoints_" + figures.size() + "_" + FileNames.safe(g.getKey());
                figures.add(new Figure.Lines(name, g.getKey() + ": signature at each checkpoint (" + fixed + ")",
                        "site (execution order)", "affinity score", series, List.of(), 0.0, 1.05, 860, 420));
            }
        }
        if (figures.isEmpty()) {
            return StudyAnalysis.skip(NAME, "no group has runs at two or more checkpoints (column checkpoint) with "
                    + "dataset, batch size and seed equal");
        }
        return StudyAnalysis.shown(NAME, new ReportSection("checkpoints", NAME, "The signatures of one group's runs "
                + "at successive checkpoints (dataset, batch size and seed equal), ordered by value when every "
                + "checkpoint is a number (epochs, steps), else in the study's order; euclidean_to_last is the "
                + "distance to the last checkpoint's signature.", List.of(t.build()), figures));
    }
}
