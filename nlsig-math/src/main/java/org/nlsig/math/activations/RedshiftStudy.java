package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * The neural-redshift experiment of the official code: random MLPs on a 2-D grid of inputs, with ReLU and tanh at
 * several weight scales. Each hidden layer's activation is scored on the grid (its pre-activations against their
 * image), and the network's output over the grid is kept as an image. Larger weights make tanh saturate and its
 * function over the grid complex (low scores), while ReLU, positively homogeneous, keeps its kinks where they were:
 * the scores tell which networks compute simple functions.
 *
 * <p>Network k is drawn once from a generator seeded by (seed, k); at every scale it has the same draws, so its
 * weights are exactly scaled (its biases unchanged), and ReLU and tanh run on the same weights. A pair of panels then
 * differs in one thing only.
 */
public final class RedshiftStudy {
    private RedshiftStudy() {
    }

    /**
     * @param grid         the inputs: a square grid over [lower, upper]²
     * @param width        neurons per hidden layer
     * @param hiddenLayers hidden layers (each followed by the activation, each scored)
     * @param scales       the factors on the weights' range
     * @param shift        added to both ends of the unscaled weight range
     * @param activations  the activations compared
     * @param networks     how many networks are drawn
     * @param covariance   the affinity score's covariance estimator
     * @param seed         seed of the weights
     */
    public record Protocol(InputGrid grid, int width, int hiddenLayers, List<Double> scales, double shift,
            List<ActivationFunction> activations, int networks, CovarianceEstimator covariance, long seed) {

        public Protocol {
            java.util.Objects.requireNonNull(grid, "grid");
            java.util.Objects.requireNonNull(covariance, "covariance");
            StudyInputs.requirePositive("the width", width);
            StudyInputs.requirePositive("the number of hidden layers", hiddenLayers);
            StudyInputs.requirePositive("the number of networks", networks);
            scales = StudyInputs.requireNonEmpty("scales", scales);
            activations = StudyInputs.requireNonEmpty("activations", activations);
            for (double s : scales) {
                if (!(s > 0) || !Double.isFinite(s)) {
                    throw new IllegalArgumentException("scales must be positive, got " + s);
                }
            }
            if (!Double.isFinite(shift)) {
                throw new IllegalArgumentException("the shift must be finite, got " + shift);
            }
        }

        /**
         * The official notebook's set-up: a 32 x 32 grid over [-1, 1]², three hidden layers of 40, one output,
         * weight scales 1 and 6, shift -0.05, ReLU and tanh, 5 networks, sample covariance.
         */
        public static Protocol official() {
            return new Protocol(new InputGrid(32, -1, 1), 40, 3, List.of(1.0, 6.0), -0.05,
                    List.of(ActivationFunction.RELU, ActivationFunction.TANH), 5, CovarianceEstimator.sample(), 0);
        }

        /** The layer widths: 2 inputs, the hidden layers, 1 output. */
        public List<Integer> widths() {
            List<Integer> w = new ArrayList<>();
            w.add(2);
            for (int l = 0; l < hiddenLayers; l++) {
                w.add(width);
            }
            w.add(1);
            return w;
        }
    }

    /**
     * One network at one scale with one activation.
     *
     * @param network     the network's index (0 .. networks-1)
     * @param scale       the weight scale
     * @param activation  the activation
     * @param layerScores the affinity score of each hidden layer's activation on the grid
     * @param image       the output over the grid, min-max normalised to [0, 1]; {@code image[i][j]} is at
     *                    (x_j, y_i); 0.5 everywhere when the output is constant
     * @param outputMin   the output's least value before normalising
     * @param outputMax   its greatest
     */
    public record Panel(int network, double scale, ActivationFunction activation, double[] layerScores,
            double[][] image, double outputMin, double outputMax) {

        public Panel {
            layerScores = layerScores.clone();
            image = Arrays.stream(image).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[] layerScores() {
            return layerScores.clone();
        }

        @Override
        public double[][] image() {
            return Arrays.stream(image).map(double[]::clone).toArray(double[][]::new);
        }

        /** The mean of the layer scores (the notebook's title value). */
        public double meanScore() {
            return SummaryStatistics.of(layerScores).mean();
        }

        /** Their population standard deviation (the notebook's ±). */
        public double stdScore() {
            return SummaryStatistics.of(layerScores).std();
        }
    }

    /** The panels in (network, scale, activation) order. */
    public record Result(Protocol protocol, List<Panel> panels) {
        public Result {
            panels = List.copyOf(panels);
        }
    }

    /** The number of (network, scale) pairs a run computes, each with every activation. */
    public static int inputs(Protocol p) {
        return p.networks() * p.scales().size();
    }

    public static Result run(Protocol p, int threads) {
        return run(p, threads, done -> { });
    }

    /**
     * Runs the study on {@code threads} threads; the result does not depend on the thread count.
     *
     * @param done told the number of (network, scale) pairs finished, in order, from the calling thread
     */
    public static Result run(Protocol p, int threads, IntConsumer done) {
        StudyInputs.requirePositive("threads", threads);
        SampleMatrix points = p.grid().points();
        AffinityScorer scorer = AffinityScorer.defaults().withCovariance(p.covariance());
        List<Callable<List<Panel>>> cells = new ArrayList<>();
        for (int k = 0; k < p.networks(); k++) {
            for (double scale : p.scales()) {
                int network = k;
                cells.add(() -> {
                    // the same generator state at every scale: the scales draw the same network, scaled
                    RandomMlp mlp = RandomMlp.draw(StudyInputs.random(p.seed(), network), p.widths(), scale,
                            p.shift());
                    List<Panel> out = new ArrayList<>();
                    for (ActivationFunction f : p.activations()) {
                        out.add(panel(network, scale, f, mlp.forward(points, f), scorer, p.grid().size()));
                    }
                    return out;
                });
            }
        }
        List<Panel> panels = new ArrayList<>();
        SlidingMeanStudy.runAll(cells, threads, done).forEach(panels::addAll);
        return new Result(p, panels);
    }

    private static Panel panel(int network, double scale, ActivationFunction f, RandomMlp.Forward forward,
            AffinityScorer scorer, int size) {
        double[] scores = new double[forward.preActivations().size()];
        for (int l = 0; l < scores.length; l++) {
            SampleMatrix z = forward.preActivations().get(l);
            scores[l] = scorer.score(z, StudyInputs.map(z, f::apply)).rho();
        }
        double[] out = forward.output().values();
        double lo = Arrays.stream(out).min().orElse(0);
        double hi = Arrays.stream(out).max().orElse(0);
        double[][] image = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double v = out[i * size + j];
                image[i][j] = hi > lo ? (v - lo) / (hi - lo) : 0.5;
            }
        }
        return new Panel(network, scale, f, scores, image, lo, hi);
    }
}
