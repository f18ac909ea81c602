package org.nlsig.report.activations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nlsig.math.activations.ActivationFunction;
import org.nlsig.math.activations.DimensionStudy;
import org.nlsig.math.activations.InputRangeStudy;
import org.nlsig.math.activations.PolynomialStudy;
import org.nlsig.math.activations.RedshiftStudy;
import org.nlsig.math.activations.SlidingMeanStudy;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/** Tables and figures of the activation-function studies (docs/method.md sections 5 and 6). */
public final class ActivationStudyReports {
    private ActivationStudyReports() {
    }

    /** Figure 6: a box per mean (over the stds) for each activation, its baseline as a dashed line. */
    public static ReportSection slidingMean(SlidingMeanStudy.Result r) {
        SlidingMeanStudy.Protocol p = r.protocol();
        Table.Builder scores = Table.builder("sliding_mean_scores", "Affinity score per activation, mean and std",
                "activation", "mean", "std", "rho");
        r.scores().forEach(s -> scores.row(s.activation().id(), s.mean(), s.std(), s.rho()));
        Table.Builder boxes = Table.builder("sliding_mean_boxes", "Per activation and mean, the scores over the stds",
                "activation", "mean", "min", "q1", "median", "q3", "max");
        Map<ActivationFunction, List<Figure.Box>> perActivation = new LinkedHashMap<>();
        for (SlidingMeanStudy.Box b : r.boxes()) {
            boxes.row(b.activation().id(), b.mean(), b.summary().min(), b.summary().q1(), b.summary().median(),
                    b.summary().q3(), b.summary().max());
            perActivation.computeIfAbsent(b.activation(), a -> new ArrayList<>()).add(new Figure.Box(
                    String.format(Locale.ROOT, "%.1f", b.mean()), b.summary().min(), b.summary().q1(),
                    b.summary().median(), b.summary().q3(), b.summary().max()));
        }
        Map<ActivationFunction, Double> baseline = new LinkedHashMap<>();
        r.baselines().forEach(s -> baseline.put(s.activation(), s.rho()));
        Table.Builder summary = Table.builder("sliding_mean_summary", "Per activation, the scores over every mean and "
                + "std, and the baseline", "activation", "min", "median", "max", "baseline");
        Map<ActivationFunction, List<Double>> all = new LinkedHashMap<>();
        r.scores().forEach(s -> all.computeIfAbsent(s.activation(), a -> new ArrayList<>()).add(s.rho()));
        all.forEach((a, v) -> {
            SummaryStatistics st = SummaryStatistics.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            summary.row(a.id(), st.min(), st.median(), st.max(), baseline.getOrDefault(a, Double.NaN));
        });
        List<Table> tables = new ArrayList<>(List.of(summary.build(), boxes.build(), scores.build()));
        if (!r.baselines().isEmpty()) {
            Table.Builder b = Table.builder("sliding_mean_baselines", "Score on uniform inputs over ["
                    + p.lowestMean() + ", " + p.highestMean() + "] (the baseline)", "activation", "rho");
            r.baselines().forEach(s -> b.row(s.activation().id(), s.rho()));
            tables.add(b.build());
        }
        List<Figure> panels = new ArrayList<>();
        for (Map.Entry<ActivationFunction, List<Figure.Box>> e : perActivation.entrySet()) {
            double ref = baseline.getOrDefault(e.getKey(), Double.NaN);
            panels.add(new Figure.Boxes("sliding_mean_" + e.getKey().id(), e.getKey().id(), "mean of the input",
                    "affinity score", e.getValue(), ref, "baseline", 0.0, 1.05, 480, 320));
        }
        int columns = Math.min(3, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        Figure grid = new Figure.Grid("sliding_mean", "Affinity score of activations on N(m, s^2 I) inputs: box over"
                + " s per mean m (Figure 6)", panels, columns, 480 * columns, 320 * rows + 32);
        String description = String.format(Locale.ROOT, "%d means in [%s, %s], stds %s, n = %d samples in R^%d, "
                + "covariance %s, seed %d. Each box spans the scores over the stds at one mean (whiskers: range).",
                p.means(), p.lowestMean(), p.highestMean(), p.stds(), p.samples(), p.dimension(), p.covariance().id(),
                p.seed());
        return new ReportSection("sliding-mean", "Sliding-mean Gaussian study (Figure 6)", description, tables,
                List.of(grid));
    }

    /** Figure 2A: score against the centre of the input range. */
    public static ReportSection inputRange(InputRangeStudy.Protocol p, List<InputRangeStudy.Point> points) {
        Table.Builder t = Table.builder("input_range", "Score of " + p.activation().id() + " by input range",
                "mean", "lower", "upper", "rho");
        points.forEach(q -> t.row(q.mean(), q.lower(), q.upper(), q.rho()));
        double[] x = points.stream().mapToDouble(InputRangeStudy.Point::mean).toArray();
        double[] y = points.stream().mapToDouble(InputRangeStudy.Point::rho).toArray();
        Figure f = new Figure.Lines("input_range", p.activation().id() + ": affinity score of inputs uniform in "
                + "[m - " + p.halfWidth() + ", m + " + p.halfWidth() + "] (Figure 2A)", "centre m of the inputs",
                "affinity score", List.of(new Figure.Series(p.activation().id(), x, y, Figure.Style.LINE_AND_MARKERS,
                        0)), List.of(), 0.0, 1.05, 720, 400);
        String description = String.format(Locale.ROOT, "%d centres in [%s, %s], half-width %s, n = %d, d = %d, "
                + "covariance %s, seed %d.", p.means(), p.lowestMean(), p.highestMean(), p.halfWidth(), p.samples(),
                p.dimension(), p.covariance().id(), p.seed());
        return new ReportSection("input-range", "Input-range study (Figure 2A)", description, List.of(t.build()),
                List.of(f));
    }

    /** Figure 2C: score of x^k against the degree k. */
    public static ReportSection polynomial(PolynomialStudy.Protocol p, List<PolynomialStudy.Point> points) {
        Table.Builder t = Table.builder("polynomial", "Score of x^k on equally spaced points", "degree", "rho");
        points.forEach(q -> t.row(q.degree(), q.rho()));
        double[] x = points.stream().mapToDouble(PolynomialStudy.Point::degree).toArray();
        double[] y = points.stream().mapToDouble(PolynomialStudy.Point::rho).toArray();
        Figure f = new Figure.Lines("polynomial", "Affinity score of x^k on " + p.points() + " points of ["
                + p.lower() + ", " + p.upper() + "] (Figure 2C)", "degree k", "affinity score",
                List.of(new Figure.Series("x^k", x, y, Figure.Style.LINE_AND_MARKERS, 0)), List.of(), 0.0, 1.05,
                720, 400);
        return new ReportSection("polynomial", "Polynomial-degree study (Figure 2C)",
                "Degrees " + p.degrees() + ", covariance " + p.covariance().id() + "; deterministic inputs.",
                List.of(t.build()), List.of(f));
    }

    /** Figure 7: score against the dimension, one line per covariance estimator. */
    public static ReportSection dimension(DimensionStudy.Protocol p, List<DimensionStudy.Point> points) {
        Table.Builder t = Table.builder("dimension", "Score of " + p.activation().id() + " on Gaussian inputs by "
                + "dimension", "dimension", "covariance", "rho");
        points.forEach(q -> t.row(q.dimension(), q.covariance(), q.rho()));
        Map<String, List<DimensionStudy.Point>> byEstimator = new LinkedHashMap<>();
        points.forEach(q -> byEstimator.computeIfAbsent(q.covariance(), k -> new ArrayList<>()).add(q));
        List<Figure.Series> series = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, List<DimensionStudy.Point>> e : byEstimator.entrySet()) {
            series.add(new Figure.Series(e.getKey(),
                    e.getValue().stream().mapToDouble(DimensionStudy.Point::dimension).toArray(),
                    e.getValue().stream().mapToDouble(DimensionStudy.Point::rho).toArray(),
                    Figure.Style.LINE_AND_MARKERS, colour++));
        }
        Figure f = new Figure.Lines("dimension", p.activation().id() + " on N(" + p.mean() + ", " + p.std()
                + "^2 I), n = " + p.samples() + ": affinity score by dimension (Figure 7)", "dimension d",
                "affinity score", series, List.of(), null, null, 720, 400);
        return new ReportSection("dimension", "Dimension study (Figure 7)",
                "Dimensions " + p.dimensions() + ", n = " + p.samples() + ", seed " + p.seed()
                        + ". With shrinkage the score should not move with d; the sample covariance drifts as d "
                        + "approaches and passes n.",
                List.of(t.build()), List.of(f));
    }

