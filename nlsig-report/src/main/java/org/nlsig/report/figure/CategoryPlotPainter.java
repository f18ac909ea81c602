package org.nlsig.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * Plots over labelled categories drawn directly with Java2D: box plots from precomputed statistics and dendrograms.
 * XChart has neither (its box chart computes its own statistics and whiskers), and its custom tick labels on xy
 * charts are unreliable (labels vanish, and some spacings never finish laying out), so these two figure types are
 * painted here, with the same fonts and palette, onto the same Graphics2D (bitmap or SVG).
 */
final class CategoryPlotPainter {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private final Graphics2D g;
    private final Rectangle2D.Double plot;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;

    private CategoryPlotPainter(Graphics2D g, Rectangle2D.Double plot, double xMin, double xMax, double yMin,
            double yMax) {
        this.g = g;
        this.plot = plot;
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    double px(double x) {
        return plot.x + (x - xMin) / (xMax - xMin) * plot.width;
    }

    double py(double y) {
        return plot.y + plot.height - (y - yMin) / (yMax - yMin) * plot.height;
    }

    void line(double x1, double y1, double x2, double y2, Color c, float width) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        g.draw(new Line2D.Double(px(x1), py(y1), px(x2), py(y2)));
    }

    void box(double x1, double y1, double x2, double y2, Color fill, Color border) {
        Rectangle2D.Double r = new Rectangle2D.Double(px(x1), py(Math.max(y1, y2)), px(x2) - px(x1),
                Math.abs(py(y1) - py(y2)));
        g.setColor(fill);
        g.fill(r);
        g.setColor(border);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(r);
    }

    /**
     * Paints the frame (title, y axis with ticks and grid, category labels under positions 0 .. n-1) and returns a
     * painter for the content, with x from -0.5 to n - 0.5.
     */
    static CategoryPlotPainter frame(Graphics2D g, int width, int height, String title, String yAxis,
            List<String> labels, double yMin, double yMax) {
        double lo = yMin;
        double hi = yMax;
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(TICK);
        FontMetrics tm = g.getFontMetrics();
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, tm.stringWidth(l));
        }
        int n = Math.max(1, labels.size());
        double left = 70;
        double right = 20;
        double slot = (width - left - right) / n;
        boolean vertical = longest > slot - 4;
        double labelHeight = vertical ? Math.min(longest, height * 0.4) + 8 : tm.getHeight() + 8;
        double top = 36;
        Rectangle2D.Double plot = new Rectangle2D.Double(left, top, width - left - right,
                Math.max(40, height - top - labelHeight - 12));
        CategoryPlotPainter p = new CategoryPlotPainter(g, plot, -0.5, n - 0.5, lo, hi);

        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        int tw = g.getFontMetrics().stringWidth(title);
        g.drawString(title, (float) Math.max(4, (width - tw) / 2.0), 22f);

        g.setFont(TICK);
        double step = niceStep((hi - lo) / 6);
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
            double y = p.py(v);
            g.setColor(new Color(0xe5e5e5));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(plot.x, y, plot.x + plot.width, y));
            g.setColor(Color.DARK_GRAY);
            String s = formatTick(v, step);
            g.drawString(s, (float) (plot.x - 6 - tm.stringWidth(s)), (float) (y + tm.getAscent() / 2.0 - 1));
        }
        g.setColor(Color.DARK_GRAY);
        g.draw(plot);
        g.setFont(AXIS);
        AffineTransform saved = g.getTransform();
        g.translate(18, plot.y + plot.height / 2 + g.getFontMetrics().stringWidth(yAxis) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yAxis, 0f, 0f);
        g.setTransform(saved);

        g.setFont(TICK);
        g.setColor(Color.BLACK);
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            double x = p.px(i);
            if (vertical) {
                AffineTransform t = g.getTransform();
                g.translate(x + tm.getAscent() / 2.0 - 1, plot.y + plot.height + 6);
                g.rotate(Math.PI / 2);
                g.drawString(l, 0f, 0f);
                g.setTransform(t);
            } else {
                g.drawString(l, (float) (x - tm.stringWidth(l) / 2.0), (float) (plot.y + plot.height + 4
                        + tm.getAscent()));
            }
        }
        return p;
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String formatTick(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9) + (step * 2 % 1 == 0.5 ? 1 : 0));
        return String.format(Locale.ROOT, "%." + Math.min(6, decimals) + "f", Math.abs(v) < 1e-12 ? 0 : v);
    }
}
