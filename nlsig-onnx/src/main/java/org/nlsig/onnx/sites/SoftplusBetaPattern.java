package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/** Softplus with a slope: {@code softplus(beta x) / beta}, the division written as Div or as Mul by 1/beta. */
final class SoftplusBetaPattern implements PatternMatcher {
    @Override
    public Optional<Match> match(NodeProto softplus, Graph g) {
        if (!Nodes.isOp(softplus, "Softplus")) {
            return Optional.empty();
        }
        Optional<NodeProto> scale = Nodes.privateProducer(g, softplus.getInput(0), "Mul");
        Optional<Nodes.Scaled> beta = scale.flatMap(m -> Nodes.scaled(g, m));
        if (beta.isEmpty() || beta.get().factor() == 0) {
            return Optional.empty();
        }
        double b = beta.get().factor();
        String out = softplus.getOutput(0);
        List<NodeProto> readers = g.consumers(out);
        if (readers.size() != 1 || g.isGraphOutput(out)) {
            return Optional.empty();
        }
        NodeProto back = readers.get(0);
        boolean undoes = (Nodes.isOp(back, "Div") && back.getInput(0).equals(out)
                && g.scalar(back.getInput(1)).isPresent() && Nodes.near(g.scalar(back.getInput(1)).getAsDouble(), b))
                || Nodes.scaled(g, back).filter(s -> s.tensor().equals(out) && Nodes.near(s.factor(), 1 / b))
                .isPresent();
        if (!undoes) {
            return Optional.empty();
        }
        return Optional.of(new Match(ActivationKind.SOFTPLUS, List.of(scale.get(), softplus, back),
                beta.get().tensor(), back.getOutput(0)));
    }
}
