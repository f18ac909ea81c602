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
        if (k < 2) {
            return Double.NaN;
        }
        double mx = sx / k;
        double my = sy / k;
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
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * Least squares y = intercept + slope x with its coefficient of determination R^2 (scikit-learn's
     * {@code r2_score} of the fit on the same points), over the pairs where both are finite.
     */
    public static LinearFit linearFit(double[] x, double[] y) {
        requireSameLength(x, y);
        int k = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                k++;
            }
        }
        if (k < 2) {
            return new LinearFit(Double.NaN, Double.NaN, Double.NaN, k);
        }
        double mx = sx / k;
        double my = sy / k;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        if (sxx == 0) {
            // a constant predictor explains nothing: the fit is the mean
            return new LinearFit(0, my, syy == 0 ? 1 : 0, k);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        // scikit-learn's r2_score gives 1 for a perfect fit of a constant target
        double r2 = syy == 0 ? 1 : (sxy * sxy) / (sxx * syy);
        return new LinearFit(slope, intercept, r2, k);
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
