package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/**
 * GELU's tanh approximation: {@code 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))}, the cube written as
 * Pow(x, 3) or as products of x, and the outer products in any order.
 */
final class GeluTanhPattern implements PatternMatcher {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    @Override
    public Optional<Match> match(NodeProto tanh, Graph g) {
        if (!Nodes.isOp(tanh, "Tanh")) {
            return Optional.empty();
        }
        List<NodeProto> nodes = new ArrayList<>();
        Optional<NodeProto> outer = Nodes.privateProducer(g, tanh.getInput(0), "Mul");
        Optional<Nodes.Scaled> scaled = outer.flatMap(m -> Nodes.scaled(g, m))
                .filter(s -> Nodes.near(s.factor(), SQRT_2_OVER_PI));
        if (scaled.isEmpty()) {
            return Optional.empty();
        }
        Optional<NodeProto> sum = Nodes.privateProducer(g, scaled.get().tensor(), "Add");
        if (sum.isEmpty() || sum.get().getInputCount() != 2) {
            return Optional.empty();
        }
        for (int i = 0; i < 2; i++) {
            String x = sum.get().getInput(i);
            String cubicTerm = sum.get().getInput(1 - i);
            List<NodeProto> cubic = cubicTerm(g, cubicTerm, x);
            if (cubic == null) {
                continue;
            }
            Optional<NodeProto> plusOne = Nodes.soleConsumer(g, tanh.getOutput(0), "Add")
                    .filter(add -> Nodes.otherInput(add, tanh.getOutput(0)).map(g::scalar)
                            .filter(c -> c.isPresent() && Nodes.near(c.getAsDouble(), 1.0)).isPresent());
            if (plusOne.isEmpty()) {
                return Optional.empty();
            }
            Optional<Nodes.Chain> chain = Nodes.productWith(g, plusOne.get().getOutput(0), x, 0.5);
            if (chain.isEmpty()) {
                return Optional.empty();
            }
            nodes.addAll(cubic);
            nodes.add(sum.get());
            nodes.add(outer.get());
            nodes.add(tanh);
            nodes.add(plusOne.get());
            nodes.addAll(chain.get().nodes());
            nodes.sort(java.util.Comparator.comparingInt(g::position));
            return Optional.of(new Match(ActivationKind.GELU_TANH, nodes, x, chain.get().end()));
        }
        return Optional.empty();
    }

    /** The nodes computing {@code 0.044715 * x^3} into {@code tensor}, or null. */
    private static List<NodeProto> cubicTerm(Graph g, String tensor, String x) {
        Optional<NodeProto> mul = Nodes.privateProducer(g, tensor, "Mul");
        Optional<Nodes.Scaled> s = mul.flatMap(m -> Nodes.scaled(g, m)).filter(c -> Nodes.near(c.factor(), 0.044715));
        if (s.isEmpty()) {
            return null;
        }
        List<NodeProto> cube = cube(g, s.get().tensor(), x);
        if (cube == null) {
            return null;
        }
        List<NodeProto> out = new ArrayList<>(cube);
        out.add(mul.get());
        return out;
    }

    /** Nodes computing x^3 into {@code tensor}: Pow(x, 3), Mul(x, Mul(x, x)) or Mul(Mul(x, x), x); or null. */
    private static List<NodeProto> cube(Graph g, String tensor, String x) {
        Optional<NodeProto> pow = Nodes.privateProducer(g, tensor, "Pow");
        if (pow.isPresent()) {
            NodeProto p = pow.get();
            boolean isCube = p.getInput(0).equals(x) && g.scalar(p.getInput(1)).isPresent()
                    && Nodes.near(g.scalar(p.getInput(1)).getAsDouble(), 3.0);
            return isCube ? List.of(p) : null;
        }
        Optional<NodeProto> outer = Nodes.privateProducer(g, tensor, "Mul");
        if (outer.isEmpty()) {
            return null;
        }
        Optional<String> square = Nodes.otherInput(outer.get(), x);
        Optional<NodeProto> inner = square.flatMap(sq -> Nodes.privateProducer(g, sq, "Mul"))
                .filter(m -> m.getInput(0).equals(x) && m.getInput(1).equals(x));
        return inner.map(m -> List.of(m, outer.get())).orElse(null);
    }
}
