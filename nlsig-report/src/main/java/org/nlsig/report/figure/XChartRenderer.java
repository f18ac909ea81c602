package org.nlsig.report.figure;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link Figure}s with XChart: PNG through Java2D, SVG through VectorGraphics2D (the vector back end XChart
 * itself uses). Boxes and dendrograms, which XChart lacks, are painted by {@link CategoryPlotPainter} on the same
 * Graphics2D. Stateless and thread-safe.
 */
final class XChartRenderer implements FigureRenderer {
    /** matplotlib's tab10, so figures look like the paper's. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};
    private static final Color GREY = new Color(0x999999);
    private static final int GRID_TITLE_HEIGHT = 32;

    @Override
    public byte[] png(Figure figure) {
        BufferedImage image = new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g, figure);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] svg(Figure figure) {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g, figure);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, figure.width(), figure.height()))
                    .writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void paint(Graphics2D g, Figure figure) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, figure.width(), figure.height());
        if (figure instanceof Figure.Grid grid) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            int tw = g.getFontMetrics().stringWidth(grid.title());
            g.drawString(grid.title(), Math.max(4, (grid.width() - tw) / 2), 22);
            int cw = grid.width() / grid.columns();
            int ch = (grid.height() - GRID_TITLE_HEIGHT) / grid.rows();
            for (int k = 0; k < grid.panels().size(); k++) {
                Graphics2D panel = (Graphics2D) g.create((k % grid.columns()) * cw,
                        GRID_TITLE_HEIGHT + (k / grid.columns()) * ch, cw, ch);
                try {
                    paintSingle(panel, grid.panels().get(k), cw, ch);
                } finally {
                    panel.dispose();
                }
            }
            return;
        }
        paintSingle(g, figure, figure.width(), figure.height());
    }

    private void paintSingle(Graphics2D g, Figure f, int width, int height) {
        if (f instanceof Figure.Boxes b) {
            paintBoxes(g, b, width, height);
        } else if (f instanceof Figure.Dendrogram d) {
            paintDendrogram(g, d, width, height);
        } else if (f instanceof Figure.Raster r) {
            paintRaster(g, r, width, height);
        } else {
            chart(f, width, height).paint(g, width, height);
        }
    }

    private static void paintBoxes(Graphics2D g, Figure.Boxes f, int width, int height) {
        double lo = f.yMin() != null ? f.yMin() : Double.POSITIVE_INFINITY;
        double hi = f.yMax() != null ? f.yMax() : Double.NEGATIVE_INFINITY;
        for (Figure.Box b : f.boxes()) {
            if (f.yMin() == null && Double.isFinite(b.min())) {
                lo = Math.min(lo, b.min());
            }
            if (f.yMax() == null && Double.isFinite(b.max())) {
                hi = Math.max(hi, b.max());
            }
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        CategoryPlotPainter p = CategoryPlotPainter.frame(g, width, height, f.title(), f.yAxis(),
                f.boxes().stream().map(Figure.Box::label).toList(), lo, hi);
        Color col = PALETTE[0];
        double half = 0.3;
        for (int i = 0; i < f.boxes().size(); i++) {
            Figure.Box b = f.boxes().get(i);
            if (!Double.isFinite(b.median())) {
                continue;
            }
            p.line(i, b.min(), i, b.q1(), col, 1.2f);
            p.line(i, b.q3(), i, b.max(), col, 1.2f);
            p.line(i - half / 2, b.min(), i + half / 2, b.min(), col, 1.2f);
            p.line(i - half / 2, b.max(), i + half / 2, b.max(), col, 1.2f);
            p.box(i - half, b.q1(), i + half, b.q3(), translucent(col, 90), col);
            p.line(i - half, b.median(), i + half, b.median(), PALETTE[1], 2f);
        }
        if (Double.isFinite(f.reference())) {
            p.line(-0.5, f.reference(), f.boxes().size() - 0.5, f.reference(), PALETTE[3], 1.2f);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.setColor(PALETTE[3]);
            g.drawString(f.referenceLabel(), (float) p.px(-0.45), (float) p.py(f.reference()) - 3f);
        }
    }

    private static void paintDendrogram(Graphics2D g, Figure.Dendrogram f, int width, int height) {
        double hi = 0;
        for (double[] link : f.links()) {
            hi = Math.max(hi, link[4]);
        }
        CategoryPlotPainter p = CategoryPlotPainter.frame(g, width, height, f.title(), f.yAxis(), f.leafLabels(),
                0, hi > 0 ? hi * 1.05 : 1);
        for (double[] link : f.links()) {
            p.line(link[0], link[1], link[0], link[4], PALETTE[0], 1.5f);
            p.line(link[0], link[4], link[2], link[4], PALETTE[0], 1.5f);
            p.line(link[2], link[4], link[2], link[3], PALETTE[0], 1.5f);
        }
    }

    /** The raster as square-ish cells under its title, grey levels from white (lower) to black (upper). */
    private static void paintRaster(Graphics2D g, Figure.Raster f, int width, int height) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int tw = g.getFontMetrics().stringWidth(f.title());
        g.drawString(f.title(), Math.max(2, (width - tw) / 2), 16);
        double[][] v = f.values();
        int rows = v.length;
        int cols = v[0].length;
        int top = 24;
        double cell = Math.max(1, Math.min((width - 8.0) / cols, (height - top - 4.0) / rows));
        double left = (width - cell * cols) / 2;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double t = (v[i][j] - f.lower()) / (f.upper() - f.lower());
                int grey = Double.isFinite(t) ? (int) Math.round(255 * (1 - Math.min(1, Math.max(0, t)))) : 255;
                g.setColor(new Color(grey, grey, grey));
                // row 0 at the bottom; cells overlap by a pixel's fraction so no seams show between them
                double x = left + j * cell;
                double y = top + (rows - 1 - i) * cell;
                g.fill(new java.awt.geom.Rectangle2D.Double(x, y, cell + 0.5, cell + 0.5));
            }
        }
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(new java.awt.geom.Rectangle2D.Double(left, top, cell * cols, cell * rows));
    }

    private Chart<?, ?> chart(Figure f, int width, int height) {
        if (f instanceof Figure.Lines l) {
            return lines(l, width, height);
        } else if (f instanceof Figure.Heatmap h) {
            return heatmap(h, width, height);
        } else if (f instanceof Figure.Bars b) {
            return bars(b, width, height);
        }
        throw new IllegalArgumentException("figure " + f.name() + " (" + f.getClass().getSimpleName()
                + ") is not drawn as an XChart chart");
    }

    private static XYChart xy(String title, String xAxis, String yAxis, int width, int height) {
        XYChart c = new XYChart(width, height);
        c.setTitle(title);
        c.setXAxisTitle(xAxis);
        c.setYAxisTitle(yAxis);
        style(c.getStyler());
        c.getStyler().setMarkerSize(5);
        c.getStyler().setSeriesLines(new BasicStroke[] {new BasicStroke(1.5f)});
        return c;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.DARK_GRAY);
        s.setPlotGridLinesColor(new Color(0xe5e5e5));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        // ticks rounded: without a pattern an axis whose end is a data extreme prints all 17 digits of it
        s.setYAxisDecimalPattern("#,##0.###");
        s.setXAxisDecimalPattern("#,##0.###");
    }

    private static Color colour(int index) {
        return index < 0 ? GREY : PALETTE[index % PALETTE.length];
    }

    private static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private XYChart lines(Figure.Lines f, int width, int height) {
        XYChart c = xy(f.title(), f.xAxis(), f.yAxis(), width, height);
        if (f.yMin() != null) {
            c.getStyler().setYAxisMin(f.yMin());
        }
        if (f.yMax() != null) {
            c.getStyler().setYAxisMax(f.yMax());
        }
        boolean legend = false;
        for (Figure.Band b : f.bands()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < b.x().length; i++) {
                if (Double.isFinite(b.upper()[i]) && Double.isFinite(b.x()[i])) {
                    xs.add(b.x()[i]);
                    ys.add(b.upper()[i]);
                }
            }
            for (int i = b.x().length - 1; i >= 0; i--) {
                if (Double.isFinite(b.lower()[i]) && Double.isFinite(b.x()[i])) {
                    xs.add(b.x()[i]);
                    ys.add(b.lower()[i]);
                }
            }
            if (xs.size() < 3) {
                continue;
            }
            XYSeries s = c.addSeries(b.label(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            s.setFillColor(new Color(0, 0, 0, 40));
            s.setLineColor(new Color(0, 0, 0, 0));
            s.setMarker(SeriesMarkers.NONE);
            legend = true;
        }
        for (Figure.Series series : f.series()) {
            double[][] p = finitePoints(series.x(), series.y());
            if (p[0].length == 0) {
                continue;
            }
            XYSeries s = c.addSeries(series.label(), p[0], p[1]);
            Color col = colour(series.colour());
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setMarker(SeriesMarkers.CIRCLE);
            switch (series.style()) {
                case LINE -> {
                    s.setMarker(SeriesMarkers.NONE);
                    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                }
                case MARKERS -> s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                case LINE_AND_MARKERS -> s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                case STEP -> {
                    s.setMarker(SeriesMarkers.NONE);
                    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
                }
            }
            if (series.colour() < 0) {
                s.setLineWidth(1f);
                s.setShowInLegend(false);
            } else {
                legend = true;
            }
        }
        c.getStyler().setLegendVisible(legend && f.series().size() + f.bands().size() > 1);
        ensureNotEmpty(c);
        return c;
    }

    private HeatMapChart heatmap(Figure.Heatmap f, int width, int height) {
        // the builder, unlike the plain constructor, installs the theme's styles (range colours, fonts)
        HeatMapChart c = new HeatMapChartBuilder().width(width).height(height).build();
        c.setTitle(f.title());
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setShowValue(f.labels().size() <= 12);
        c.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setValueFontColor(Color.BLACK);
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setXAxisLabelRotation(90);
        // Light ends, so the black cell labels stay readable on every cell (the darker RdYlBu ends hid them).
        c.getStyler().setRangeColors(new Color[] {new Color(0x91bfdb), new Color(0xe0f3f8), new Color(0xffffbf),
            new Color(0xfee090), new Color(0xfc8d59)});
        // the colour bar's end labels are the data's extremes: rounded like the cells

        List<Number[]> cells = new ArrayList<>();
        int n = f.labels().size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // XChart's y axis grows upwards: put the first label at the top, as a matrix is read
                cells.add(new Number[] {j, n - 1 - i, f.values()[i][j]});
            }
        }
        List<String> reversed = new ArrayList<>(f.labels());
        java.util.Collections.reverse(reversed);
        org.knowm.xchart.HeatMapSeries series = c.addSeries(f.title(), f.labels(), reversed, cells);
        // XChart labels the colour bar with the range's ends in full (0.1749406111198874): give it ends rounded
        // outwards to two decimals, as the cells are labelled
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : f.values()) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo <= hi) {
            series.setMin(Math.floor(lo * 100) / 100);
            series.setMax(Math.ceil(hi * 100) / 100);
        }
        return c;
    }

    private CategoryChart bars(Figure.Bars f, int width, int height) {
        CategoryChart c = new CategoryChart(width, height);
        c.setTitle(f.title());
        c.setYAxisTitle(f.yAxis());
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setXAxisLabelRotation(f.categories().size() > 6 ? 45 : 0);
        if (f.yMin() != null) {
            c.getStyler().setYAxisMin(f.yMin());
        }
        if (f.yMax() != null) {
            c.getStyler().setYAxisMax(f.yMax());
        }
        c.getStyler().setSeriesColors(PALETTE);
        for (int s = 0; s < f.seriesLabels().size(); s++) {
            List<Number> v = new ArrayList<>();
            for (double x : f.values().get(s)) {
                v.add(Double.isFinite(x) ? x : 0.0);
            }
            c.addSeries(f.seriesLabels().get(s), f.categories(), v);
        }
        return c;
    }

    private static void ensureNotEmpty(XYChart c) {
        if (c.getSeriesMap().isEmpty()) {
            XYSeries s = c.addSeries("no data", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
        }
    }

    private static double[][] finitePoints(double[] x, double[] y) {
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                k++;
            }
        }
        double[] fx = new double[k];
        double[] fy = new double[k];
        k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        return new double[][] {fx, fy};
    }
}
