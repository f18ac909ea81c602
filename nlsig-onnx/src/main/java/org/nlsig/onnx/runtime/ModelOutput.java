package org.nlsig.onnx.runtime;

/** The model's first output for a batch (logits, usually), converted to float, row-major, samples first. */
public record ModelOutput(String name, float[] values, long[] shape) {
}
