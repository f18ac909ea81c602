package org.nlsig.onnx.model;

import java.util.Map;

/**
 * Shapes of a graph's tensors as inferred for one concrete input shape ({@code inputShape}, batch dimension
 * included). Tensors missing from the map have unknown shape. {@code note} explains missing shapes, or is empty.
 */
public record TensorShapes(Map<String, TensorInfo> byName, long[] inputShape, String note) {
    public TensorShapes {
        byName = Map.copyOf(byName);
        inputShape = inputShape.clone();
    }

    public static TensorShapes none(String note) {
        return new TensorShapes(Map.of(), new long[0], note);
    }

    public TensorInfo get(String tensor) {
        return byName.getOrDefault(tensor, TensorInfo.unknown(tensor));
    }

    /** The batch size the shapes were inferred at (the input's first dimension), or 1 when not known. */
    public long batchSize() {
        return inputShape.length > 0 && inputShape[0] > 0 ? inputShape[0] : 1;
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }
}
