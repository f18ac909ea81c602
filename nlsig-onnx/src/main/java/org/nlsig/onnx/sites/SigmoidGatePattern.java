package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/**
 * A tensor gated by its own sigmoid: SiLU {@code x * sigmoid(x)}, Swish {@code x * sigmoid(beta x)} and QuickGELU
 * {@code x * sigmoid(1.702 x)}. {@code x * sigmoid(y)} with y another tensor (a squeeze-excitation gate) is not one.
 */
final class SigmoidGatePattern implements PatternMatcher {
    private static final double QUICK_GELU_BETA = 1.702;

    @Override
    public Optional<Match> match(NodeProto sigmoid, Graph g) {
        if (!Nodes.isOp(sigmoid, "Sigmoid")) {
            return Optional.empty();
        }
        String in = sigmoid.getInput(0);
        Optional<NodeProto> scale = Nodes.privateProducer(g, in, "Mul");
        Optional<Nodes.Scaled> beta = scale.flatMap(m -> Nodes.scaled(g, m));
        Optional<Match> withBeta = beta.flatMap(b -> gate(sigmoid, b.tensor(), g).map(mul -> {
            ActivationKind kind = Nodes.near(b.factor(), QUICK_GELU_BETA) ? ActivationKind.QUICK_GELU
                    : Nodes.near(b.factor(), 1.0) ? ActivationKind.SILU : ActivationKind.SWISH;
            return new Match(kind, List.of(scale.get(), sigmoid, mul), b.tensor(), mul.getOutput(0));
        }));
        if (withBeta.isPresent()) {
            return withBeta;
        }
        return gate(sigmoid, in, g).map(mul -> new Match(ActivationKind.SILU, new ArrayList<>(List.of(sigmoid, mul)),
                in, mul.getOutput(0)));
    }

    /** The Mul that multiplies the sigmoid's output by {@code x} and nothing else reads the sigmoid. */
    private static Optional<NodeProto> gate(NodeProto sigmoid, String x, Graph g) {
        return Nodes.soleConsumer(g, sigmoid.getOutput(0), "Mul")
                .filter(m -> Nodes.otherInput(m, sigmoid.getOutput(0)).filter(x::equals).isPresent());
    }
}
