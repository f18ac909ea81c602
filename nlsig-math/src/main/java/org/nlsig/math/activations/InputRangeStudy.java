package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * Figure 2A (docs/method.md section 5): an activation's non-linearity depends on the range of its inputs. Inputs
 * uniform in [m - halfWidth, m + halfWidth] for a sliding m; for ReLU the score is 1 when every input is negative
 * (constant output) or positive (identity), and lowest near m = 0.
 */
public final class InputRangeStudy {
    private InputRangeStudy() {
    }

    /**
     * @param means      how many centres m, equally spaced over [lowestMean, highestMean]
     * @param halfWidth  inputs are uniform in [m - halfWidth, m + halfWidth]
     * @param samples    n
     * @param dimension  d
     * @param activation the function studied
     * @param covariance the covariance estimator (the paper: sample)
     * @param seed       seed of the inputs
     */
    public record Protocol(int means, double lowestMean, double highestMean, double halfWidth, int samples,
            int dimension, ActivationFunction activation, CovarianceEstimator covariance, long seed) {

        public Protocol {
            StudyInputs.requirePositive("the number of means", means);
            StudyInputs.requirePositive("the dimension", dimension);
            if (samples < 2) {
                throw new IllegalArgumentException("the affinity score needs at least 2 samples, got " + samples);
            }
            if (!(halfWidth > 0)) {
                throw new IllegalArgumentException("the half-width must be positive, got " + halfWidth);
            }
        }

        /** The paper's: ReLU, 20 centres in [-4, 4], half-width 2, n 1000, d 1, sample covariance. */
        public static Protocol paper() {
            return new Protocol(20, -4, 4, 2, 1000, 1, ActivationFunction.RELU, CovarianceEstimator.sample(), 0);
        }
    }

    /** The score of inputs centred at {@code mean}. */
    public record Point(double mean, double lower, double upper, double rho) {
    }

    public static List<Point> run(Protocol p) {
        AffinityScorer scorer = AffinityScorer.defaults().withCovariance(p.covariance());
        List<Point> out = new ArrayList<>();
        double[] means = StudyInputs.linspace(p.lowestMean(), p.highestMean(), p.means());
        for (int i = 0; i < means.length; i++) {
            double lo = means[i] - p.halfWidth();
            double hi = means[i] + p.halfWidth();
            SampleMatrix x = StudyInputs.uniform(StudyInputs.random(p.seed(), i), p.samples(), p.dimension(), lo, hi);
            double rho = scorer.score(x, StudyInputs.map(x, p.activation()::apply)).rho();
            out.add(new Point(means[i], lo, hi, rho));
        }
        return out;
    }
}
