package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/**
 * Exact GELU decomposed around Erf: {@code 0.5 * x * (1 + erf(x / sqrt 2))}, with {@code x / sqrt 2} written as
 * Div or as Mul by 0.7071, and the final products in the orders of PyTorch's TorchScript and dynamo exporters and
 * of tf2onnx (see {@link Nodes#productWith}).
 */
final class GeluErfPattern implements PatternMatcher {
    private static final double SQRT2 = Math.sqrt(2);

    @Override
    public Optional<Match> match(NodeProto erf, Graph g) {
        if (!Nodes.isOp(erf, "Erf")) {
            return Optional.empty();
        }
        Optional<NodeProto> scale = g.producer(erf.getInput(0)).filter(p -> Nodes.onlyConsumer(g, erf.getInput(0)));
        if (scale.isEmpty()) {
            return Optional.empty();
        }
        String x = scaledInput(scale.get(), g);
        if (x == null) {
            return Optional.empty();
        }
        Optional<NodeProto> plusOne = Nodes.soleConsumer(g, erf.getOutput(0), "Add")
                .filter(add -> Nodes.otherInput(add, erf.getOutput(0)).map(g::scalar)
                        .filter(c -> c.isPresent() && Nodes.near(c.getAsDouble(), 1.0)).isPresent());
        if (plusOne.isEmpty()) {
            return Optional.empty();
        }
        return Nodes.productWith(g, plusOne.get().getOutput(0), x, 0.5).map(chain -> {
            List<NodeProto> nodes = new ArrayList<>(List.of(scale.get(), erf, plusOne.get()));
            nodes.addAll(chain.nodes());
            return new Match(ActivationKind.GELU, nodes, x, chain.end());
        });
    }

    /** x for Div(x, sqrt 2) or Mul(x, 1/sqrt 2); null otherwise. */
    private static String scaledInput(NodeProto n, Graph g) {
        if (Nodes.isOp(n, "Div") && n.getInputCount() == 2 && g.scalar(n.getInput(1)).isPresent()
                && Nodes.near(g.scalar(n.getInput(1)).getAsDouble(), SQRT2)) {
            return n.getInput(0);
        }
        return Nodes.scaled(g, n).filter(s -> Nodes.near(s.factor(), 1 / SQRT2)).map(Nodes.Scaled::tensor)
                .orElse(null);
    }
}
