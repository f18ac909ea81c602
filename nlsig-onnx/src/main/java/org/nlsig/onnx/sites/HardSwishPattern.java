package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/**
 * HardSwish decomposed: {@code x * HardSigmoid(x)} (alpha 1/6, beta 1/2; PyTorch before opset 14), and Paddle's
 * {@code x * Clip(x + 3, 0, 6) / 6} with the division as Div by 6 or Mul by 1/6 in either order.
 */
final class HardSwishPattern implements PatternMatcher {
    @Override
    public Optional<Match> match(NodeProto anchor, Graph g) {
        if (Nodes.isOp(anchor, "HardSigmoid")) {
            return fromHardSigmoid(anchor, g);
        }
        if (Nodes.isOp(anchor, "Clip")) {
            return fromClip(anchor, g);
        }
        return Optional.empty();
    }

    private static Optional<Match> fromHardSigmoid(NodeProto hs, Graph g) {
        double alpha = Nodes.floatAttribute(hs, "alpha", 0.2f);
        double beta = Nodes.floatAttribute(hs, "beta", 0.5f);
        if (!Nodes.near(alpha, 1.0 / 6) || !Nodes.near(beta, 0.5)) {
            return Optional.empty();
        }
        String x = hs.getInput(0);
        return Nodes.productWith(g, hs.getOutput(0), x, 1.0).map(chain -> {
            List<NodeProto> nodes = new ArrayList<>(List.of(hs));
            nodes.addAll(chain.nodes());
            return new Match(ActivationKind.HARD_SWISH, nodes, x, chain.end());
        });
    }

    private static Optional<Match> fromClip(NodeProto clip, Graph g) {
        double[] bounds = Nodes.clipBounds(g, clip);
        if (!Nodes.near(bounds[0], 0) || !Nodes.near(bounds[1], 6)) {
            return Optional.empty();
        }
        Optional<NodeProto> shift = Nodes.privateProducer(g, clip.getInput(0), "Add");
        if (shift.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < 2; i++) {
            String x = shift.get().getInput(i);
            String c = shift.get().getInput(1 - i);
            if (g.isConstant(x) || g.scalar(c).isEmpty() || !Nodes.near(g.scalar(c).getAsDouble(), 3)) {
                continue;
            }
            return Nodes.productWith(g, clip.getOutput(0), x, 1.0 / 6).map(chain -> {
                List<NodeProto> nodes = new ArrayList<>(List.of(shift.get(), clip));
                nodes.addAll(chain.nodes());
                return new Match(ActivationKind.HARD_SWISH, nodes, x, chain.end());
            });
        }
        return Optional.empty();
    }
}
