package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An indexed, read-only view of a model's main graph: who produces and who consumes each tensor, and which
 * tensors are constants (initializers or outputs of Constant nodes). Node order is the file's order, which ONNX
 * requires to be topological.
 */
public final class Graph {
    private final GraphProto proto;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<NodeProto, Integer> positions = new HashMap<>();

    public Graph(GraphProto proto) {
        this.proto = proto;
        for (TensorProto t : proto.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        int position = 0;
        for (NodeProto n : proto.getNodeList()) {
            positions.put(n, position++);
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    producers.put(out, n);
                }
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
            if (n.getOpType().equals("Constant") && n.getDomain().isEmpty() && n.getOutputCount() == 1) {
                constantValue(n).ifPresent(t -> constants.put(n.getOutput(0), t));
            }
        }
        // A graph input that shares an initializer's name can be overridden at run time: not a constant.
        proto.getInputList().forEach(vi -> constants.remove(vi.getName()));
    }

    public GraphProto proto() {
        return proto;
    }

    public List<NodeProto> nodes() {
        return proto.getNodeList();
    }

    public int position(NodeProto node) {
        return positions.get(node);
    }

    public Optional<NodeProto> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    public List<NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    public boolean isGraphOutput(String tensor) {
        return proto.getOutputList().stream().anyMatch(o -> o.getName().equals(tensor));
    }

    public boolean isConstant(String tensor) {
        return constants.containsKey(tensor);
    }

    /** The value of a constant whose elements are all equal (a scalar, possibly broadcast), if it is one. */
    public OptionalDouble scalar(String tensor) {
        TensorProto t = constants.get(tensor);
        if (t == null) {
            return OptionalDouble.empty();
        }
        Optional<double[]> values = TensorValues.decode(t);
        if (values.isEmpty() || values.get().length == 0) {
            return OptionalDouble.empty();
        }
        double[] v = values.get();
        for (double x : v) {
            if (x != v[0]) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(v[0]);
    }

    /** The values of a small constant (see {@link TensorValues#decode}), in C order. */
    public Optional<double[]> constantValues(String tensor) {
        TensorProto t = constants.get(tensor);
        return t == null ? Optional.empty() : TensorValues.decode(t);
    }

    /** The constant's dimensions, if the tensor is a constant. */
    public Optional<List<Long>> constantDims(String tensor) {
        TensorProto t = constants.get(tensor);
        return t == null ? Optional.empty() : Optional.of(List.copyOf(t.getDimsList()));
    }

    /** The constant's element type, or UNDEFINED when the tensor is not a constant. */
    public ElementType constantType(String tensor) {
        TensorProto t = constants.get(tensor);
        return t == null ? ElementType.UNDEFINED : ElementType.of(t.getDataType());
    }

    private static Optional<TensorProto> constantValue(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return Optional.of(a.getT());
                case "value_float":
                    return Optional.of(TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addFloatData(a.getF()).build());
                case "value_int":
                    return Optional.of(TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                            .addInt64Data(a.getI()).build());
                case "value_floats":
                    return Optional.of(TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList()).build());
                default:
                    break;
            }
        }
        return Optional.empty();
    }
}
