package org.nlsig.math.linalg;

import java.util.Optional;

/**
 * Zolotarev's best rational approximation of x^{-1/2} on an interval [lo, hi] of the positive axis, in partial
 * fractions: x^{-1/2} ~ sum_l weights[l] / (x + shifts[l]), every weight and shift positive. Its relative error
 * equioscillates and falls geometrically with the number of poles, the faster the smaller hi/lo: 9 poles reach
 * rounding level (4e-16) at hi/lo = 6.4, 14 at 100, about 21 at 1e4.
 *
 * <p>Why: f(M) = sum_l w_l (M + s_l I)^{-1} turns the inverse square root of a well-conditioned matrix into a few
 * shifted linear solves, which for a tridiagonal M cost O(size) each: no eigenvectors needed.
 *
 * <p>The construction (Zolotarev 1877; in the form used for the overlap operator of lattice QCD, e.g. Chiu et al.
 * 2002): on y = x / lo in [1, b], b = hi / lo, with k' = 1/sqrt(b), K = K(sqrt(1 - 1/b)) and c_j = sn^2(j K / 2N) /
 * cn^2(j K / 2N), the approximant is D prod_{l &lt; N} (y + c_{2l}) / prod_{l &lt;= N} (y + c_{2l - 1}); D is set so
 * the relative error equioscillates around 0, and the error is measured on the interval, not taken from an asymptotic
 * formula.
 *
 * @param lo            lower end of the interval
 * @param hi            upper end
 * @param shifts        s_l, ascending
 * @param weights       w_l
 * @param relativeError the largest |sqrt(x) r(x) - 1| on [lo, hi]
 */
public record ZolotarevInverseSqrt(double lo, double hi, double[] shifts, double[] weights, double relativeError) {

