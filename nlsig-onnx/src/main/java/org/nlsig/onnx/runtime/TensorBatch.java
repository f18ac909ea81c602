package org.nlsig.onnx.runtime;

import java.util.List;

/** What one batch gave for a list of captured tensors: one samples x width matrix per tensor, in the plan's order. */
public record TensorBatch(int samples, List<PooledMatrix> tensors) {
    public TensorBatch {
        tensors = List.copyOf(tensors);
    }
}
