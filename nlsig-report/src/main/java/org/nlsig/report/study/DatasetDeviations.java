package org.nlsig.report.study;

import java.util.ArrayList;
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
 * Figure 15: per group, the deviation of each dataset's signature from the reference dataset's. A dataset with
 * several runs in a group (seeds, batch sizes) is represented by their per-site mean.
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
                + " dataset's, per group", "group", "reference", "dataset", "runs", "sites", "euclidean", "dtw");
        List<String> notes = new ArrayList<>();
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Set<String> compared = new LinkedHashSet<>();
        Set<String> references = new LinkedHashSet<>();
        for (Map.Entry<String, List<StudyEntry>> g : StudyRuns.by(entries, StudyRuns::group).entrySet()) {
            Map<String, List<StudyEntry>> byDataset = StudyRuns.by(g.getValue(), StudyEntry::dataset);
            if (byDataset.size() < 2) {
                continue;
            }
            String ref = reference(byDataset.keySet(), reference);
            if (ref == null) {
                notes.add("group " + g.getKey() + " has no run on the reference dataset " + reference);
                continue;
            }
            List<StudyEntry> runs = byDataset.values().stream().flatMap(List::stream).toList();
            if (!StudyRuns.sameSites(runs)) {
                notes.add("group " + g.getKey() + " left out: its runs have different numbers of sites ("
                        + StudyRuns.depths(runs) + ")");
                continue;
            }
            Map<String, double[]> signatures = new LinkedHashMap<>();
            byDataset.forEach((d, rs) -> signatures.put(d, SiteSpread.of(rs.stream().map(StudyRuns::scores)
                    .toList()).mean()));
            for (DatasetDeviation.Deviation d : DatasetDeviation.fromReference(signatures, ref)) {
                t.row(g.getKey(), ref, d.dataset(), byDataset.get(d.dataset()).size(), d.sites(), d.euclidean(),
                        d.dtw());
                bars.computeIfAbsent(g.getKey(), k -> new LinkedHashMap<>()).put(d.dataset(), d.euclidean());
                compared.add(d.dataset());
            }
            references.add(ref);
        }
        if (bars.isEmpty()) {
            String why = notes.isEmpty() ? "no group has runs on two or more datasets (columns group and dataset)"
                    : String.join("; ", notes);
            return StudyAnalysis.skip(NAME, why);
        }
        List<String> groups = new ArrayList<>(bars.keySet());
        List<double[]> values = new ArrayList<>();
        for (String d : compared) {
            values.add(groups.stream().mapToDouble(g -> bars.get(g).getOrDefault(d, Double.NaN)).toArray());
        }
        Figure fig = new Figure.Bars("dataset_deviation", "Euclidean distance of each dataset's signature from the "
                + String.join("/", references) + " signature (Figure 15)", "Euclidean distance", groups,
                new ArrayList<>(compared), values, 0.0, null, Math.max(640, 90 * groups.size() * compared.size()
                        + 200), 440);
        String description = "For each group, the Euclidean distance between the per-site mean scores on each dataset"
                + " and on the reference dataset (the paper's caption), and the DTW distance (its text). A dataset"
                + " with several runs in a group is their per-site mean." + (notes.isEmpty() ? ""
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