    /**
     * The approximation with the fewest poles (at most maxPoles) whose relative error on [lo, hi] is at most
     * tolerance.
     *
     * @return empty if no such approximation exists within maxPoles in double precision (hi / lo too large)
     */
    public static Optional<ZolotarevInverseSqrt> fewestPoles(double lo, double hi, double tolerance, int maxPoles) {
        if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("need 0 < lo <= hi < infinity, got [" + lo + ", " + hi + "]");
        }
        double b = hi / lo;
        double kc = 1 / Math.sqrt(b);
        double bigK = completeEllipticK(kc);
        // The error falls like 4 exp(-2 pi N K(k') / K(k)); start one below that estimate and verify on the interval.
        double rate = 2 * Math.PI * completeEllipticK(Math.sqrt(1 - 1 / b)) / bigK;
        int start = Math.max(1, (int) Math.ceil(Math.log(4 / tolerance) / rate) - 1);
        for (int poles = start; poles <= maxPoles; poles++) {
            ZolotarevInverseSqrt z = withPoles(lo, hi, poles, kc, bigK);
            if (z != null && z.relativeError <= tolerance) {
                return Optional.of(z);
            }
        }
        return Optional.empty();
    }

    /** r(x), the approximation's value. */
    public double value(double x) {
        double s = 0;
        for (int l = 0; l < shifts.length; l++) {
            s += weights[l] / (x + shifts[l]);
        }
        return s;
    }

    public int poles() {
        return shifts.length;
    }

    /** The approximant with exactly {@code poles} poles, or null when its coefficients are not finite. */
    private static ZolotarevInverseSqrt withPoles(double lo, double hi, int poles, double kc, double bigK) {
        double[] c = new double[2 * poles];
        for (int j = 1; j < 2 * poles; j++) {
            if (j <= poles) {
                double[] sc = snCn(j * bigK / (2 * poles), kc);
                double t = sc[0] / sc[1];
                c[j] = t * t;
            } else {
                // sn/cn near K loses digits; sn(K - u)/cn(K - u) = cn(u) / (k' sn(u)) keeps them.
                double[] sc = snCn((2 * poles - j) * bigK / (2 * poles), kc);
                double t = sc[1] / (kc * sc[0]);
                c[j] = t * t;
            }
        }
        double[] shifts = new double[poles];
        double[] weights = new double[poles];
        for (int l = 1; l <= poles; l++) {
            double p = c[2 * l - 1];
            double num = 1;
            double den = 1;
            for (int m = 1; m < poles; m++) {
                num *= c[2 * m] - p;
            }
            for (int m = 1; m <= poles; m++) {
                if (m != l) {
                    den *= c[2 * m - 1] - p;
                }
            }
            shifts[l - 1] = p;
            weights[l - 1] = num / den;
        }
        for (int l = 0; l < poles; l++) {
            if (!Double.isFinite(shifts[l]) || !Double.isFinite(weights[l]) || !(weights[l] > 0)) {
                return null;
            }
        }
        double b = hi / lo;
        double[] range = extremesOfScaledProduct(shifts, weights, b);
        double scale = 2 / (range[0] + range[1]);
        double error = (range[1] - range[0]) / (range[1] + range[0]);
        // back from y = x / lo: w / (x / lo + c) = (w lo) / (x + c lo), times lo^{-1/2}
        double root = Math.sqrt(lo);
        for (int l = 0; l < poles; l++) {
            weights[l] *= scale * root;
            shifts[l] *= lo;
        }
        return new ZolotarevInverseSqrt(lo, hi, shifts, weights, error);
    }

    /**
     * min and max of g(y) = sqrt(y) sum_l w_l / (y + c_l) on [1, b]: a log-spaced grid fine enough to bracket every
     * one of the N + 1 interior extrema, then golden-section refinement of the lowest and highest.
     */
    private static double[] extremesOfScaledProduct(double[] c, double[] w, double b) {
        double logB = Math.log(b);
        int points = 64 * (c.length + 1);
        double[] g = new double[points + 1];
        int argMin = 0;
        int argMax = 0;
        for (int s = 0; s <= points; s++) {
            g[s] = scaled(c, w, Math.exp(logB * s / points));
            if (g[s] < g[argMin]) {
                argMin = s;
            }
            if (g[s] > g[argMax]) {
                argMax = s;
            }
        }
        double min = refine(c, w, logB, points, argMin, -1);
        double max = refine(c, w, logB, points, argMax, 1);
        return new double[] {Math.min(min, g[argMin]), Math.max(max, g[argMax])};
    }

    /** Golden-section search for the extremum of sign * g near grid point i, in log y. */
    private static double refine(double[] c, double[] w, double logB, int points, int i, int sign) {
        double a = logB * Math.max(0, i - 1) / points;
        double z = logB * Math.min(points, i + 1) / points;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double best = sign * scaled(c, w, Math.exp(logB * i / points));
        for (int it = 0; it < 60 && z - a > 1e-14 * Math.max(1, Math.abs(z)); it++) {
            double u = z - ratio * (z - a);
            double v = a + ratio * (z - a);
            double gu = sign * scaled(c, w, Math.exp(u));
            double gv = sign * scaled(c, w, Math.exp(v));
            best = Math.max(best, Math.max(gu, gv));
            if (gu > gv) {
                z = v;
            } else {
                a = u;
            }
        }
        return sign * best;
    }

    private static double scaled(double[] c, double[] w, double y) {
        double s = 0;
        for (int l = 0; l < c.length; l++) {
            s += w[l] / (y + c[l]);
        }
        return Math.sqrt(y) * s;
    }

    /**
     * K(k), the complete elliptic integral of the first kind, given the complementary modulus k' = sqrt(1 - k^2):
     * pi / (2 AGM(1, k')).
     */
    static double completeEllipticK(double kc) {
        double a = 1;
        double g = kc;
        for (int i = 0; i < 64 && Math.abs(a - g) > 1e-16 * a; i++) {
            double next = (a + g) / 2;
            g = Math.sqrt(a * g);
            a = next;
        }
        return Math.PI / (2 * a);
    }

    /**
     * The Jacobi elliptic functions sn(u, k) and cn(u, k), given the complementary modulus k', by the descending
     * Landen (arithmetic-geometric mean) transformation (Abramowitz and Stegun 16.4).
     */
    static double[] snCn(double u, double kc) {
        double[] a = new double[64];
        double[] c = new double[64];
        a[0] = 1;
        c[0] = Math.sqrt(Math.max(0, (1 - kc) * (1 + kc)));
        double g = kc;
        int steps = 0;
        while (Math.abs(c[steps]) > 1e-17 * a[steps] && steps < 62) {
            double next = (a[steps] + g) / 2;
            c[steps + 1] = (a[steps] - g) / 2;
            g = Math.sqrt(a[steps] * g);
            a[steps + 1] = next;
            steps++;
        }
        double phi = Math.scalb(a[steps] * u, steps);
        for (int i = steps; i >= 1; i--) {
            phi = (phi + Math.asin(c[i] / a[i] * Math.sin(phi))) / 2;
        }
        return new double[] {Math.sin(phi), Math.cos(phi)};
    }
}
