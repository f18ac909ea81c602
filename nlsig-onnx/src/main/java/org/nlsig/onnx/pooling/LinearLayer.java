package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.Graph;

/**
 * A linear layer as exporters write it for token and channels-last tensors: {@code MatMul(h, W)} with a constant
 * 2-D W, optionally followed by {@code Add} of a constant 1-D bias (either operand order).
 *
 * @param input  h, the layer's input tensor (same rank as its output)
 * @param weight W, Cin x Cout
 * @param bias   b, of length Cout, if the layer has one
 */
record LinearLayer(String input, String weight, Optional<String> bias) {

    /** The linear layer whose output is {@code tensor}, if that is how the tensor is made. */
    static Optional<LinearLayer> producing(Graph graph, String tensor) {
        Optional<NodeProto> producer = graph.producer(tensor);
        if (producer.isEmpty()) {
            return Optional.empty();
        }
        NodeProto p = producer.get();
        if (isMatMul(graph, p)) {
            return Optional.of(new LinearLayer(p.getInput(0), p.getInput(1), Optional.empty()));
        }
        if (!p.getOpType().equals("Add") || !p.getDomain().isEmpty() || p.getInputCount() != 2) {
            return Optional.empty();
        }
        for (int b = 0; b < 2; b++) {
            String bias = p.getInput(b);
            String other = p.getInput(1 - b);
            Optional<NodeProto> matmul = graph.producer(other);
            if (isFloatConstantOfRank(graph, bias, 1) && matmul.isPresent() && isMatMul(graph, matmul.get())
                    // the product must feed only this Add, or it would be computed for its other consumers anyway
                    && graph.consumers(other).size() == 1) {
                return Optional.of(new LinearLayer(matmul.get().getInput(0), matmul.get().getInput(1),
                        Optional.of(bias)));
            }
        }
        return Optional.empty();
    }

    private static boolean isMatMul(Graph graph, NodeProto n) {
        return n.getOpType().equals("MatMul") && n.getDomain().isEmpty() && n.getInputCount() == 2
                && !graph.isConstant(n.getInput(0)) && isFloatConstantOfRank(graph, n.getInput(1), 2);
    }

    private static boolean isFloatConstantOfRank(Graph graph, String tensor, int rank) {
        return graph.constantType(tensor) == ElementType.FLOAT
                && graph.constantDims(tensor).map(List::size).orElse(-1) == rank;
    }
}
