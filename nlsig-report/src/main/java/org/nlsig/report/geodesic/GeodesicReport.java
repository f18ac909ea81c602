package org.nlsig.report.geodesic;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.FileNames;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;
import org.nlsig.signature.geodesic.GeodesicResult;

/** The geodesic metrics of several models as a report section: one table of every scored span, each model's tracks. */
public final class GeodesicReport {
    private GeodesicReport() {
    }

    /**
     * @param names   the models' labels, one per result
     * @param results each model's geodesic run
     * @param settings what the runs measured and why (the track, flattening, segments), for the section's text
     */
    public static ReportSection section(List<String> names, List<GeodesicResult> results, String settings) {
        if (names.size() != results.size() || names.isEmpty()) {
            throw new IllegalArgumentException(names.size() + " names for " + results.size() + " geodesic results");
        }
        Table.Builder t = Table.builder("geodesic_metrics", "Line-shape score (LSS, per sample) and optimal-transport "
                + "score (OTS) of each scored span of the data track", "model", "from", "to", "first_tensor",
                "last_tensor", "samples", "lss_mean", "lss_std", "lss_median", "lss_infinite", "ots", "ots_matched");
        List<Figure> figures = new ArrayList<>();
        for (int k = 0; k < results.size(); k++) {
            GeodesicResult r = results.get(k);
            for (GeodesicResult.Scores s : spans(r)) {
                t.row(names.get(k), s.from(), s.to(), s.tensors().get(0), s.tensors().get(s.tensors().size() - 1),
                        s.ots().samples(), s.lssSummary().mean(), s.lssSummary().std(), s.lssSummary().median(),
                        s.lssSummary().infinite(), s.ots().score(), s.ots().matched());
            }
            figures.add(GeodesicFigures.tracks(r, "geodesic_" + FileNames.safe(names.get(k)),
                    names.get(k) + ": data tracks on their first two principal components"));
        }
        return new ReportSection("geodesic", "Geodesic metrics of the data track",
                "LSS walks a sample's track in unit steps and divides the number of steps by the distance the walk "
                        + "covers (1: a straight path; docs/geodesic.md); OTS is the share of samples the network maps "
                        + "where the optimal transport between the first and last positions would. " + settings,
                List.of(t.build()), figures);
    }

    /** The whole track when it was scored as one, else its segments. */
    static List<GeodesicResult.Scores> spans(GeodesicResult r) {
        return r.whole() != null ? List.of(r.whole()) : r.segments();
    }
}
