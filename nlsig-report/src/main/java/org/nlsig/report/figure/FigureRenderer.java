package org.nlsig.report.figure;

/** Draws figures. The one place a charting library is used; {@link XChartRenderer} is the implementation. */
public interface FigureRenderer {

    /** The figure as a PNG image of its width x height pixels. */
    byte[] png(Figure figure);

    /** The figure as a standalone SVG document. */
    byte[] svg(Figure figure);

    /** The default renderer. */
    static FigureRenderer xchart() {
        return new XChartRenderer();
    }
}
