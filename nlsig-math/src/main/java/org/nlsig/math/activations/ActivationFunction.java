package org.nlsig.math.activations;

import java.util.Arrays;
import java.util.Locale;

/** The element-wise activation functions of the paper's Figure 6, with PyTorch's default parameters. */
public enum ActivationFunction {
    SIGMOID("sigmoid") {
        @Override
        public double apply(double x) {
            return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }
    },
    RELU("relu") {
        @Override
        public double apply(double x) {
            return Math.max(0, x);
        }
    },
    /** The exact GELU, x Phi(x) (PyTorch's default, not the tanh approximation). */
    GELU("gelu") {
        @Override
        public double apply(double x) {
            return 0.5 * x * ErrorFunction.erfc(-x / Math.sqrt(2));
        }
    },
    RELU6("relu6") {
        @Override
        public double apply(double x) {
            return Math.min(6, Math.max(0, x));
        }
    },
    /** Negative slope 0.01, PyTorch's default. */
    LEAKY_RELU("leakyrelu") {
        @Override
        public double apply(double x) {
            return x >= 0 ? x : 0.01 * x;
        }
    },
    TANH("tanh") {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }
    },
    /** Clamped to [-1, 1]. */
    HARDTANH("hardtanh") {
        @Override
        public double apply(double x) {
            return Math.min(1, Math.max(-1, x));
        }
    },
    /** x sigmoid(x), also called swish. */
    SILU("silu") {
        @Override
        public double apply(double x) {
            return x * SIGMOID.apply(x);
        }
    },
    /** x relu6(x + 3) / 6. */
    HARDSWISH("hardswish") {
        @Override
        public double apply(double x) {
            return x * Math.min(6, Math.max(0, x + 3)) / 6;
        }
    };

    private final String id;

    ActivationFunction(String id) {
        this.id = id;
    }

    public abstract double apply(double x);

    /** The name used on the command line and in tables. */
    public String id() {
        return id;
    }

    /** Parses an id ({@code relu}, {@code leakyrelu}, ...); case, '-' and '_' do not matter. */
    public static ActivationFunction named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (ActivationFunction f : values()) {
            if (f.id.equals(key)) {
                return f;
            }
        }
        if (key.equals("swish")) {
            return SILU;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(ActivationFunction::id).toList()) + ")");
    }
}
