package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
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
    private final int originalNodes;
    private final int originalOutputs;
    private final List<Integer> groupStarts = new ArrayList<>();
    private String tokenWeights;

    GraphRewriter(GraphProto.Builder g, int opset) {
        this.g = g;
        this.opset = opset;
        this.originalNodes = g.getNodeCount();
        this.originalOutputs = g.getOutputCount();
    }

    /** Marks the start of the nodes added for the next site (or tensor); see {@link #scheduledGraph}. */
    void beginGroup() {
        groupStarts.add(g.getNodeCount());
    }

    /**
     * The rewritten graph, ordered for ONNX Runtime's scheduler. Its default execution order is a depth-first walk up
     * from the graph's leaf nodes, taking the leaf with the highest index first: with the groups of added nodes in
     * site order, the last site's pooling would pull in almost the whole network before it, and every other site's
     * pooling would run after the forward pass, keeping all their activation tensors alive until then. At batch 64
     * ResNet-18 peaked at 2.8 GB instead of 0.8 GB that way, ViT-B/16 at 3.9 GB instead of 1.4 GB, and their first
     * batches ran up to twice as long while the extra pages were faulted in. So the groups go in reverse order after
     * the model's own nodes, and the first site's pooling is walked to first; and each of the model's outputs passes
     * through an Identity of ours placed before them, so that the model's output node, which ONNX Runtime's
     * optimisers may replace by a new node with a higher index (an NCHWc convolution ending a feature extractor), is
     * no leaf and cannot be walked to before the pooling (ResNet-18 without its head: 1.56 GB instead of 0.77 GB).
     * Each group depends only on the model's nodes and itself, so the node list stays topologically sorted.
     */
    GraphProto.Builder scheduledGraph() {
        passModelOutputsThroughIdentities();
        List<NodeProto> nodes = List.copyOf(g.getNodeList());
        // nodes added before the first group (the token weights that every masked site shares) stay first
        int firstGroup = groupStarts.isEmpty() ? nodes.size() : groupStarts.get(0);
        List<NodeProto> order = new ArrayList<>(nodes.subList(0, firstGroup));
        List<Integer> bounds = new ArrayList<>(groupStarts);
        bounds.add(nodes.size());
        for (int k = bounds.size() - 2; k >= 0; k--) {
            order.addAll(nodes.subList(bounds.get(k), bounds.get(k + 1)));
        }
        return g.clearNode().addAllNode(order);
    }

    /** Renames each model output made by a node to an inner tensor and adds an Identity from it to the output. */
    private void passModelOutputsThroughIdentities() {
        Set<String> produced = new HashSet<>();
        for (NodeProto n : g.getNodeList().subList(0, originalNodes)) {
            produced.addAll(n.getOutputList());
        }
        Map<String, String> inner = new LinkedHashMap<>();
        for (int i = 0; i < originalOutputs; i++) {
            String name = g.getOutput(i).getName();
            if (produced.contains(name)) {
                inner.putIfAbsent(name, PREFIX + "model_output_" + inner.size());
            }
        }
        if (inner.isEmpty()) {
            return;
        }
        for (NodeProto.Builder n : g.getNodeBuilderList()) {
            for (int k = 0; k < n.getInputCount(); k++) {
                String renamed = inner.get(n.getInput(k));
                if (renamed != null) {
                    n.setInput(k, renamed);
                }
            }
            for (int k = 0; k < n.getOutputCount(); k++) {
                String renamed = inner.get(n.getOutput(k));
                if (renamed != null) {
                    n.setOutput(k, renamed);
                }
            }
        }
        beginGroup();
        inner.forEach((output, renamed) -> g.addNode(node("Identity", List.of(renamed), output)
                .setName(PREFIX + "keep_" + renamed.substring(PREFIX.length()))));
    }

    String asFloat(String tensor, ElementType type, String tag) {
        if (type == ElementType.FLOAT) {
            return tensor;
        }
        String out = tag + "_f32";
        g.addNode(node("Cast", List.of(tensor), out).addAttribute(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
        return out;
    }

    /** DequantizeLinear(tensor, scale, zero point): the real values of an integer tensor, as float32. */
    String dequantise(String tensor, String scale, Optional<String> zeroPoint, String tag) {
        String out = tag + "_dequantised";
        List<String> inputs = zeroPoint.map(z -> List.of(tensor, scale, z)).orElse(List.of(tensor, scale));
        g.addNode(node("DequantizeLinear", inputs, out));
        return out;
    }

    /**
     * The mean of {@code tensor} (of rank {@code rank}) over {@code axes}, exposed as an output. A mean over every
     * axis after the second (the spatial axes of NCHW) is spelled GlobalAveragePool + Flatten rather than ReduceMean:
     * ONNX Runtime runs GlobalAveragePool in its blocked NCHWc layout, so a convolution's output is pooled where it
     * lies instead of being reordered to NCHW first, a full-size copy per site and batch.
     */
    String pool(String tensor, int[] axes, int rank, String out) {
        if (axes.length == 0) {
            g.addNode(node("Identity", List.of(tensor), out));
        } else if (rank >= 3 && Arrays.equals(axes, IntStream.range(2, rank).toArray())) {
            String spatial = out + "_gap";
            g.addNode(node("GlobalAveragePool", List.of(tensor), spatial));
            endChain(spatial, out);
        } else {
            String mean = out + "_mean";
            g.addNode(reduce("ReduceMean", tensor, axes, mean, 18));
            endChain(mean, out);
        }
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /**
     * Ends a pooling chain with a Flatten to samples x features: for a 2-D tensor it changes nothing, but it is a node
     * of ours that ONNX Runtime's graph optimisers leave in place (they would replace a final MatMul + Add by a new
     * Gemm node, with a new index), so the chain's leaf keeps the index that orders the schedule (see
     * {@link #scheduledGraph}).
     */
    private void endChain(String tensor, String out) {
        g.addNode(node("Flatten", List.of(tensor), out).addAttribute(intAttr("axis", 1)));
    }

    /**
     * The mean over {@code axes} of a linear layer's output h W (+ b), computed from its input: the mean commutes with
     * the layer. When the last axis (the one the layer maps) is kept, it is (mean of h over the axes) W (+ b); when it
     * is averaged too, the layer's columns are averaged first, h (W 1/C) (+ mean of b), a matrix-vector product. ONNX
     * Runtime folds the averaged weights at load time. Either way the layer's output keeps its single consumer, so
     * ONNX Runtime still fuses it with the activation (bias + GELU in transformer MLPs) and never keeps the wide
     * tensor alive for pooling.
     */
    String poolThroughLinear(String h, String weight, Optional<String> bias, int[] axes, int rank, String out) {
        boolean featuresAveraged = Arrays.stream(axes).anyMatch(a -> a == rank - 1);
        String linear;
        if (!featuresAveraged) {
            String mean = out + "_input_mean";
            g.addNode(reduce("ReduceMean", h, axes, mean, 18, false));
            linear = affine(mean, weight, bias, out);
        } else {
            String columnMean = out + "_weight_column_mean";
            g.addNode(reduce("ReduceMean", weight, new int[] {1}, columnMean, 18, true));
            Optional<String> biasMean = bias.map(b -> {
                String m = out + "_bias_mean";
                g.addNode(reduce("ReduceMean", b, new int[] {0}, m, 18, true));
                return m;
            });
            String perPosition = affine(h, columnMean, biasMean, out);
            linear = out + "_mean";
            g.addNode(reduce("ReduceMean", perPosition, axes, linear, 18, false));
        }
        endChain(linear, out);
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /**
     * The token weights of a mask input [batch, tokens]: mask / (its sum over the tokens), float [batch, tokens, 1],
     * added once per graph and shared by every masked site. A row without any real token divides by zero and gives
     * NaN, which the scorer reports as a non-finite activation (the data checks rule such rows out first).
     */
    String tokenWeights(String maskInput) {
        if (tokenWeights != null) {
            return tokenWeights;
        }
        String m = PREFIX + "mask_f32";
        String m3 = PREFIX + "mask_f32_3d";
        String count = PREFIX + "mask_tokens";
        String w = PREFIX + "mask_weights";
        g.addNode(node("Cast", List.of(maskInput), m).addAttribute(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
        if (opset >= 13) {
            String axes = PREFIX + "mask_unsqueeze_axes";
            g.addInitializer(TensorProto.newBuilder().setName(axes).setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(1).addInt64Data(2));
            g.addNode(node("Unsqueeze", List.of(m, axes), m3));
        } else {
            g.addNode(node("Unsqueeze", List.of(m), m3).addAttribute(AttributeProto.newBuilder().setName("axes")
                    .setType(AttributeProto.AttributeType.INTS).addInts(2)));
        }
        g.addNode(reduce("ReduceSum", m3, new int[] {1}, count, 13, true));
        g.addNode(node("Div", List.of(m3, count), w));
        tokenWeights = w;
        return w;
    }

    /**
     * The masked mean over the tokens of a [batch, tokens, features] tensor: sum over tokens of tensor x weights,
     * where the weights ({@link #tokenWeights}) are the mask divided by its token count, exposed as an output.
     */
    String maskedPool(String tensor, String weights, String out) {
        String weighted = out + "_masked";
        String sum = out + "_masked_sum";
        g.addNode(node("Mul", List.of(tensor, weights), weighted));
        g.addNode(reduce("ReduceSum", weighted, new int[] {1}, sum, 13));
        endChain(sum, out);
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /**
     * The masked mean of a linear layer's output from its input: the mask's weights sum to 1 per sample, so the
     * weighted mean commutes with the layer as the plain mean does ({@link #poolThroughLinear}).
     */
    String maskedPoolThroughLinear(String h, String weight, Optional<String> bias, String weights, String out) {
        String weighted = out + "_input_masked";
        String mean = out + "_input_masked_mean";
        g.addNode(node("Mul", List.of(h, weights), weighted));
        g.addNode(reduce("ReduceSum", weighted, new int[] {1}, mean, 13));
        String linear = affine(mean, weight, bias, out);
        endChain(linear, out);
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /**
     * The rows {@code rowsInput} of a [batch, tokens, features] tensor flattened to [batch x tokens, features]: each
     * drawn token a sample ({@code --tokens N}), exposed as an output.
     */
    String sampledTokens(String tensor, String rowsInput, String out) {
        endChain(gatherTokens(tensor, rowsInput, out), out);
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /** The drawn tokens' rows of a linear layer's output, from its input: gathering commutes with the layer. */
    String sampledThroughLinear(String h, String weight, Optional<String> bias, String rowsInput, String out) {
        String linear = affine(gatherTokens(h, rowsInput, out + "_input"), weight, bias, out);
        endChain(linear, out);
        output(out, TensorProto.DataType.FLOAT_VALUE);
        return out;
    }

    /** Rows {@code rowsInput} of a [batch, tokens, features] tensor seen as [batch x tokens, features]. */
    private String gatherTokens(String tensor, String rowsInput, String tag) {
        String flat = tag + "_tokens";
        String rows = tag + "_rows";
        g.addNode(node("Flatten", List.of(tensor), flat).addAttribute(intAttr("axis", 2)));
        g.addNode(node("Gather", List.of(flat, rowsInput), rows).addAttribute(intAttr("axis", 0)));
        return rows;
    }

    /** x W (+ b) as MatMul (+ Add); returns the result's name. */
    private String affine(String x, String weight, Optional<String> bias, String out) {
        String product = out + "_matmul";
        g.addNode(node("MatMul", List.of(x, weight), product));
        if (bias.isEmpty()) {
            return product;
        }
        String sum = out + "_linear";
        g.addNode(node("Add", List.of(product, bias.get()), sum));
        return sum;
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
        int[] axes = IntStream.range(1, rank).toArray();
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
        return reduce(op, tensor, axes, out, axesInputSince, false);
    }

    private NodeProto reduce(String op, String tensor, int[] axes, String out, int axesInputSince, boolean keepDims) {
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
        return n.addAttribute(intAttr("keepdims", keepDims ? 1 : 0)).build();
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
