package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.OnnxModel;

/**
 * Rewrites a model so that ONNX Runtime pools (or flattens) a list of arbitrary tensors, such as the positions of a
 * data track, and exposes each result as a float32 graph output: the same rewrite as {@link CaptureGraph}, for
 * tensors rather than activation sites.
 *
 * @param model   the rewritten model
 * @param outputs the added output names, one per tensor in the order given
 */
public record TensorCaptureGraph(ModelProto model, List<String> outputs) {
    public TensorCaptureGraph {
        outputs = List.copyOf(outputs);
    }

    public static TensorCaptureGraph build(OnnxModel source, List<TensorPooling> plan) {
        return build(source, plan, Optional.empty());
    }

    /** The capture graph; tensors whose pooling is {@link TensorPooling#masked() masked} are averaged by {@code mask}. */
    public static TensorCaptureGraph build(OnnxModel source, List<TensorPooling> plan, Optional<TokenMask> mask) {
        GraphProto.Builder g = source.proto().getGraph().toBuilder();
        GraphRewriter b = new GraphRewriter(g, source.opset());
        // the shared token weights come before every tensor's group (see GraphRewriter.scheduledGraph)
        String weights = plan.stream().anyMatch(TensorPooling::masked)
                ? b.tokenWeights(mask.orElseThrow(() -> new IllegalArgumentException(
                        "masked pooling needs the run's token mask")).input())
                : null;
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            b.beginGroup();
            TensorPooling p = plan.get(i);
            String tag = GraphRewriter.PREFIX + "tensor" + i + "_";
            String x = b.asFloat(p.tensor(), p.elementType(), tag + "value");
            if (p.flatten()) {
                outs.add(b.flatten(x, tag + "flat"));
            } else if (p.masked()) {
                outs.add(b.maskedPool(x, weights, tag + "pooled"));
            } else {
                outs.add(b.pool(x, p.reducedAxes(), p.rank(), tag + "pooled"));
            }
        }
        return new TensorCaptureGraph(source.proto().toBuilder().setGraph(b.scheduledGraph()).build(),
                outs);
    }
}
