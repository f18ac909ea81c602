package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.List;
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
        GraphProto.Builder g = source.proto().getGraph().toBuilder();
        GraphRewriter b = new GraphRewriter(g, source.opset());
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            b.beginGroup();
            TensorPooling p = plan.get(i);
            String tag = GraphRewriter.PREFIX + "tensor" + i + "_";
            String x = b.asFloat(p.tensor(), p.elementType(), tag + "value");
            outs.add(p.flatten() ? b.flatten(x, tag + "flat") : b.pool(x, p.reducedAxes(), p.rank(), tag + "pooled"));
        }
        return new TensorCaptureGraph(source.proto().toBuilder().setGraph(b.scheduledGraph()).build(),
                outs);
    }
}
