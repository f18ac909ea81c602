package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * Figure 6 (docs/method.md section 5): Gaussian inputs with a sliding mean and several stds through each activation;
 * one score per (activation, mean, std), summarised as a box per mean over the stds. The same input sample of a
 * (mean, std) cell goes through every activation, as in the paper. The baseline of an activation is its score on
 * uniform inputs covering the whole range of means.
 */
public final class SlidingMeanStudy {
    private SlidingMeanStudy() {
    }

    /**
     * @param means       how many means, equally spaced over [lowestMean, highestMean]
     * @param stds        the standard deviations tried at each mean
     * @param samples     n, samples per input
     * @param dimension   d, features per sample
     * @param activations the functions studied
     * @param covariance  the affinity score's covariance estimator
     * @param seed        seed of the inputs
     */
    public record Protocol(int means, double lowestMean, double highestMean, List<Double> stds, int samples,
            int dimension, List<ActivationFunction> activations, CovarianceEstimator covariance, long seed) {

        public Protocol {
            StudyInputs.requirePositive("the number of means", means);
            StudyInputs.requirePositive("the number of samples", samples);
            StudyInputs.requirePositive("the dimension", dimension);
            stds = StudyInputs.requireNonEmpty("stds", stds);
            activations = StudyInputs.requireNonEmpty("activations", activations);
            if (samples < 2) {
                throw new IllegalArgumentException("the affinity score needs at least 2 samples, got " + samples);
            }
            for (double s : stds) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("stds must be positive, got " + s);
                }
            }
        }

        /** The paper's: 20 means in [-20, 20], stds {2, 1, 0.5, 0.25, 0.1, 0.01}, n 1000, d 300, 9 activations. */
        public static Protocol paper() {
            return new Protocol(20, -20, 20, List.of(2.0, 1.0, 0.5, 0.25, 0.1, 0.01), 1000, 300,
                    Arrays.asList(ActivationFunction.values()), CovarianceEstimator.ledoitWolf(), 0);
        }

        public double[] meanValues() {
            return StudyInputs.linspace(lowestMean, highestMean, means);
        }
    }

    /** One score. */
    public record Score(ActivationFunction activation, double mean, double std, double rho) {
    }

    /** The box of one (activation, mean) over the stds: range, quartiles, median. */
    public record Box(ActivationFunction activation, double mean, SummaryStatistics summary) {
    }

    /** Every score in (activation, mean, std) order, and each activation's baseline score. */
    public record Result(Protocol protocol, List<Score> scores, List<Score> baselines) {
        public Result {
            scores = List.copyOf(scores);
            baselines = List.copyOf(baselines);
        }

        public List<Box> boxes() {
            List<Box> out = new ArrayList<>();
            int s = protocol.stds().size();
            for (int k = 0; k < scores.size(); k += s) {
                double[] v = scores.subList(k, k + s).stream().mapToDouble(Score::rho).toArray();
                out.add(new Box(scores.get(k).activation(), scores.get(k).mean(), SummaryStatistics.of(v)));
            }
            return out;
        }
    }

    /**
     * Runs the study on {@code threads} threads; the result does not depend on the thread count.
     *
     * @param withBaseline also score each activation on uniform inputs over [lowestMean, highestMean]
     */
    public static Result run(Protocol p, boolean withBaseline, int threads) {
        return run(p, withBaseline, threads, done -> { });
    }

    /**
     * As {@link #run(Protocol, boolean, int)}, reporting progress.
     *
     * @param inputsDone told the number of inputs scored so far (all activations on one (mean, std) input, or the
     *                   baseline), in order, from the calling thread; there are {@link #inputs} in all
     */
    public static Result run(Protocol p, boolean withBaseline, int threads, java.util.function.IntConsumer inputsDone) {
        StudyInputs.requirePositive("threads", threads);
        double[] means = p.meanValues();
        AffinityScorer scorer = AffinityScorer.defaults().withCovariance(p.covariance());
        int a = p.activations().size();
        int s = p.stds().size();
        // cell (mean i, std j) scores every activation on one input; indexed [i][j][activation]
        List<java.util.concurrent.Callable<double[]>> cells = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            for (int j = 0; j < s; j++) {
                int mi = i;
                int sj = j;
                cells.add(() -> {
                    SampleMatrix x = StudyInputs.gaussian(StudyInputs.random(p.seed(), mi, sj), p.samples(),
                            p.dimension(), means[mi], p.stds().get(sj));
                    return scoreAll(scorer, x, p.activations());
                });
            }
        }
        if (withBaseline) {
            cells.add(() -> {
                SplittableRandom r = StudyInputs.random(p.seed(), -1);
                SampleMatrix x = StudyInputs.uniform(r, p.samples(), p.dimension(), p.lowestMean(),
                        p.highestMean());
                return scoreAll(scorer, x, p.activations());
            });
        }
        List<double[]> done = runAll(cells, threads, inputsDone);
        List<Score> scores = new ArrayList<>();
        for (int act = 0; act < a; act++) {
            for (int i = 0; i < means.length; i++) {
                for (int j = 0; j < s; j++) {
                    scores.add(new Score(p.activations().get(act), means[i], p.stds().get(j),
                            done.get(i * s + j)[act]));
                }
            }
        }
        List<Score> baselines = new ArrayList<>();
        if (withBaseline) {
            double[] b = done.get(done.size() - 1);
            for (int act = 0; act < a; act++) {
                baselines.add(new Score(p.activations().get(act), (p.lowestMean() + p.highestMean()) / 2,
                        Double.NaN, b[act]));
            }
        }
        return new Result(p, scores, baselines);
    }

    private static double[] scoreAll(AffinityScorer scorer, SampleMatrix x, List<ActivationFunction> activations) {
        double[] rho = new double[activations.size()];
        for (int k = 0; k < rho.length; k++) {
            rho[k] = scorer.score(x, StudyInputs.map(x, activations.get(k)::apply)).rho();
        }
        return rho;
    }

    /** The number of inputs a run scores: one per (mean, std), and the baseline's. */
    public static int inputs(Protocol p, boolean withBaseline) {
        return p.means() * p.stds().size() + (withBaseline ? 1 : 0);
    }

    static <T> List<T> runAll(List<java.util.concurrent.Callable<T>> tasks, int threads,
            java.util.function.IntConsumer progress) {
        List<T> out = new ArrayList<>();
        if (threads == 1) {
            for (java.util.concurrent.Callable<T> t : tasks) {
                try {
                    out.add(t.call());
                    progress.accept(out.size());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            for (Future<T> f : futures) {
                out.add(f.get());
                progress.accept(out.size());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
