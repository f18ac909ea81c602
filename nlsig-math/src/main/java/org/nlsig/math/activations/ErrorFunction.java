package org.nlsig.math.activations;

/**
 * The complementary error function to about 1e-14 relative accuracy, for the exact GELU (Java's standard library has
 * none). Series for |x| &lt; 2.5, Lentz's continued fraction for the tail.
 */
final class ErrorFunction {
    private ErrorFunction() {
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 2.5) {
            return 1 - erfSeries(x);
        }
        if (x > 27) {
            return 0;
        }
        return tailContinuedFraction(x);
    }

    /** erf(x) = 2/sqrt(pi) sum_k (-1)^k x^(2k+1) / (k! (2k+1)). */
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int k = 1; k < 200; k++) {
            term *= -x2 / k;
            double t = term / (2 * k + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2 / (x + 1 / (x + 3/2 / (x + ...)))), by modified Lentz. */
    private static double tailContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
