package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nlsig.onnx.model.Graph;

/** Small queries on nodes shared by the pattern matchers. */
final class Nodes {
    /** Exporters round constants (1.4142, fp16 weights): compare with this relative tolerance. */
    static final double TOLERANCE = 2e-3;

    private Nodes() {
    }

    static boolean near(double value, double expected) {
        return Math.abs(value - expected) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
    }

    static boolean isOp(NodeProto n, String opType) {
        return n.getOpType().equals(opType) && (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"));
    }

    /** The node that produces {@code tensor}, if it has this op type and {@code tensor} has no other reader. */
    static Optional<NodeProto> privateProducer(Graph g, String tensor, String opType) {
        return g.producer(tensor).filter(p -> isOp(p, opType) && onlyConsumer(g, tensor));
    }

    /** The single reader of {@code tensor}, if it has this op type and the tensor is not also a graph output. */
    static Optional<NodeProto> soleConsumer(Graph g, String tensor, String opType) {
        List<NodeProto> c = g.consumers(tensor);
        if (c.size() != 1 || g.isGraphOutput(tensor) || !isOp(c.get(0), opType)) {
            return Optional.empty();
        }
        return Optional.of(c.get(0));
    }

    static boolean onlyConsumer(Graph g, String tensor) {
        return g.consumers(tensor).size() == 1 && !g.isGraphOutput(tensor);
    }

    /** For a binary node reading {@code tensor}, the other input; empty when both inputs are that tensor. */
    static Optional<String> otherInput(NodeProto n, String tensor) {
        if (n.getInputCount() != 2) {
            return Optional.empty();
        }
        if (n.getInput(0).equals(tensor) && !n.getInput(1).equals(tensor)) {
            return Optional.of(n.getInput(1));
        }
        if (n.getInput(1).equals(tensor) && !n.getInput(0).equals(tensor)) {
            return Optional.of(n.getInput(0));
        }
        return Optional.empty();
    }

    /** For Mul(a, c) or Mul(c, a) with c a scalar constant: a and c. */
    static Optional<Scaled> scaled(Graph g, NodeProto mul) {
        if (!isOp(mul, "Mul") || mul.getInputCount() != 2) {
            return Optional.empty();
        }
        for (int i = 0; i < 2; i++) {
            OptionalDouble c = g.scalar(mul.getInput(i));
            if (c.isPresent() && !g.isConstant(mul.getInput(1 - i))) {
                return Optional.of(new Scaled(mul.getInput(1 - i), c.getAsDouble()));
            }
        }
        return Optional.empty();
    }

    /** A non-constant tensor times a constant factor. */
    record Scaled(String tensor, double factor) {
    }

    static float floatAttribute(NodeProto n, String name, float fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name) && a.getType() == AttributeProto.AttributeType.FLOAT) {
                return a.getF();
            }
        }
        return fallback;
    }

    static Optional<String> stringAttribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name) && a.getType() == AttributeProto.AttributeType.STRING) {
                return Optional.of(a.getS().toStringUtf8());
            }
        }
        return Optional.empty();
    }

    /** Clip's bounds: inputs 1 and 2 since opset 11, attributes before; NaN where absent or not constant. */
    static double[] clipBounds(Graph g, NodeProto clip) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (AttributeProto a : clip.getAttributeList()) {
            if (a.getName().equals("min")) {
                lo = a.getF();
            } else if (a.getName().equals("max")) {
                hi = a.getF();
            }
        }
        if (clip.getInputCount() > 1 && !clip.getInput(1).isEmpty()) {
            lo = g.scalar(clip.getInput(1)).orElse(Double.NaN);
        }
        if (clip.getInputCount() > 2 && !clip.getInput(2).isEmpty()) {
            hi = g.scalar(clip.getInput(2)).orElse(Double.NaN);
        }
        return new double[] {lo, hi};
    }

    /**
     * Follows a chain of single-reader Mul/Div nodes from {@code start} that multiplies it by {@code x} once and by
     * constants whose product is {@code factor}, in any order and association (exporters differ:
     * {@code (x*a)*0.5}, {@code x*(0.5*a)}, {@code (0.5*x)*a}, {@code (x*a)/2}). Returns the chain's nodes and
     * the tensor it ends at.
     */
    static Optional<Chain> productWith(Graph g, String start, String x, double factor) {
        String t = start;
        int xs = 0;
        double k = 1;
        List<NodeProto> nodes = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            List<NodeProto> readers = g.consumers(t);
            if (readers.size() != 1 || g.isGraphOutput(t)) {
                return Optional.empty();
            }
            NodeProto n = readers.get(0);
            Optional<String> other = otherInput(n, t);
            if (other.isEmpty()) {
                return Optional.empty();
            }
            String o = other.get();
            if (isOp(n, "Mul")) {
                if (o.equals(x)) {
                    xs++;
                } else if (g.scalar(o).isPresent()) {
                    k *= g.scalar(o).getAsDouble();
                } else {
                    Optional<NodeProto> side = privateProducer(g, o, "Mul");
                    Optional<Scaled> s = side.flatMap(p -> scaled(g, p));
                    if (s.isEmpty() || !s.get().tensor().equals(x)) {
                        return Optional.empty();
                    }
                    xs++;
                    k *= s.get().factor();
                    nodes.add(side.get());
                }
            } else if (isOp(n, "Div") && n.getInput(0).equals(t) && g.scalar(o).isPresent()) {
                k /= g.scalar(o).getAsDouble();
            } else {
                return Optional.empty();
            }
            nodes.add(n);
            t = n.getOutput(0);
            if (xs > 1) {
                return Optional.empty();
            }
            if (xs == 1 && near(k, factor)) {
                return Optional.of(new Chain(nodes, t));
            }
        }
        return Optional.empty();
    }

    /** Nodes of a product chain, and the tensor the chain ends at. */
    record Chain(List<NodeProto> nodes, String end) {
    }
}
