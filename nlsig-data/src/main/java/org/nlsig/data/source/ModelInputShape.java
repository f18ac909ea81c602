package org.nlsig.data.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shape a model input declares, as data sources are checked against it: batch axis first, a dimension &lt; 1 is
 * symbolic, and a symbolic dimension keeps its ONNX name ({@code dim_param}) so messages can say
 * {@code [N, 3, 48, width]} rather than {@code [-1, 3, 48, -1]}.
 *
 * @param name     the input's name
 * @param dims     the dimensions, &lt; 1 where symbolic
 * @param dimNames per dimension, the symbolic name or "" (unnamed, or a fixed size); same length as {@code dims}
 */
public record ModelInputShape(String name, List<Long> dims, List<String> dimNames) {
    public ModelInputShape {
        dims = List.copyOf(dims);
        dimNames = List.copyOf(dimNames);
        if (dims.size() != dimNames.size()) {
            throw new IllegalArgumentException(name + ": " + dims.size() + " dims but " + dimNames.size() + " names");
        }
    }

    /** A shape without dimension names. */
    public static ModelInputShape of(String name, long... dims) {
        List<Long> d = new ArrayList<>();
        for (long v : dims) {
            d.add(v);
        }
        return new ModelInputShape(name, d, Collections.nCopies(d.size(), ""));
    }

    public int rank() {
        return dims.size();
    }

    public long dim(int axis) {
        return dims.get(axis);
    }

    public boolean isSymbolic(int axis) {
        return dims.get(axis) < 1;
    }

    /** A dimension as people read it: its size, its symbolic name, {@code N} for an unnamed batch axis, else "?". */
    public String dimText(int axis) {
        if (!isSymbolic(axis)) {
            return Long.toString(dims.get(axis));
        }
        String n = dimNames.get(axis);
        return n != null && !n.isBlank() ? n : axis == 0 ? "N" : "?";
    }

    /** The shape from {@code fromAxis} on, e.g. {@code [N, 3, 48, width]} from 0. */
    public String text(int fromAxis) {
        List<String> parts = new ArrayList<>();
        for (int i = fromAxis; i < dims.size(); i++) {
            parts.add(dimText(i));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
