package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.List;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.covariance.CovarianceEstimator;

/**
 * Figure 2C (docs/method.md section 5): the score of x -&gt; x^k on equally spaced points of an interval falls as the
 * degree k rises. Deterministic: no random input.
 */
public final class PolynomialStudy {
    private PolynomialStudy() {
    }

    /**
     * @param points     number of equally spaced inputs over [lower, upper] (d = 1)
     * @param degrees    the exponents k
     * @param covariance the covariance estimator (the paper: sample)
     */
    public record Protocol(int points, double lower, double upper, List<Integer> degrees,
            CovarianceEstimator covariance) {

        public Protocol {
            if (points < 2) {
                throw new IllegalArgumentException("the affinity score needs at least 2 points, got " + points);
            }
            if (!(upper > lower)) {
                throw new IllegalArgumentException("the interval [" + lower + ", " + upper + "] is empty");
            }
            degrees = StudyInputs.requireNonEmpty("degrees", degrees);
            for (int k : degrees) {
                StudyInputs.requirePositive("a degree", k);
            }
        }

        /** The paper's: 1000 points of [-1, 1], degrees {1, 3, 5, 11, 21, 41}, sample covariance. */
        public static Protocol paper() {
            return new Protocol(1000, -1, 1, List.of(1, 3, 5, 11, 21, 41), CovarianceEstimator.sample());
        }
    }

    /** The score of x^degree. */
    public record Point(int degree, double rho) {
    }

    public static List<Point> run(Protocol p) {
        AffinityScorer scorer = AffinityScorer.defaults().withCovariance(p.covariance());
        SampleMatrix x = new SampleMatrix(p.points(), 1, StudyInputs.linspace(p.lower(), p.upper(), p.points()));
        List<Point> out = new ArrayList<>();
        for (int k : p.degrees()) {
            out.add(new Point(k, scorer.score(x, StudyInputs.map(x, v -> Math.pow(v, k))).rho()));
        }
        return out;
    }
}