    /** Side of one network's panel in the redshift figure, in pixels. */
    private static final int PANEL = 200;

    /**
     * The neural-redshift experiment: per network, scale and activation, each hidden layer's score and their mean and
     * std; a grid of images of the networks' functions over the input grid, one row per network.
     */
    public static ReportSection redshift(RedshiftStudy.Result r) {
        RedshiftStudy.Protocol p = r.protocol();
        String[] columns = new String[4 + p.hiddenLayers() + 2];
        columns[0] = "network";
        columns[1] = "scale";
        columns[2] = "activation";
        for (int l = 0; l < p.hiddenLayers(); l++) {
            columns[3 + l] = "layer_" + (l + 1);
        }
        columns[3 + p.hiddenLayers()] = "mean";
        columns[4 + p.hiddenLayers()] = "std";
        columns[5 + p.hiddenLayers()] = "output_range";
        Table.Builder scores = Table.builder("redshift_scores", "Affinity score of each hidden layer's activation "
                + "on the grid", columns).digits(3);
        Map<String, List<Double>> byCondition = new LinkedHashMap<>();
        List<Figure> panels = new ArrayList<>();
        for (RedshiftStudy.Panel q : r.panels()) {
            Object[] row = new Object[columns.length];
            row[0] = q.network();
            row[1] = q.scale();
            row[2] = q.activation().id();
            double[] s = q.layerScores();
            for (int l = 0; l < s.length; l++) {
                row[3 + l] = s[l];
            }
            row[3 + s.length] = q.meanScore();
            row[4 + s.length] = q.stdScore();
            row[5 + s.length] = q.outputMax() - q.outputMin();
            scores.row(row);
            String condition = q.activation().id() + " at scale " + shortNumber(q.scale());
            byCondition.computeIfAbsent(condition, k -> new ArrayList<>()).add(q.meanScore());
            panels.add(new Figure.Raster("redshift_" + q.network() + "_" + q.activation().id() + "_"
                    + shortNumber(q.scale()), String.format(Locale.ROOT, "%s, s = %s: rho %.2f ± %.2f",
                    q.activation().id(), shortNumber(q.scale()), q.meanScore(), q.stdScore()), q.image(), 0, 1,
                    PANEL, PANEL + 24));
        }
        Table.Builder summary = Table.builder("redshift_summary", "Mean layer score per activation and scale, over "
                + "the networks", "condition", "networks", "min", "median", "max", "mean").digits(3);
        byCondition.forEach((c, v) -> {
            SummaryStatistics st = SummaryStatistics.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            summary.row(c, st.count(), st.min(), st.median(), st.max(), st.mean());
        });
        int columnsPerRow = p.scales().size() * p.activations().size();
        // at least 640 wide so that the title fits above a grid of one or two columns
        Figure grid = new Figure.Grid("redshift", "Random MLPs: each network's output over the grid (a row per "
                + "network)", panels, columnsPerRow, Math.max(640, PANEL * columnsPerRow),
                (PANEL + 24) * p.networks() + 32);
        String description = String.format(Locale.ROOT, "%d random MLPs with %d hidden layers of %d on the %d x %d "
                + "grid over [%s, %s]^2; weights uniform in scale x (-a %s, a %s) with a = sqrt(6 / (fan_in + "
                + "fan_out)), biases uniform in (-1, 1); scales %s, activations %s (same weights for each), "
                + "covariance %s, seed %d. Each panel is the network's output over the grid, min-max normalised, "
                + "y upwards; its title the mean ± std of the layer scores.", p.networks(), p.hiddenLayers(),
                p.width(), p.grid().size(), p.grid().size(), shortNumber(p.grid().lower()),
                shortNumber(p.grid().upper()), signed(p.shift()), signed(p.shift()), p.scales(),
                p.activations().stream().map(a -> a.id()).toList(), p.covariance().id(), p.seed());
        return new ReportSection("redshift", "Neural redshift: random networks at several weight scales",
                description, List.of(scores.build(), summary.build()), List.of(grid));
    }

    /** 1 rather than 1.0, 0.5 as it is. */
    private static String shortNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String signed(double v) {
        return (v < 0 ? "- " : "+ ") + shortNumber(Math.abs(v));
    }
}
