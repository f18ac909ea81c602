package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/** Mish decomposed: {@code x * tanh(softplus(x))}. */
final class MishPattern implements PatternMatcher {
    @Override
    public Optional<Match> match(NodeProto softplus, Graph g) {
        if (!Nodes.isOp(softplus, "Softplus")) {
            return Optional.empty();
        }
        String x = softplus.getInput(0);
        Optional<NodeProto> tanh = Nodes.soleConsumer(g, softplus.getOutput(0), "Tanh");
        Optional<NodeProto> mul = tanh.flatMap(t -> Nodes.soleConsumer(g, t.getOutput(0), "Mul")
                .filter(m -> Nodes.otherInput(m, t.getOutput(0)).filter(x::equals).isPresent()));
        return mul.map(m -> new Match(ActivationKind.MISH, List.of(softplus, tanh.get(), m), x, m.getOutput(0)));
    }
}
