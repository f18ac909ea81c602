package org.nlsig.math.analysis;

/** Pearson correlation and the simple linear fit it belongs to. */
public final class Correlation {
    private Correlation() {
    }

    /**
     * Pearson's r over the pairs where both values are finite; NaN when fewer than 2 such pairs remain or either
     * side is constant on them (as {@code scipy.stats.pearsonr} warns and returns NaN).
     */
    public static double pearson(double[] x, double[] y) {
        PairedMoments m = PairedMoments.of(x, y);
        if (m.count() < 2 || m.sxx() == 0 || m.syy() == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, m.sxy() / Math.sqrt(m.sxx() * m.syy())));
    }

    /**
     * Least squares y = intercept + slope x with its coefficient of determination R^2 (scikit-learn's
     * {@code r2_score} of the fit on the same points), over the pairs where both are finite.
     */
    public static LinearFit linearFit(double[] x, double[] y) {
        PairedMoments m = PairedMoments.of(x, y);
        if (m.count() < 2) {
            return new LinearFit(Double.NaN, Double.NaN, Double.NaN, m.count());
        }
        if (m.sxx() == 0) {
            // a constant predictor explains nothing: the fit is the mean
            return new LinearFit(0, m.meanY(), m.syy() == 0 ? 1 : 0, m.count());
        }
        double slope = m.sxy() / m.sxx();
        double intercept = m.meanY() - slope * m.meanX();
        // scikit-learn's r2_score gives 1 for a perfect fit of a constant target
        double r2 = m.syy() == 0 ? 1 : (m.sxy() * m.sxy()) / (m.sxx() * m.syy());
        return new LinearFit(slope, intercept, r2, m.count());
    }

    /** Means and centred sums of squares and products over the pairs where both values are finite. */
    private record PairedMoments(int count, double meanX, double meanY, double sxx, double syy, double sxy) {
        static PairedMoments of(double[] x, double[] y) {
            requireSameLength(x, y);
            double sx = 0;
            double sy = 0;
            int k = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    sx += x[i];
                    sy += y[i];
                    k++;
                }
            }
            double mx = k == 0 ? Double.NaN : sx / k;
            double my = k == 0 ? Double.NaN : sy / k;
            double sxy = 0;
            double sxx = 0;
            double syy = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    double dx = x[i] - mx;
                    double dy = y[i] - my;
                    sxy += dx * dy;
                    sxx += dx * dx;
                    syy += dy * dy;
                }
            }
            return new PairedMoments(k, mx, my, sxx, syy, sxy);
        }
    }

    /** y = intercept + slope x fitted on {@code points} pairs, with its R^2. */
    public record LinearFit(double slope, double intercept, double r2, int points) {
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired values of different lengths: " + x.length + " and "
                    + y.length);
        }
    }
}
