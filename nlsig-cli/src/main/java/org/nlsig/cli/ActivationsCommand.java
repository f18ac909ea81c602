package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nlsig.math.activations.ActivationFunction;
import org.nlsig.math.activations.DimensionStudy;
import org.nlsig.math.activations.InputGrid;
import org.nlsig.math.activations.InputRangeStudy;
import org.nlsig.math.activations.PolynomialStudy;
import org.nlsig.math.activations.RedshiftStudy;
import org.nlsig.math.activations.SlidingMeanStudy;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.report.ReportWriter;
import org.nlsig.report.activations.ActivationStudyReports;
import org.nlsig.report.table.Table;
import org.nlsig.report.page.ReportSection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nlsig activations}: the activation-function studies of docs/method.md sections 5 and 6, one subcommand each,
 * the paper's protocol as defaults.
 */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = {"Affinity-score studies of activation functions on synthetic inputs (the paper's Figures 2, "
                + "6 and 7, and the official code's neural-redshift experiment). Each subcommand runs one study with "
                + "the paper's protocol unless told otherwise and "
                + "writes CSV and Markdown tables, PNG and SVG figures and a report.html to --out."},
        subcommands = {ActivationsCommand.SlidingMean.class, ActivationsCommand.InputRange.class,
            ActivationsCommand.Polynomial.class, ActivationsCommand.Dimension.class, ActivationsCommand.Redshift.class})
