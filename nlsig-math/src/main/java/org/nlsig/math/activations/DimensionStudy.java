package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * Figure 7 (docs/method.md section 6): the score of an activation on Gaussian inputs as the dimension d grows at a
 * fixed number of samples n, with each covariance estimator. With Ledoit-Wolf shrinkage it stays put; with the sample
 * covariance it drifts once d approaches n. Each dimension draws its own input; both estimators score the same one.
 */
public final class DimensionStudy {
    private DimensionStudy() {
    }

    /**
     * @param samples     n
     * @param dimensions  the dimensions d tried
     * @param mean        mean of every input coordinate
     * @param std         standard deviation of every input coordinate
     * @param activation  the function studied
     * @param covariances the estimators compared
     * @param seed        seed of the inputs
     */
    public record Protocol(int samples, List<Integer> dimensions, double mean, double std,
            ActivationFunction activation, List<CovarianceEstimator> covariances, long seed) {

        public Protocol {
            if (samples < 2) {
                throw new IllegalArgumentException("the affinity score needs at least 2 samples, got " + samples);
            }
            dimensions = StudyInputs.requireNonEmpty("dimensions", dimensions);
            dimensions.forEach(d -> StudyInputs.requirePositive("a dimension", d));
            covariances = StudyInputs.requireNonEmpty("covariances", covariances);
            if (!(std > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + std);
            }
        }

        /** ReLU on N(0, I), n 512, d from 10 to 1000, Ledoit-Wolf and sample covariance. */
        public static Protocol paper() {
            return new Protocol(512, List.of(10, 50, 100, 200, 300, 500, 750, 1000), 0, 1, ActivationFunction.RELU,
                    List.of(CovarianceEstimator.ledoitWolf(), CovarianceEstimator.sample()), 0);
        }
    }

    /** The score at one dimension with one estimator. */
    public record Point(int dimension, String covariance, double rho) {
    }

    /** Points in (dimension, estimator) order. */
    public static List<Point> run(Protocol p) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < p.dimensions().size(); i++) {
            int d = p.dimensions().get(i);
            SampleMatrix x = StudyInputs.gaussian(StudyInputs.random(p.seed(), i), p.samples(), d, p.mean(), p.std());
            SampleMatrix y = StudyInputs.map(x, p.activation()::apply);
            for (CovarianceEstimator c : p.covariances()) {
                out.add(new Point(d, c.id(), AffinityScorer.defaults().withCovariance(c).score(x, y).rho()));
            }
        }
        return out;
    }
}
