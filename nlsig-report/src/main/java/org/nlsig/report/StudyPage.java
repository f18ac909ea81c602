package org.nlsig.report;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.compare.ComparisonReport;
import org.nlsig.report.compare.ModelMetadata;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;
import org.nlsig.report.study.StudyEntry;
import org.nlsig.report.study.StudyReport;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.study.StudyRow;
import org.nlsig.signature.study.StudyRun;

/**
 * The page {@code nlsig study} writes: the table of runs, then the comparison of every finished run (the report of
 * {@code nlsig compare}, each signature labelled with its run's name, family, year and accuracy from STUDY.csv), then
 * the study analyses ({@link StudyReport}). Only finished runs (published, complete sets) are entries: an interrupted
 * or failed run never appears as one.
 */
public final class StudyPage {

    private StudyPage() {
    }

    /**
     * The finished runs as the study analyses take them. The row's accuracy, else the run's measured top-1; the
     * row's shuffle seed is the entry's seed: runs of one model that differ in it are the runs over seeds whose spread
     * the analyses measure.
     */
    public static List<StudyEntry> entries(StudyRun.Result result) {
        List<StudyEntry> out = new ArrayList<>();
        for (StudyRun.Outcome o : result.finished()) {
            StudyRow row = o.row();
            StudyRow.Facts f = row.facts();
            Signature s = o.signature();
            Double accuracy = f.accuracy() != null ? f.accuracy()
                    : s.accuracy() != null ? Double.valueOf(s.accuracy().top1()) : null;
            out.add(new StudyEntry(row.name(), f.family(), f.group(), f.dataset(), f.checkpoint(), row.batchSize(),
                    row.shuffle(), f.year(), accuracy, s));
        }
        return out;
    }

    /** The page's title. */
    public static String title(List<StudyEntry> entries) {
        return "Study of " + entries.size() + " non-linearity signature" + (entries.size() == 1 ? "" : "s");
    }

    /**
     * @param entries the finished runs, in STUDY.csv's order (at least one)
     * @param skipped receives one line per study analysis the runs do not support
     */
    public static List<ReportSection> sections(List<StudyEntry> entries, LinkageMethod linkage,
            java.util.function.Consumer<String> skipped) {
        List<ReportSection> sections = new ArrayList<>();
        sections.add(runs(entries));
        List<Signature> labelled = new ArrayList<>();
        List<ModelMetadata> meta = new ArrayList<>();
        for (StudyEntry e : entries) {
            labelled.add(labelledByRun(e));
            meta.add(new ModelMetadata(e.name(), e.family(), e.year(),
                    e.accuracy() == null ? Double.NaN : e.accuracy(), Double.NaN, Double.NaN));
        }
        sections.addAll(ComparisonReport.sections(Comparison.of(labelled, meta, linkage)));
        // ---- STUDY ANALYSES ------------------------------------------------------------------------------------
        // The one place where the study's own analyses (org.nlsig.report.study) add their sections; a new analysis
        // is added to StudyReport.of, not here.
        StudyReport analyses = StudyReport.of(entries, new StudyReport.Options(null, linkage));
        sections.addAll(analyses.sections());
        analyses.skipped().forEach(skipped);
        // ---------------------------------------------------------------------------------------------------------
        return sections;
    }

    private static ReportSection runs(List<StudyEntry> entries) {
        Table.Builder t = Table.builder("study_runs", "The study's finished runs", "name", "group", "dataset",
                "checkpoint", "batch_size", "seed", "family", "year", "accuracy", "model", "batches", "sites");
        for (StudyEntry e : entries) {
            Signature s = e.signature();
            t.row(e.name(), text(e.group()), text(e.dataset()), text(e.checkpoint()), e.batchSize(),
                    e.seed() == null ? "" : e.seed().toString(), text(e.family()),
                    e.year() == null ? "" : e.year().toString(), e.accuracy() == null ? Double.NaN : e.accuracy(),
                    s.model().name(), s.data().batches(), s.sites().size());
        }
        return new ReportSection("runs", "Runs", "Every run of STUDY.csv that finished (its signature.json is in"
                + " runs/NAME/); failed and unfinished rows are listed in summary.csv.", List.of(t.build()),
                List.of());
    }

    /** The signature named by its run, so the comparison's labels (and models.csv's matching) are the runs'. */
    static Signature labelledByRun(StudyEntry e) {
        Signature s = e.signature();
        ModelInfo m = s.model();
        ModelInfo named = new ModelInfo(m.path(), e.name(), m.sha256(), m.externalDataSha256(), m.parameters(),
                m.macsPerSample(), m.nodes(), m.opset());
        return new Signature(named, s.data(), s.config(), s.provenance(), s.accuracy(), s.sites());
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
