package org.nlsig.onnx.pooling;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.sites.ActivationSite;

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
        return build(source, plan, sparsity, Optional.empty());
    }

    /**
     * The capture graph; sites whose pooling is {@link SitePooling#masked() masked} are averaged over the tokens
     * that {@code mask}'s input marks with 1.
     */
    public static CaptureGraph build(OnnxModel source, List<SitePooling> plan, boolean sparsity,
            Optional<TokenMask> mask) {
        int opset = source.opset();
        GraphProto.Builder g = source.proto().getGraph().toBuilder();
        GraphRewriter b = new GraphRewriter(g, opset);
        if (sparsity) {
            g.addInitializer(TensorProto.newBuilder().setName(PREFIX + "near_zero")
                    .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(NEAR_ZERO));
        }
        // the shared token weights come before every site's group (see GraphRewriter.scheduledGraph)
        boolean sampled = mask.isPresent() && mask.get().sampled() > 0;
        String weights = plan.stream().anyMatch(SitePooling::masked) && !sampled
                ? b.tokenWeights(mask.orElseThrow().input()) : null;
        if (sampled && plan.stream().anyMatch(SitePooling::masked)) {
            g.addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(TokenMask.SAMPLED_ROWS)
                    .setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(
                            ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder()
                                    .setElemType(TensorProto.DataType.INT64_VALUE)
                                    .setShape(ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder().addDim(
                                            ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                    .setDimParam("sampled_tokens"))))));
        }
        List<CaptureOutputs> outs = new ArrayList<>();
        for (SitePooling p : plan) {
            b.beginGroup();
            String tag = PREFIX + "site" + p.site().index() + "_";
            String x = floatValues(b, p.site(), p.site().inputTensor(), true, tag + "x");
            String y = floatValues(b, p.site(), p.site().outputTensor(), false, tag + "y");
            String px;
            String py;
            if (p.masked() && sampled) {
                // each drawn token is a sample: the rows of [batch x tokens, features] the run feeds
                px = throughLinearLayer(source, p, sparsity)
                        .map(l -> b.sampledThroughLinear(l.input(), l.weight(), l.bias(), TokenMask.SAMPLED_ROWS,
                                tag + "x_pooled"))
                        .orElseGet(() -> b.sampledTokens(x, TokenMask.SAMPLED_ROWS, tag + "x_pooled"));
                py = b.sampledTokens(y, TokenMask.SAMPLED_ROWS, tag + "y_pooled");
            } else if (p.masked()) {
                px = throughLinearLayer(source, p, sparsity)
                        .map(l -> b.maskedPoolThroughLinear(l.input(), l.weight(), l.bias(), weights,
                                tag + "x_pooled"))
                        .orElseGet(() -> b.maskedPool(x, weights, tag + "x_pooled"));
                py = b.maskedPool(y, weights, tag + "y_pooled");
            } else {
                px = throughLinearLayer(source, p, sparsity)
                        .map(l -> b.poolThroughLinear(l.input(), l.weight(), l.bias(), p.reducedAxes(), p.rank(),
                                tag + "x_pooled"))
                        .orElseGet(() -> b.pool(x, p.reducedAxes(), p.rank(), tag + "x_pooled"));
                py = b.pool(y, p.reducedAxes(), p.rank(), tag + "y_pooled");
            }
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
     * A site's tensor as float32: dequantised with the site's scale and zero point when the site computes in
     * integers (its real values are {@code (q - zero point) * scale}), else cast when it is not float32.
     */
    private static String floatValues(GraphRewriter b, ActivationSite site, String tensor, boolean input,
                                      String tag) {
        return site.dequantisation().map(d -> input ? d.input() : d.output())
                .map(q -> b.dequantise(tensor, q.scale(), q.zeroPoint(), tag))
                .orElseGet(() -> b.asFloat(tensor, site.elementType(), tag));
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
