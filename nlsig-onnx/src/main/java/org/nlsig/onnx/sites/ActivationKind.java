package org.nlsig.onnx.sites;

/** What function an activation site computes, whether written as one ONNX op or decomposed by an exporter. */
public enum ActivationKind {
    RELU, LEAKY_RELU, PRELU, ELU, SELU, CELU, SIGMOID, HARD_SIGMOID, HARD_SWISH, TANH, SOFTPLUS, SOFTSIGN, MISH,
    /** GELU, exact (erf) form. */
    GELU,
    /** GELU, tanh approximation. */
    GELU_TANH,
    THRESHOLDED_RELU,
    /** Clip(x, 0, 6). */
    RELU6,
    /** Clip(x, -1, 1). */
    HARD_TANH,
    /** Clip with other bounds. */
    CLIP,
    /** x * sigmoid(x). */
    SILU,
    /** x * sigmoid(beta x), beta != 1. */
    SWISH,
    /** x * sigmoid(1.702 x). */
    QUICK_GELU,
    /** Only when asked for: attention normalisation is not an activation site by default. */
    SOFTMAX;

    /** Lower-case name for reports ("gelu_tanh"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
