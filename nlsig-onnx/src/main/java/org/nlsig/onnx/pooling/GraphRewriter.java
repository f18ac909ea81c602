package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.nlsig.onnx.model.ElementType;

/**
 * Appends capture nodes, initializers and outputs to a graph being rewritten (shared by the site capture and the
 * track capture). Node spellings follow the model's opset.
 */
final class GraphRewriter {
    /** Every name the rewrite adds starts with this, so it cannot collide with the model's own names. */
    static final String PREFIX = "nlsig__";

    private final GraphProto.Builder g;
    private final int opset;

    GraphRewriter(GraphProto.Builder g, int opset) {
        this.g = g;
        this.opset = opset;
    }

    String asFloat(String tensor, ElementType type, String tag) {
        if (type == ElementType.FLOAT) {
            return tensor;
        }
        String out = tag + "_f32";
        g.addNode(node("Cast", List.of(tensor), out).addAttribute(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
        return out;
    }

    String pool(String tensor, int[] axes, String out) {
        if (axes.length == 0) {
            g.addNode(node("Identity", List.of(tensor), out));
        } else {
            g.addNode(reduce("ReduceMean", tensor, axes, out, 18));
        }
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /** The tensor as samples x (all its other values), C order, exposed as an output. */
    String flatten(String tensor, String out) {
        g.addNode(node("Flatten", List.of(tensor), out).addAttribute(intAttr("axis", 1)));
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    String nearZeroCount(String tensor, int rank, String tag) {
        String abs = tag + "_abs";
        String small = tag + "_near_zero";
        String counts = tag + "_near_zero_count";
        g.addNode(node("Abs", List.of(tensor), abs));
        if (opset >= 12) {
            g.addNode(node("LessOrEqual", List.of(abs, PREFIX + "near_zero"), small));
        } else {
            g.addNode(node("Greater", List.of(abs, PREFIX + "near_zero"), small + "_not"));
            g.addNode(node("Not", List.of(small + "_not"), small));
        }
        g.addNode(node("Cast", List.of(small), small + "_i64")
                .addAttribute(intAttr("to", TensorProto.DataType.INT64_VALUE)));
        int[] axes = java.util.stream.IntStream.range(1, rank).toArray();
        if (axes.length == 0) {
            g.addNode(node("Identity", List.of(small + "_i64"), counts));
        } else {
            g.addNode(reduce("ReduceSum", small + "_i64", axes, counts, 13));
        }
        output(counts, TensorProto.DataType.INT64_VALUE);
        return counts;
    }

    String size(String tensor, String tag) {
        String out = tag + "_size";
        g.addNode(node("Size", List.of(tensor), out));
        output(out, TensorProto.DataType.INT64_VALUE);
        return out;
    }

    /** A Reduce* node, axes as an input from {@code axesInputSince} on, as an attribute before. */
    private NodeProto reduce(String op, String tensor, int[] axes, String out, int axesInputSince) {
        NodeProto.Builder n;
        if (opset >= axesInputSince) {
            String axesName = out + "_axes";
            TensorProto.Builder t = TensorProto.newBuilder().setName(axesName)
                    .setDataType(TensorProto.DataType.INT64_VALUE).addDims(axes.length);
            for (int a : axes) {
                t.addInt64Data(a);
            }
            g.addInitializer(t);
            n = node(op, List.of(tensor, axesName), out);
        } else {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName("axes")
                    .setType(AttributeProto.AttributeType.INTS);
            for (int axis : axes) {
                a.addInts(axis);
            }
            n = node(op, List.of(tensor), out).addAttribute(a);
        }
        return n.addAttribute(intAttr("keepdims", 0)).build();
    }

    private void output(String name, int elemType) {
        g.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType))));
    }

    private static NodeProto.Builder node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }
}
