package org.nlsig.report.geodesic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nlsig.report.figure.Figure;
import org.nlsig.signature.geodesic.GeodesicResult;

/** The figure of a geodesic run: one panel per projection (the whole track, or each segment), each track a line. */
public final class GeodesicFigures {
    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 480;

    private GeodesicFigures() {
    }

    /** Every drawn track of every projection, from x(0), on its first two principal components. */
    public static Figure tracks(GeodesicResult r) {
        return tracks(r, "geodesic", "data tracks");
    }

    /** As {@link #tracks(GeodesicResult)}, named and titled (a page showing several models' tracks). */
    public static Figure tracks(GeodesicResult r, String name, String title) {
        List<Figure> panels = new ArrayList<>();
        for (GeodesicResult.Projection p : r.projection()) {
            List<Figure.Series> series = new ArrayList<>();
            for (int t = 0; t < p.tracks().size(); t++) {
                List<List<Double>> pts = p.tracks().get(t);
                double[] x = new double[pts.size()];
                double[] y = new double[pts.size()];
                for (int l = 0; l < pts.size(); l++) {
                    x[l] = pts.get(l).get(0);
                    y[l] = pts.get(l).get(1);
                }
                series.add(new Figure.Series("sample " + p.samples().get(t), x, y, Figure.Style.LINE_AND_MARKERS, t));
            }
            // where each track starts and ends, so a reader sees the direction of travel
            series.add(endpoints("start", p, 0, p.tracks().size()));
            series.add(endpoints("end", p, -1, p.tracks().size() + 1));
            String panelTitle = String.format(Locale.ROOT, "positions %d..%d (%s .. %s)", p.from(), p.to(),
                    shortName(r.track().tensors().get(p.from()).name()),
                    shortName(r.track().tensors().get(p.to()).name()));
            panels.add(new Figure.Lines("geodesic_" + p.from() + "_" + p.to(), panelTitle,
                    String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.explainedRatio().get(0)),
                    String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * p.explainedRatio().get(1)), series, List.of(),
                    null, null, PANEL_WIDTH, PANEL_HEIGHT));
        }
        return new Figure.Grid(name, title, panels, panels.size(), PANEL_WIDTH * panels.size(),
                PANEL_HEIGHT);
    }

    /** The first (position 0) or last (position -1) point of every track, as markers. */
    private static Figure.Series endpoints(String label, GeodesicResult.Projection p, int position, int colour) {
        double[] x = new double[p.tracks().size()];
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            List<List<Double>> pts = p.tracks().get(t);
            List<Double> pt = pts.get(position < 0 ? pts.size() - 1 : position);
            x[t] = pt.get(0);
            y[t] = pt.get(1);
        }
        return new Figure.Series(label, x, y, Figure.Style.MARKERS, colour);
    }

    /** The last two path parts of an exporter's tensor name, enough to tell positions apart in a title. */
    static String shortName(String tensor) {
        String[] parts = tensor.split("/");
        return parts.length <= 2 ? tensor : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
