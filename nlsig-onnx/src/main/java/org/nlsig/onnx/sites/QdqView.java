package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.nlsig.onnx.model.Graph;

/**
 * A main graph with its static quantisation (QDQ) made transparent, so that the patterns see the float network the
 * quantiser started from. A QuantizeLinear -> DequantizeLinear pair is dropped and the DequantizeLinear's readers
 * read the quantised tensor's float source instead; a DequantizeLinear of constants (a quantised scalar such as
 * the 3 of Paddle's HardSwish) becomes a float constant. Without this, each part of a quantised HardSwish is
 * separated from the next by a Q/DQ pair and only its Clip is found, as a {@code relu6} of {@code x + 3} (all 24
 * HardSwish sites of PP-OCRv4 det).
 *
 * <p>The nodes that remain are the model's own nodes with renamed inputs: their names, op types and outputs are
 * unchanged, and their order is the model's. {@link #floatInput} and {@link #floatOutput} map a match's tensors back
 * to the dequantised tensors the model really computes, which are the ones the site is measured on.
 */
final class QdqView {
    private final Graph graph;
    private final Graph original;
    /** Original node for each node of the view, by position in the view. */
    private final List<NodeProto> originals;
    /** DequantizeLinear output -> the float tensor its QuantizeLinear read. */
    private final Map<String, String> aliases;

    private QdqView(Graph graph, Graph original, List<NodeProto> originals, Map<String, String> aliases) {
        this.graph = graph;
        this.original = original;
        this.originals = List.copyOf(originals);
        this.aliases = Map.copyOf(aliases);
    }

    static QdqView of(Graph g) {
        Map<String, String> aliases = new HashMap<>();
        Set<NodeProto> dropped = new HashSet<>();
        List<TensorProto> folded = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            if (!Nodes.isOp(n, "DequantizeLinear")) {
                continue;
            }
            Optional<NodeProto> q = g.producer(n.getInput(0)).filter(p -> Nodes.isOp(p, "QuantizeLinear"));
            if (q.isPresent()) {
                String source = q.get().getInput(0);
                aliases.put(n.getOutput(0), aliases.getOrDefault(source, source));
                dropped.add(n);
            } else {
                constantValue(g, n).ifPresent(v -> {
                    folded.add(TensorProto.newBuilder().setName(n.getOutput(0))
                            .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData((float) v).build());
                    dropped.add(n);
                });
            }
        }
        for (NodeProto n : g.nodes()) {
            if (Nodes.isOp(n, "QuantizeLinear") && !g.isGraphOutput(n.getOutput(0)) && !g.consumers(n.getOutput(0))
                    .isEmpty() && g.consumers(n.getOutput(0)).stream().allMatch(dropped::contains)) {
                dropped.add(n);
            }
        }
        GraphProto.Builder b = g.proto().toBuilder().clearNode().addAllInitializer(folded).clearOutput();
        for (ValueInfoProto o : g.proto().getOutputList()) {
            b.addOutput(o.toBuilder().setName(aliases.getOrDefault(o.getName(), o.getName())));
        }
        List<NodeProto> originals = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            if (dropped.contains(n)) {
                continue;
            }
            NodeProto.Builder r = n.toBuilder();
            for (int i = 0; i < r.getInputCount(); i++) {
                r.setInput(i, aliases.getOrDefault(r.getInput(i), r.getInput(i)));
            }
            b.addNode(r);
            originals.add(n);
        }
        return new QdqView(new Graph(b.build()), g, originals, aliases);
    }

    /** The graph patterns are matched on. */
    Graph graph() {
        return graph;
    }

    /** The model's node behind a node of the view. */
    NodeProto original(NodeProto viewNode) {
        return originals.get(graph.position(viewNode));
    }

    /**
     * The tensor the model's own nodes read where the match reads {@code viewTensor}: the DequantizeLinear output
     * when a Q/DQ pair was dropped in front of the match's first reader, else the tensor itself.
     */
    String floatInput(List<NodeProto> viewNodes, String viewTensor) {
        for (NodeProto n : viewNodes) {
            NodeProto o = original(n);
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(viewTensor) && !o.getInput(i).equals(viewTensor)) {
                    return o.getInput(i);
                }
            }
        }
        return viewTensor;
    }

    /**
     * The dequantised form of a match's output: the output of the DequantizeLinear that follows its QuantizeLinear,
     * which is what the next layer reads, or the output itself when it is not quantised.
     */
    String floatOutput(String viewTensor) {
        for (NodeProto q : original.consumers(viewTensor)) {
            if (!Nodes.isOp(q, "QuantizeLinear")) {
                continue;
            }
            for (NodeProto dq : original.consumers(q.getOutput(0))) {
                if (Nodes.isOp(dq, "DequantizeLinear") && viewTensor.equals(aliases.get(dq.getOutput(0)))) {
                    return dq.getOutput(0);
                }
            }
        }
        return viewTensor;
    }

    /** (q - zero point) * scale of a DequantizeLinear whose inputs are constants that each hold one value. */
    private static OptionalDouble constantValue(Graph g, NodeProto dq) {
        OptionalDouble q = g.scalar(dq.getInput(0));
        OptionalDouble scale = dq.getInputCount() > 1 ? g.scalar(dq.getInput(1)) : OptionalDouble.empty();
        boolean hasZero = dq.getInputCount() > 2 && !dq.getInput(2).isEmpty();
        OptionalDouble zero = hasZero ? g.scalar(dq.getInput(2)) : OptionalDouble.of(0);
        if (q.isEmpty() || scale.isEmpty() || zero.isEmpty() || !isSingleValue(g, dq.getInput(0))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((q.getAsDouble() - zero.getAsDouble()) * scale.getAsDouble());
    }

    /** A constant of one element (broadcast scalars only: a per-channel weight that happens to be uniform is not). */
    private static boolean isSingleValue(Graph g, String tensor) {
        return g.constantDims(tensor).map(d -> d.stream().mapToLong(Long::longValue).reduce(1, (a, c) -> a * c) == 1)
                .orElse(false);
    }
}
