package org.nlsig.math.affinity;

import com.fasterxml.jackson.databind.JsonNode;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.activations.ActivationFunction;

/**
 * The stress corpus's inputs, generated exactly as tools/stress_reference.py generates them: SplitMix64 uniforms and
 * a Gaussian as the sum of 12 uniforms minus 6, in the same order of operations, so Java and NumPy see the same
 * values (to the last bit up to the activation functions, whose libraries may differ by an ulp).
 */
final class StressInputs {
    static final long LOW_RANK_STREAM = 7919;
    static final long NOISE_STREAM = 1;
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private StressInputs() {
    }

    /** One case of the corpus: the spec tools/stress_reference.py wrote. */
    record Spec(String name, int n, int d, String activation, double mean, double std, long seed, boolean float32,
            String transform, String covariance) {

        static Spec of(JsonNode c) {
            return new Spec(c.get("name").asText(), c.get("n").asInt(), c.get("d").asInt(),
                    c.get("activation").asText(), c.get("mean").asDouble(), c.get("std").asDouble(),
                    c.get("seed").asLong(), c.get("dtype").asText().equals("float32"), c.get("transform").asText(),
                    c.get("covariance").asText());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** SplitMix64's first count outputs as doubles in [0, 1). */
    static double[] uniforms(long seed, int count) {
        double[] u = new double[count];
        for (int k = 0; k < count; k++) {
            long z = seed + (k + 1) * GAMMA;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            u[k] = (z >>> 11) * 0x1.0p-53;
        }
        return u;
    }

    /** rows x cols approximately standard normal values, row-major. */
    static double[] gaussian(long seed, int rows, int cols) {
        int m = rows * cols;
        double[] u = uniforms(seed, m * 12);
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            double acc = u[12 * i];
            for (int j = 1; j < 12; j++) {
                acc = acc + u[12 * i + j];
            }
            g[i] = acc - 6.0;
        }
        return g;
    }

    /** {X, Y} of the spec. */
    static SampleMatrix[] generate(Spec s) {
        int n = s.n();
        int d = s.d();
        double[] g;
        if (s.transform().startsWith("low_rank:")) {
            int k = Integer.parseInt(s.transform().substring("low_rank:".length()));
            double[] a = gaussian(s.seed(), n, k);
            double[] b = gaussian(s.seed() + LOW_RANK_STREAM, k, d);
            g = new double[n * d];
            double root = Math.sqrt(k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double acc = 0;
                    for (int t = 0; t < k; t++) {
                        acc += a[i * k + t] * b[t * d + j];
                    }
                    g[i * d + j] = acc / root;
                }
            }
        } else {
            g = gaussian(s.seed(), n, d);
        }
        double[] x = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = s.mean() + s.std() * g[k];
        }
        if (s.transform().equals("duplicate_rows")) {
            int half = Math.max(1, n / 2);
            for (int i = half; i < n; i++) {
                System.arraycopy(x, (i % half) * d, x, i * d, d);
            }
        } else if (s.transform().equals("round")) {
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.rint(x[k]);
            }
        }
        if (s.float32()) {
            roundToFloat(x);
        }
        double[] y;
        if (s.activation().equals("near_constant")) {
            double[] noise = gaussian(s.seed() + NOISE_STREAM, n, d);
            y = new double[n * d];
            for (int k = 0; k < y.length; k++) {
                y[k] = 1000.0 + 1e-5 * noise[k];
            }
        } else {
            y = x.clone();
            if (!s.activation().equals("identity")) {
                ActivationFunction f = ActivationFunction.named(s.activation());
                for (int k = 0; k < y.length; k++) {
                    y[k] = f.apply(x[k]);
                }
            }
        }
        if (s.float32()) {
            roundToFloat(y);
        }
        return new SampleMatrix[] {new SampleMatrix(n, d, x), new SampleMatrix(n, d, y)};
    }

    private static void roundToFloat(double[] v) {
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) v[k];
        }
    }
}