final class ActivationsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The study's result table is printed when it is at most this long (the full tables are in the files). */
    static final int MOST_PRINTED_ROWS = 40;

    /** A table as aligned text columns, cells as the report shows them. */
    static void printTable(PrintWriter w, Table t) {
        int[] width = new int[t.columns().size()];
        List<List<String>> cells = new ArrayList<>();
        cells.add(t.columns());
        for (List<Object> row : t.rows()) {
            cells.add(row.stream().map(t::shown).toList());
        }
        for (List<String> row : cells) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        w.println(t.title() + ":");
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(' ').append(c == 0 ? pad(cell, width[c], false) : pad(cell, width[c], true));
            }
            w.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    static Path write(CommandSpec spec, Path out, String study, ReportSection section) throws IOException {
        Path dir = out != null ? out : Path.of("nlsig-activations", study);
        Path page = ReportWriter.create().write("Activation study: " + section.heading(), section.description(),
                List.of(section), dir);
        PrintWriter w = spec.commandLine().getOut();
        section.tables().stream().filter(t -> t.rows().size() <= MOST_PRINTED_ROWS).findFirst()
                .ifPresent(t -> printTable(w, t));
        for (var t : section.tables()) {
            w.println("table:  " + dir.resolve(ReportWriter.TABLES).resolve(t.name() + ".csv"));
        }
        for (var f : section.figures()) {
            w.println("figure: " + dir.resolve(ReportWriter.FIGURES).resolve(f.name() + ".png"));
        }
        w.println("report: " + page);
        w.flush();
        return dir;
    }


    @Command(name = "sliding-mean", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Figure 6: Gaussian inputs N(m, s^2 I) with the mean m sliding over an interval and "
                    + "several stds s, through each activation; a box per mean over the stds. The paper's "
                    + "protocol (the default) scores 20 x 6 x 9 = 1080 inputs of 1000 x 300: minutes on a laptop."})
    static final class SlidingMean implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--means", defaultValue = "20", description = "number of means (default: ${DEFAULT-VALUE})")
        int means;

        @Option(names = "--mean-range", split = ",", paramLabel = "LO,HI", defaultValue = "-20,20",
                description = "interval of the means (default: ${DEFAULT-VALUE})")
        List<Double> meanRange;

        @Option(names = "--stds", split = ",", paramLabel = "S,...", defaultValue = "2,1,0.5,0.25,0.1,0.01",
                description = "standard deviations (default: ${DEFAULT-VALUE})")
        List<Double> stds;

        @Option(names = {"-n", "--samples"}, defaultValue = "1000", description = "samples per input (default: "
                + "${DEFAULT-VALUE})")
        int samples;

        @Option(names = {"-d", "--dimension"}, defaultValue = "300", description = "features per sample (default: "
                + "${DEFAULT-VALUE})")
        int dimension;

        @Option(names = "--activations", split = ",", paramLabel = "NAME,...",
                defaultValue = "sigmoid,relu,gelu,relu6,leakyrelu,tanh,hardtanh,silu,hardswish",
                converter = OptionTypes.Activation.class, description = "activations (default: ${DEFAULT-VALUE})")
        List<ActivationFunction> activationNames;

        @Option(names = "--covariance", defaultValue = "ledoit-wolf", converter = OptionTypes.Covariance.class,
                description = "ledoit-wolf (default) or sample")
        CovarianceEstimator covariance;

        @Option(names = "--no-baseline", description = "skip the baseline score on uniform inputs over the range")
        boolean noBaseline;

        @Option(names = "--threads", defaultValue = "0", description = "threads (default: all processors)")
        int threads;

        @Override
        public Integer call() throws IOException {
            InputChecks.pair("--mean-range", meanRange);
            InputChecks.atLeast("--means", means, 1);
            InputChecks.positive("--stds", stds);
            InputChecks.atLeast("--samples", samples, 2); // the affinity score needs 2 samples
            InputChecks.atLeast("--dimension", dimension, 1);
            InputChecks.threads("--threads", threads, 0);
            List<ActivationFunction> fs = activationNames;
            CovarianceEstimator estimator = covariance;
            SlidingMeanStudy.Protocol p = InputChecks.parameters("sliding-mean", () -> new SlidingMeanStudy.Protocol(
                    means, meanRange.get(0), meanRange.get(1), stds, samples, dimension, fs, estimator, common.seed));
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            SlidingMeanStudy.Result r = SlidingMeanStudy.run(p, !noBaseline, t,
                    new StudyProgress(spec.commandLine().getErr(), "sliding-mean",
                            SlidingMeanStudy.inputs(p, !noBaseline)));
            write(spec, common.out, "sliding-mean", ActivationStudyReports.slidingMean(r));
            return 0;
        }
    }

    @Command(name = "input-range", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Figure 2A: inputs uniform in [m - w, m + w] for a sliding centre m, through one "
                    + "activation (ReLU by default), sample covariance, d = 1."})
    static final class InputRange implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--means", defaultValue = "20", description = "number of centres (default: ${DEFAULT-VALUE})")
        int means;

        @Option(names = "--mean-range", split = ",", paramLabel = "LO,HI", defaultValue = "-4,4",
                description = "interval of the centres (default: ${DEFAULT-VALUE})")
        List<Double> meanRange;

        @Option(names = "--half-width", defaultValue = "2", description = "w (default: ${DEFAULT-VALUE})")
        double halfWidth;

        @Option(names = {"-n", "--samples"}, defaultValue = "1000", description = "samples (default: "
                + "${DEFAULT-VALUE})")
        int samples;

        @Option(names = {"-d", "--dimension"}, defaultValue = "1", description = "features (default: "
                + "${DEFAULT-VALUE})")
        int dimension;

        @Option(names = "--activation", defaultValue = "relu", converter = OptionTypes.Activation.class,
                description = "activation (default: ${DEFAULT-VALUE})")
        ActivationFunction activation;

        @Option(names = "--covariance", defaultValue = "sample", converter = OptionTypes.Covariance.class,
                description = "sample (default) or ledoit-wolf")
        CovarianceEstimator covariance;

        @Override
        public Integer call() throws IOException {
            InputChecks.pair("--mean-range", meanRange);
            InputChecks.atLeast("--means", means, 1);
            InputChecks.positive("--half-width", halfWidth);
            InputChecks.atLeast("--samples", samples, 2);
            InputChecks.atLeast("--dimension", dimension, 1);
            ActivationFunction f = activation;
            CovarianceEstimator estimator = covariance;
            InputRangeStudy.Protocol p = InputChecks.parameters("input-range", () -> new InputRangeStudy.Protocol(
                    means, meanRange.get(0), meanRange.get(1), halfWidth, samples, dimension, f, estimator,
                    common.seed));
            write(spec, common.out, "input-range", ActivationStudyReports.inputRange(p, InputRangeStudy.run(p)));
            return 0;
        }
    }

    @Command(name = "polynomial", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Figure 2C: x -> x^k on equally spaced points of an interval, for several degrees k "
                    + "(deterministic)."})
    static final class Polynomial implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--points", defaultValue = "1000", description = "number of points (default: "
                + "${DEFAULT-VALUE})")
        int points;

        @Option(names = "--range", split = ",", paramLabel = "LO,HI", defaultValue = "-1,1",
                description = "interval (default: ${DEFAULT-VALUE})")
        List<Double> range;

        @Option(names = "--degrees", split = ",", paramLabel = "K,...", defaultValue = "1,3,5,11,21,41",
                description = "degrees (default: ${DEFAULT-VALUE})")
        List<Integer> degrees;

        @Option(names = "--covariance", defaultValue = "sample", converter = OptionTypes.Covariance.class,
                description = "sample (default) or ledoit-wolf")
        CovarianceEstimator covariance;

        @Override
        public Integer call() throws IOException {
            InputChecks.interval("--range", range);
            InputChecks.atLeast("--points", points, 2);
            InputChecks.positive("--degrees", degrees);
            CovarianceEstimator estimator = covariance;
            PolynomialStudy.Protocol p = InputChecks.parameters("polynomial", () -> new PolynomialStudy.Protocol(
                    points, range.get(0), range.get(1), degrees, estimator));
            write(spec, common.out, "polynomial", ActivationStudyReports.polynomial(p, PolynomialStudy.run(p)));
            return 0;
        }
    }

    @Command(name = "dimension", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Figure 7: one activation on N(mean, std^2 I) inputs as the dimension d grows at fixed n, "
                    + "with Ledoit-Wolf and sample covariance."})
    static final class Dimension implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CommonOptions common;

        @Option(names = {"-n", "--samples"}, defaultValue = "512", description = "samples (default: "
                + "${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--dimensions", split = ",", paramLabel = "D,...", defaultValue = "10,50,100,200,300,500,750,1000",
                description = "dimensions (default: ${DEFAULT-VALUE})")
        List<Integer> dimensions;

        @Option(names = "--mean", defaultValue = "0", description = "input mean (default: ${DEFAULT-VALUE})")
        double mean;

        @Option(names = "--std", defaultValue = "1", description = "input std (default: ${DEFAULT-VALUE})")
        double std;

        @Option(names = "--activation", defaultValue = "relu", converter = OptionTypes.Activation.class,
                description = "activation (default: ${DEFAULT-VALUE})")
        ActivationFunction activation;

        @Option(names = "--covariances", split = ",", defaultValue = "ledoit-wolf,sample",
                converter = OptionTypes.Covariance.class,
                description = "estimators compared (default: ${DEFAULT-VALUE})")
        List<CovarianceEstimator> covariances;

        @Override
        public Integer call() throws IOException {
            InputChecks.atLeast("--samples", samples, 2);
            InputChecks.positive("--dimensions", dimensions);
            InputChecks.positive("--std", std);
            ActivationFunction f = activation;
            List<CovarianceEstimator> estimators = covariances;
            DimensionStudy.Protocol p = InputChecks.parameters("dimension", () -> new DimensionStudy.Protocol(
                    samples, dimensions, mean, std, f, estimators, common.seed));
            write(spec, common.out, "dimension", ActivationStudyReports.dimension(p, DimensionStudy.run(p)));
            return 0;
        }
    }

    @Command(name = "redshift", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Neural redshift (the official code's newest experiment): random MLPs on a 2-D grid of "
                    + "inputs with ReLU and tanh at several weight scales; the affinity score of each hidden layer "
                    + "and an image of each network's function over the grid (the official notebook's set-up by "
                    + "default; docs/analyses.md)."})
    static final class Redshift implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--grid", defaultValue = "32", description = "grid points per axis (default: "
                + "${DEFAULT-VALUE})")
        int grid;

        @Option(names = "--range", split = ",", paramLabel = "LO,HI", defaultValue = "-1,1",
                description = "interval of both input coordinates (default: ${DEFAULT-VALUE})")
        List<Double> range;

        @Option(names = "--width", defaultValue = "40", description = "neurons per hidden layer (default: "
                + "${DEFAULT-VALUE})")
        int width;

        @Option(names = "--hidden-layers", defaultValue = "3", description = "hidden layers, each scored (default: "
                + "${DEFAULT-VALUE})")
        int hiddenLayers;

        @Option(names = "--scales", split = ",", paramLabel = "S,...", defaultValue = "1,6",
                description = "weight scales (default: ${DEFAULT-VALUE})")
        List<Double> scales;

        @Option(names = "--shift", defaultValue = "-0.05", description = "added to both ends of the unscaled weight "
                + "range (default: ${DEFAULT-VALUE})")
        double shift;

        @Option(names = "--activations", split = ",", paramLabel = "NAME,...", defaultValue = "relu,tanh",
                converter = OptionTypes.Activation.class, description = "activations (default: ${DEFAULT-VALUE})")
        List<ActivationFunction> activationNames;

        @Option(names = "--networks", defaultValue = "5", description = "random networks drawn (default: "
                + "${DEFAULT-VALUE})")
        int networks;

        @Option(names = "--covariance", defaultValue = "sample", converter = OptionTypes.Covariance.class,
                description = "sample (default, as the official notebook) or ledoit-wolf")
        CovarianceEstimator covariance;

        @Option(names = "--threads", defaultValue = "0", description = "threads (default: all processors)")
        int threads;

        @Override
        public Integer call() throws IOException {
            InputChecks.atLeast("--grid", grid, 2);
            InputChecks.atMost("--grid", grid, MOST_GRID_POINTS);
            InputChecks.interval("--range", range);
            InputChecks.finite("--range", range.get(0));
            InputChecks.finite("--range", range.get(1));
            InputChecks.atLeast("--width", width, 1);
            InputChecks.atMost("--width", width, MOST_WIDTH);
            InputChecks.atLeast("--hidden-layers", hiddenLayers, 1);
            InputChecks.atMost("--hidden-layers", hiddenLayers, MOST_HIDDEN_LAYERS);
            InputChecks.positive("--scales", scales);
            InputChecks.finite("--shift", shift);
            InputChecks.atLeast("--networks", networks, 1);
            InputChecks.atMost("--networks", networks, MOST_NETWORKS);
            InputChecks.threads("--threads", threads, 0);
            List<ActivationFunction> fs = activationNames;
            CovarianceEstimator estimator = covariance;
            RedshiftStudy.Protocol p = InputChecks.parameters("redshift", () -> new RedshiftStudy.Protocol(
                    new InputGrid(grid, range.get(0), range.get(1)), width, hiddenLayers, scales, shift, fs,
                    networks, estimator, common.seed));
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            RedshiftStudy.Result r = RedshiftStudy.run(p, t, new StudyProgress(spec.commandLine().getErr(),
                    "redshift", RedshiftStudy.inputs(p)));
            write(spec, common.out, "redshift", ActivationStudyReports.redshift(r));
            return 0;
        }

        /**
         * Bounds that keep a run within minutes and memory: each score solves an exact assignment between grid² points,
         * cubic in them (measured on the shared 2-core machine: one score on 32² = 1,024 points about 0.9 s of CPU,
         * on 64² = 4,096 points 45 s), and the figure has a panel per network.
         */
        static final int MOST_GRID_POINTS = 64;
        static final int MOST_WIDTH = 4096;
        static final int MOST_HIDDEN_LAYERS = 64;
        static final int MOST_NETWORKS = 50;
    }

    /** --out and --seed, shared by the studies. */
    static final class CommonOptions {
        @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: "
                + "nlsig-activations/STUDY)")
        Path out;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
                description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
        long seed;
    }
}
