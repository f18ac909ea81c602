package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;

/**
 * Rewrites a model so that ONNX Runtime itself pools every site: for each site's input and output tensor it adds (Cast
 * to float when the tensor is not float32) then ReduceMean over the pooled axes (GlobalAveragePool for the spatial axes
 * of NCHW), and exposes the result as a graph output, so full activation tensors never leave the runtime. A site fed by
 * a linear layer (MatMul + bias) over token or channels-last tensors has its input pooled before the layer instead,
 * which leaves the model's own fusions intact (see {@link LinearLayer}). ReduceMean takes its axes as an attribute
 * before opset 18 and as an input from 18 on (ReduceSum: from 13 on); the rewrite follows the model's opset.
 *
 * @param model   the rewritten model
 * @param outputs the added outputs, one entry per site in the order given
 */
public record CaptureGraph(ModelProto model, List<CaptureOutputs> outputs) {
    /** Entries of |v| at or below this are "zero" for the sparsity metric (docs/method.md section 2). */
    public static final float NEAR_ZERO = 1e-3f;
    private static final String PREFIX = GraphRewriter.PREFIX;

    public CaptureGraph {
        outputs = List.copyOf(outputs);
    }

    public static CaptureGraph build(OnnxModel source, List<SitePooling> plan, boolean sparsity) {
        int opset = source.opset();
        GraphProto.Builder g = source.proto().getGraph().toBuilder();
        GraphRewriter b = new GraphRewriter(g, opset);
        if (sparsity) {
            g.addInitializer(TensorProto.newBuilder().setName(PREFIX + "near_zero")
                    .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(NEAR_ZERO));
        }
        List<CaptureOutputs> outs = new ArrayList<>();
        for (SitePooling p : plan) {
            b.beginGroup();
            String tag = PREFIX + "site" + p.site().index() + "_";
            ElementType type = p.site().elementType();
            String x = b.asFloat(p.site().inputTensor(), type, tag + "x");
            String y = b.asFloat(p.site().outputTensor(), type, tag + "y");
            String px = throughLinearLayer(source, p, sparsity)
                    .map(l -> b.poolThroughLinear(l.input(), l.weight(), l.bias(), p.reducedAxes(), p.rank(),
                            tag + "x_pooled"))
                    .orElseGet(() -> b.pool(x, p.reducedAxes(), p.rank(), tag + "x_pooled"));
            String py = b.pool(y, p.reducedAxes(), p.rank(), tag + "y_pooled");
            Optional<CaptureOutputs.SparsityOutputs> counts = Optional.empty();
            if (sparsity) {
                counts = Optional.of(new CaptureOutputs.SparsityOutputs(b.nearZeroCount(x, p.rank(), tag + "x"),
                        b.nearZeroCount(y, p.rank(), tag + "y"), b.size(x, tag + "x"), b.size(y, tag + "y")));
            }
            outs.add(new CaptureOutputs(px, py, counts));
        }
        return new CaptureGraph(source.proto().toBuilder().setGraph(b.scheduledGraph()).build(),
                outs);
    }

    /**
     * The linear layer a site's input comes from, when its pooled input can be computed from the layer's input
     * instead (float32; not with the sparsity metric, which needs the full tensor).
     */
    private static Optional<LinearLayer> throughLinearLayer(OnnxModel source, SitePooling p, boolean sparsity) {
        if (sparsity || p.site().elementType() != ElementType.FLOAT || p.reducedAxes().length == 0) {
            return Optional.empty();
        }
        return LinearLayer.producing(source.graph(), p.site().inputTensor());
    }
}
