package org.nlsig.onnx.model;

import java.util.List;

/**
 * A tensor's name, element type and shape. A dimension of -1 is unknown (symbolic); an empty {@code dims} with
 * {@code rankKnown == false} means even the rank is unknown.
 *
 * @param dimNames per dimension, the ONNX {@code dim_param} of a symbolic dimension ({@code "width"}), else ""; same
 *                 length as {@code dims}
 */
public record TensorInfo(String name, ElementType elementType, List<Long> dims, boolean rankKnown,
                         List<String> dimNames) {
    public TensorInfo {
        dims = List.copyOf(dims);
        dimNames = List.copyOf(dimNames);
        if (dimNames.size() != dims.size()) {
            throw new IllegalArgumentException(name + ": " + dims.size() + " dims but " + dimNames.size() + " names");
        }
    }

    /** A tensor without named dimensions (shapes from inference, where ONNX Runtime gives numbers or -1). */
    public TensorInfo(String name, ElementType elementType, List<Long> dims, boolean rankKnown) {
        this(name, elementType, dims, rankKnown, java.util.Collections.nCopies(dims.size(), ""));
    }

    public static TensorInfo unknown(String name) {
        return new TensorInfo(name, ElementType.UNDEFINED, List.of(), false);
    }

    public int rank() {
        if (!rankKnown) {
            throw new IllegalStateException("the rank of tensor '" + name + "' is unknown");
        }
        return dims.size();
    }

    public long[] shape() {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** True when every dimension is known. */
    public boolean isStatic() {
        return rankKnown && dims.stream().allMatch(d -> d >= 0);
    }

    /** The shape as text, "?" for unknown dimensions, "unknown" when the rank is not known. */
    public String shapeText() {
        if (!rankKnown) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(dims.get(i) < 0 ? "?" : dims.get(i).toString());
        }
        return sb.append(']').toString();
    }
}
