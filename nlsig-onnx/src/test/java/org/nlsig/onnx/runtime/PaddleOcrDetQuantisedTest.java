package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.Graph;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.ActivationKind;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;

/**
 * PP-OCRv4's text detector (paddle2onnx, 24 HardSwish as {@code x * Clip(x + 3, 0, 6) / 6}) quantised the way ONNX
 * Runtime's static QDQ quantiser writes it: a QuantizeLinear -> DequantizeLinear pair after every float tensor the
 * network computes, and its scalar operands stored as int8 behind a DequantizeLinear. The quantised model must have
 * the float model's sites, of the same kinds, measured on the dequantised tensors.
 */
class PaddleOcrDetQuantisedTest {
    /** Committed beside the classifier (see NOTICE.md there): no test uses the network. */
    private static final String MODEL = "/paddleocr/ch_PP-OCRv4_det_infer.onnx";
    private static final long[] SHAPE = {1, 3, 64, 64};
    /** Steps of 1/16: coarse, but the test is about where the sites are, not how well the model detects text. */
    private static final float SCALE = 1 / 16f;

    @Test
    void quantisedDetectorHasTheFloatDetectorsSites() throws Exception {
        OnnxModel floatModel = ModelLoader.load(java.nio.file.Path.of(
                PaddleOcrDetQuantisedTest.class.getResource(MODEL).toURI()));
        TensorShapes floatShapes = ShapeInference.infer(floatModel, SHAPE);
        SiteReport floatSites = SiteDiscovery.discover(floatModel, floatShapes);
        assertEquals(24, floatSites.sites().stream().filter(s -> s.kind() == ActivationKind.HARD_SWISH).count());

        OnnxModel quantised = OnnxModel.inMemory(withQdq(floatModel, floatShapes));
        SiteReport sites = SiteDiscovery.discover(quantised, ShapeInference.infer(quantised, SHAPE));
        assertEquals(kinds(floatSites), kinds(sites));
        assertEquals(floatSites.sites().stream().map(ActivationSite::opTypes).toList(),
                sites.sites().stream().map(ActivationSite::opTypes).toList());
        Graph g = quantised.graph();
        for (ActivationSite s : sites.sites()) {
            assertTrue(g.producer(s.inputTensor()).map(p -> p.getOpType().equals("DequantizeLinear")).orElse(false),
                    () -> s.name() + " reads " + s.inputTensor());
            // the model's output (the text probability map) is left in float, like ONNX Runtime's quantiser does
            assertTrue(g.isGraphOutput(s.outputTensor()) || g.producer(s.outputTensor())
                    .map(p -> p.getOpType().equals("DequantizeLinear")).orElse(false),
                    () -> s.name() + " writes " + s.outputTensor());
        }
        float[] x = new float[(int) (SHAPE[1] * SHAPE[2] * SHAPE[3])];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7f - 0.5f;
        }
        try (CaptureSession c = CaptureSession.open(quantised, sites.sites(),
                CaptureOptions.defaults().withThreads(1))) {
            BatchCapture b = c.run(x, SHAPE);
            for (SiteActivations s : b.sites()) {
                for (float v : s.x().values()) {
                    // a mean of values on the 1/16 grid, finite
                    assertFalse(Float.isNaN(v) || Float.isInfinite(v), s.site().name());
                }
            }
        }
    }

    private static List<ActivationKind> kinds(SiteReport r) {
        return r.sites().stream().map(ActivationSite::kind).toList();
    }

    /** The model with a Q/DQ pair after each float tensor a node writes, and scalar Add/Mul/Div operands as int8. */
    private static ModelProto withQdq(OnnxModel m, TensorShapes shapes) {
        GraphProto source = m.proto().getGraph();
        Graph g = m.graph();
        GraphProto.Builder out = source.toBuilder().clearNode();
        out.addInitializer(TensorProto.newBuilder().setName("qdq_scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(SCALE));
        out.addInitializer(TensorProto.newBuilder().setName("qdq_zero").setDataType(TensorProto.DataType.INT8_VALUE)
                .setRawData(ByteString.copyFrom(new byte[] {0})));
        Map<String, String> dequantised = new HashMap<>();
        Set<String> outputs = new HashSet<>();
        source.getOutputList().forEach(o -> outputs.add(o.getName()));
        List<NodeProto> nodes = new ArrayList<>();
        int constants = 0;
        for (NodeProto n : source.getNodeList()) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                if (dequantised.containsKey(in)) {
                    b.setInput(i, dequantised.get(in));
                } else if (Set.of("Add", "Mul", "Div").contains(n.getOpType()) && g.scalar(in).isPresent()
                        && g.constantDims(in).map(List::isEmpty).orElse(false)) {
                    String name = "qdq_const_" + constants++;
                    double v = g.scalar(in).getAsDouble();
                    out.addInitializer(TensorProto.newBuilder().setName(name + "_int8")
                            .setDataType(TensorProto.DataType.INT8_VALUE)
                            .setRawData(ByteString.copyFrom(new byte[] {100})));
                    out.addInitializer(TensorProto.newBuilder().setName(name + "_scale")
                            .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData((float) (v / 100)));
                    nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_dq")
                            .addInput(name + "_int8").addInput(name + "_scale").addOutput(name).build());
                    b.setInput(i, name);
                }
            }
            nodes.add(b.build());
            if (n.getOpType().equals("Constant")) {
                continue;
            }
            for (String o : n.getOutputList()) {
                if (o.isEmpty() || shapes.get(o).elementType() != ElementType.FLOAT || outputs.contains(o)) {
                    continue;
                }
                nodes.add(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(o + "_q").addInput(o)
                        .addInput("qdq_scale").addInput("qdq_zero").addOutput(o + "_q").build());
                nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(o + "_dq").addInput(o + "_q")
                        .addInput("qdq_scale").addInput("qdq_zero").addOutput(o + "_dq").build());
                dequantised.put(o, o + "_dq");
            }
        }
        return m.proto().toBuilder().setGraph(out.addAllNode(nodes)).build();
    }
}
