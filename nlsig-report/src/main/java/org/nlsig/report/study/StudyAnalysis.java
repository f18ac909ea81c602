package org.nlsig.report.study;

import java.util.Objects;
import org.nlsig.report.page.ReportSection;

/**
 * The outcome of one analysis of a study: its report section, or the one-line reason the entries do not support it.
 *
 * @param name    the analysis, as the paper names it ("Dataset deviation (Figure 15)")
 * @param section the section; null when skipped
 * @param skipped why it was skipped; null when shown
 */
public record StudyAnalysis(String name, ReportSection section, String skipped) {

    public StudyAnalysis {
        Objects.requireNonNull(name, "name");
        if ((section == null) == (skipped == null)) {
            throw new IllegalArgumentException(name + ": an analysis is either shown or skipped with a reason");
        }
    }

    static StudyAnalysis shown(String name, ReportSection section) {
        return new StudyAnalysis(name, Objects.requireNonNull(section, "section"), null);
    }

    static StudyAnalysis skip(String name, String reason) {
        return new StudyAnalysis(name, null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isShown() {
        return section != null;
    }
}
