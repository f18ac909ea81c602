package org.nlsig.report.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Grouping and labelling of study runs, shared by the analyses. */
final class StudyRuns {
    /** The group of runs that give no group: they are compared with one another. */
    static final String NO_GROUP = "(no group)";

    private StudyRuns() {
    }

    static String group(StudyEntry e) {
        return e.group() == null || e.group().isBlank() ? NO_GROUP : e.group();
    }

    /** The entries partitioned by a key, keys and entries in their first order; entries with a null key left out. */
    static <K> Map<K, List<StudyEntry>> by(List<StudyEntry> entries, Function<StudyEntry, K> key) {
        Map<K, List<StudyEntry>> out = new LinkedHashMap<>();
        for (StudyEntry e : entries) {
            K k = key.apply(e);
            if (k != null) {
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** The run's per-site mean affinity scores. */
    static double[] scores(StudyEntry e) {
        return e.signature().meanScores();
    }

    /** Names made distinct ({@code name#2} for a repeated one), in order. */
    static List<String> labels(List<StudyEntry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (StudyEntry e : entries) {
            int k = seen.merge(e.name(), 1, Integer::sum);
            out.add(k == 1 ? e.name() : e.name() + "#" + k);
        }
        return out;
    }

    /** Whether every run has the same number of sites (what site-by-site comparisons need). */
    static boolean sameSites(List<StudyEntry> entries) {
        return entries.stream().map(e -> e.signature().sites().size()).distinct().count() <= 1;
    }

    /** "resnet50: 12, 14 sites" for a message about runs that differ in depth. */
    static String depths(List<StudyEntry> entries) {
        return String.join(", ", entries.stream().map(e -> e.name() + " " + e.signature().sites().size())
                .toList());
    }

    /** A label for a condition: "dataset cifar10, seed 1" (the fields that are known). */
    static String condition(List<String> names, List<Object> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) != null) {
                parts.add(names.get(i) + " " + values.get(i));
            }
        }
        return parts.isEmpty() ? "all runs" : String.join(", ", parts);
    }
}
