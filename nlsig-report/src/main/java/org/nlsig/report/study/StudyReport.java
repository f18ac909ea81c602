package org.nlsig.report.study;

import java.util.List;
import java.util.Objects;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.page.ReportSection;

/**
 * The analyses of a study of many runs (the paper's Figures 8, 9, 15, 16, 17 and Table 3), each shown when the runs
 * support it and otherwise skipped with a one-line reason.
 *
 * <pre>{@code
 * StudyReport r = StudyReport.of(entries, StudyReport.Options.defaults());
 * ReportWriter.create().write("Study", intro, r.sections(), outDir);
 * r.skipped().forEach(System.err::println);      // "Signature over training (Figure 9): no group has ..."
 * }</pre>
 *
 * @param analyses every analysis in the paper's order, shown or skipped
 */
public record StudyReport(List<StudyAnalysis> analyses) {

    public StudyReport {
        analyses = List.copyOf(analyses);
    }

    /**
     * @param referenceDataset the dataset the others are compared with in Figure 15; null for {@code imagenet} where a
     *                         group has it, else the group's first dataset
     * @param linkage          how the variants are clustered (Figure 16)
     */
    public record Options(String referenceDataset, LinkageMethod linkage) {
        public Options {
            Objects.requireNonNull(linkage, "linkage");
        }

        /** imagenet (else the first dataset) as the reference, average linkage (the paper's). */
        public static Options defaults() {
            return new Options(null, LinkageMethod.AVERAGE);
        }
    }

    /** Runs every analysis the entries support. */
    public static StudyReport of(List<StudyEntry> entries, Options options) {
        List<StudyEntry> runs = List.copyOf(entries);
        return new StudyReport(List.of(
                DatasetDeviations.of(runs, options.referenceDataset()),
                RunSpreads.of(runs),
                CheckpointSeries.of(runs),
                VariantRobustness.of(runs, options.linkage())));
    }

    /** The sections of the analyses shown, in order. */
    public List<ReportSection> sections() {
        return analyses.stream().filter(StudyAnalysis::isShown).map(StudyAnalysis::section).toList();
    }

    /** One line per skipped analysis: "NAME: reason". */
    public List<String> skipped() {
        return analyses.stream().filter(a -> !a.isShown()).map(a -> a.name() + ": " + a.skipped()).toList();
    }
}
