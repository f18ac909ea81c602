package org.nlsig.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nlsig.math.analysis.DatasetDeviation;
import org.nlsig.math.analysis.SiteSpread;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/**
 * Figure 15: per group, the deviation of each dataset's signature from the reference dataset's, among runs that
 * differ in the dataset only (checkpoint, batch size and seed equal). A dataset with several such runs (repeats) is
 * represented by their per-site mean.
 */
final class DatasetDeviations {
    static final String NAME = "Dataset deviation (Figure 15)";
    /** The paper's reference, used when no reference is given and a group has runs on it. */
    static final String DEFAULT_REFERENCE = "imagenet";

    private DatasetDeviations() {
    }

    /** @param reference the reference dataset; null for imagenet where present, else each group's first dataset */
    static StudyAnalysis of(List<StudyEntry> entries, String reference) {
        Table.Builder t = Table.builder("dataset_deviation", "Deviation of each dataset's signature from the reference"
                + " dataset's, per group", "group", "fixed", "reference", "dataset", "runs", "sites", "euclidean",
                "dtw");
        List<String> notes = new ArrayList<>();
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Set<String> compared = new LinkedHashSet<>();
        Set<String> references = new LinkedHashSet<>();
        List<String> fixedNames = List.of("checkpoint", "batch size", "seed");
        for (Map.Entry<String, List<StudyEntry>> g : StudyRuns.by(entries, StudyRuns::group).entrySet()) {
            Map<List<Object>, List<StudyEntry>> conditions = StudyRuns.by(g.getValue().stream()
                    .filter(e -> e.dataset() != null).toList(), e -> Arrays.asList(e.checkpoint(), e.batchSize(),
                    e.seed()));
            for (Map.Entry<List<Object>, List<StudyEntry>> c : conditions.entrySet()) {
                String fixed = StudyRuns.condition(fixedNames, c.getKey());
                String label = conditions.size() == 1 ? g.getKey() : g.getKey() + " (" + fixed + ")";
                Map<String, List<StudyEntry>> byDataset = StudyRuns.by(c.getValue(), StudyEntry::dataset);
                if (byDataset.size() < 2) {
                    continue;
                }
                String ref = reference(byDataset.keySet(), reference);
                if (ref == null) {
                    notes.add(label + " has no run on the reference dataset " + reference);
                    continue;
                }
                List<StudyEntry> runs = c.getValue();
                if (!StudyRuns.sameSites(runs)) {
                    notes.add(label + " left out: its runs have different numbers of sites ("
                            + StudyRuns.depths(runs) + ")");
                    continue;
                }
                Map<String, double[]> signatures = new LinkedHashMap<>();
                byDataset.forEach((d, rs) -> signatures.put(d, SiteSpread.of(rs.stream().map(StudyRuns::scores)
                        .toList()).mean()));
                for (DatasetDeviation.Deviation d : DatasetDeviation.fromReference(signatures, ref)) {
                    t.row(g.getKey(), fixed, ref, d.dataset(), byDataset.get(d.dataset()).size(), d.sites(),
                            d.euclidean(), d.dtw());
                    bars.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(d.dataset(), d.euclidean());
                    compared.add(d.dataset());
                }
                references.add(ref);
            }
        }
        if (bars.isEmpty()) {
            String why = notes.isEmpty() ? "no group has runs on two or more datasets (columns group and dataset) "
                    + "with checkpoint, batch size and seed equal"
                    : String.join("; ", notes);
            return StudyAnalysis.skip(NAME, why);
        }
        List<String> groups = new ArrayList<>(bars.keySet());
        List<double[]> values = new ArrayList<>();
        for (String d : compared) {
            values.add(groups.stream().mapToDouble(g -> bars.get(g).getOrDefault(d, Double.NaN)).toArray());
        }
        Figure fig = new Figure.Bars("dataset_deviation", "Deviation from the " + String.join("/", references)
                + " signature (Figure 15)", "Euclidean distance", groups,
                new ArrayList<>(compared), values, 0.0, null, Math.max(640, 90 * groups.size() * compared.size()
                        + 200), 440);
        String description = "For each group, among runs with checkpoint, batch size and seed equal, the Euclidean "
                + "distance between the per-site mean scores on each dataset and on the reference dataset (the "
                + "paper's caption), and the DTW distance (its text). A dataset with several such runs is their "
                + "per-site mean." + (notes.isEmpty() ? ""
                : " " + capitalised(String.join("; ", notes)) + ".");
        return StudyAnalysis.shown(NAME, new ReportSection("dataset-deviation", NAME, description,
                List.of(t.build()), List.of(fig)));
    }

    /** The given reference when the group has it; otherwise (none given) imagenet if present, else the first. */
    static String reference(Set<String> datasets, String given) {
        if (given != null) {
            return datasets.contains(given) ? given : null;
        }
        for (String d : datasets) {
            if (d.toLowerCase(Locale.ROOT).equals(DEFAULT_REFERENCE)) {
                return d;
            }
        }
        return datasets.iterator().next();
    }

    static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
