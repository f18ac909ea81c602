package org.nlsig.report.figure;

import java.util.List;
import java.util.Objects;

/**
 * What a figure shows, independent of the charting library that draws it ({@link FigureRenderer}). Every figure has
 * a file-system-safe {@code name} (files are {@code name.png} and {@code name.svg}), a title and a size in pixels.
 */
public sealed interface Figure permits Figure.Lines, Figure.Boxes, Figure.Heatmap, Figure.Dendrogram, Figure.Bars,
        Figure.Grid, Figure.Raster {

    String name();

    String title();

    int width();

    int height();

    /** How a series is drawn. */
    enum Style { LINE, MARKERS, LINE_AND_MARKERS, STEP }

    /** A series of points; {@code colour} picks from the renderer's palette (-1: grey, for context lines). */
    record Series(String label, double[] x, double[] y, Style style, int colour) {
        public Series {
            Objects.requireNonNull(label, "label");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + label + "' has " + x.length + " x and " + y.length
                        + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /** A shaded region between lower and upper over x (a mean ± std band). */
    record Band(String label, double[] x, double[] lower, double[] upper) {
        public Band {
            if (x.length != lower.length || x.length != upper.length) {
                throw new IllegalArgumentException("band '" + label + "' needs equal lengths");
            }
            x = x.clone();
            lower = lower.clone();
            upper = upper.clone();
        }
    }

    /** An xy plot; null yMin or yMax leave that end of the y axis to the data. */
    record Lines(String name, String title, String xAxis, String yAxis, List<Series> series, List<Band> bands,
            Double yMin, Double yMax, int width, int height) implements Figure {
        public Lines {
            series = List.copyOf(series);
            bands = List.copyOf(bands);
        }
    }

    /** One box: whiskers min and max, box q1 to q3, a line at the median. */
    record Box(String label, double min, double q1, double median, double q3, double max) {
    }

    /** Boxes side by side with an optional horizontal reference line ({@code reference} NaN for none). */
    record Boxes(String name, String title, String xAxis, String yAxis, List<Box> boxes, double reference,
            String referenceLabel, Double yMin, Double yMax, int width, int height) implements Figure {
        public Boxes {
            boxes = List.copyOf(boxes);
        }
    }

    /** A matrix of values coloured by magnitude, rows and columns labelled. */
    record Heatmap(String name, String title, List<String> labels, double[][] values, int width, int height)
            implements Figure {
        public Heatmap {
            labels = List.copyOf(labels);
            if (values.length != labels.size()) {
                throw new IllegalArgumentException("heatmap '" + name + "': " + values.length + " rows, "
                        + labels.size() + " labels");
            }
            values = java.util.Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        }
    }

    /**
     * A dendrogram: U-shaped links (x1, y1) up to height and down to (x2, y2); leaf j at x = j is labelled
     * {@code leafLabels.get(j)}.
     */
    record Dendrogram(String name, String title, String yAxis, List<String> leafLabels, List<double[]> links,
            int width, int height) implements Figure {
        public Dendrogram {
            leafLabels = List.copyOf(leafLabels);
            links = links.stream().map(double[]::clone).toList();
        }
    }

    /** Grouped bars: one group per category, one bar per series in each group. */
    record Bars(String name, String title, String yAxis, List<String> categories, List<String> seriesLabels,
            List<double[]> values, Double yMin, Double yMax, int width, int height) implements Figure {
        public Bars {
            categories = List.copyOf(categories);
            seriesLabels = List.copyOf(seriesLabels);
            values = values.stream().map(double[]::clone).toList();
        }
    }

    /** Panels laid out in rows of {@code columns}; the size is the whole grid's. */
    record Grid(String name, String title, List<Figure> panels, int columns, int width, int height)
            implements Figure {
        public Grid {
            panels = List.copyOf(panels);
            if (panels.isEmpty() || columns < 1) {
                throw new IllegalArgumentException("grid '" + name + "' needs panels and at least one column");
            }
        }

        public int rows() {
            return (panels.size() + columns - 1) / columns;
        }
    }

    /**
     * An image of a function over a regular 2-D grid, in grey levels as matplotlib's {@code Greys} map: {@code lower}
     * white, {@code upper} black. {@code values[i][j]} is the cell in column j of row i, row 0 at the bottom (the
     * least y), so a grid of inputs reads as a plot; no axes, as the network-function panels of the neural-redshift
     * experiment.
     */
    record Raster(String name, String title, double[][] values, double lower, double upper, int width, int height)
            implements Figure {
        public Raster {
            if (values.length == 0 || values[0].length == 0) {
                throw new IllegalArgumentException("raster '" + name + "' has no cells");
            }
            for (double[] row : values) {
                if (row.length != values[0].length) {
                    throw new IllegalArgumentException("raster '" + name + "': rows of different lengths");
                }
            }
            if (!(upper > lower)) {
                throw new IllegalArgumentException("raster '" + name + "': the grey range needs lower < upper");
            }
            values = java.util.Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[][] values() {
            return java.util.Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        }
    }
}
