package org.nlsig.onnx.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.ComputeCost;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.testing.TinyGraph;

/**
 * Quantised graphs (QDQ pairs inside patterns, activations on int8 tensors, QLinear contrib ops), recurrent cells,
 * parameter and MAC counts of integer layers, and feature axes read from the layer after a site; each with the near
 * miss that must not change.
 */
class QuantisedSitesTest {
    private static final int F = TensorProto.DataType.FLOAT_VALUE;
    private static final int I8 = TensorProto.DataType.INT8_VALUE;
    private static final int U8 = TensorProto.DataType.UINT8_VALUE;
    /** int8 steps of 1/20: every test input below is a multiple, so quantising it loses nothing. */
    private static final float SCALE = 0.05f;

    private static SiteReport discover(OnnxModel m) {
        return SiteDiscovery.discover(m, ShapeInference.infer(m));
    }

    private static OnnxModel withContribOpset(TinyGraph g) {
        ModelProto m = g.model().toBuilder()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1)).build();
        return OnnxModel.inMemory(m);
    }

    /** Scale and zero point initializers named after {@code tag}, of the zero point's element type. */
    private static void quantParams(TinyGraph g, String tag, int zeroType) {
        quantParams(g, tag, zeroType, SCALE);
    }

    private static void quantParams(TinyGraph g, String tag, int zeroType, float scale) {
        g.initializer(TensorProto.newBuilder().setName(tag + "_scale").setDataType(F).addFloatData(scale).build());
        g.initializer(TensorProto.newBuilder().setName(tag + "_zero").setDataType(zeroType)
                .setRawData(ByteString.copyFrom(new byte[] {0})).build());
    }

    /** QuantizeLinear -> DequantizeLinear of {@code x}; returns the dequantised tensor's name. */
    private static String qdq(TinyGraph g, String x, String tag) {
        return qdq(g, x, tag, SCALE);
    }

    private static String qdq(TinyGraph g, String x, String tag, float scale) {
        quantParams(g, tag, I8, scale);
        g.node("QuantizeLinear", tag + "_q", tag + "_quantised", x, tag + "_scale", tag + "_zero");
        g.node("DequantizeLinear", tag + "_dq", tag + "_dequantised", tag + "_quantised", tag + "_scale",
                tag + "_zero");
        return tag + "_dequantised";
    }

    /** A constant stored as int8 {@code q} and dequantised in the graph, as quantisers store scalar operands. */
    private static String quantisedConstant(TinyGraph g, int q, String tag) {
        quantParams(g, tag, I8);
        g.initializer(TensorProto.newBuilder().setName(tag + "_int8").setDataType(I8)
                .setRawData(ByteString.copyFrom(new byte[] {(byte) q})).build());
        g.node("DequantizeLinear", tag + "_dq", tag, tag + "_int8", tag + "_scale", tag + "_zero");
        return tag;
    }

    private static double hardSwish(double v) {
        return v * Math.min(6, Math.max(0, v + 3)) / 6;
    }

    /** Paddle's x * Clip(x + 3, 0, 6) / 6 with a Q/DQ pair after every op, as PP-OCRv4 det quantised writes it. */
    private static TinyGraph quantisedPaddleHardSwish() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4);
        String x = qdq(g, "x", "in");
        g.node("Add", "hs.add", "a", x, quantisedConstant(g, 60, "three"));
        String a = qdq(g, "a", "shifted");
        g.node("Clip", "hs.clip", "c", a, g.scalar(0), g.scalar(6));
        String c = qdq(g, "c", "clipped");
        g.node("Mul", "hs.mul", "m", x, c);
        // x (x + 3) reaches 40 for x = 5: steps of 1/4 keep it inside int8
        String m = qdq(g, "m", "product", 0.25f);
        g.node("Div", "hs.div", "d", m, g.scalar(6));
        g.node("QuantizeLinear", "out_q", "yq", "d", qdqScale(g, "out"), "out_zero");
        g.node("DequantizeLinear", "out_dq", "y", "yq", "out_scale", "out_zero");
        return g;
    }

    private static String qdqScale(TinyGraph g, String tag) {
        quantParams(g, tag, I8);
        return tag + "_scale";
    }

    @Test
    void hardSwishIsMatchedThroughQdqPairsAndMeasuredOnTheDequantisedTensors() {
        OnnxModel model = quantisedPaddleHardSwish().inMemory();
        SiteReport r = discover(model);
        assertEquals(1, r.sites().size(), () -> "sites " + r.sites());
        ActivationSite s = r.sites().get(0);
        assertEquals(ActivationKind.HARD_SWISH, s.kind());
        assertEquals(List.of("Add", "Clip", "Mul", "Div"), s.opTypes());
        assertEquals("in_dequantised", s.inputTensor());
        assertEquals("y", s.outputTensor());
        assertTrue(s.dequantisation().isEmpty());
        float[] x = {-3.5f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f, 5f};
        try (CaptureSession c = CaptureSession.open(model, r.sites(),
                CaptureOptions.defaults().withPooling(PoolingMode.REFERENCE).withThreads(1))) {
            BatchCapture b = c.run(x, new long[] {2, 4});
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], b.sites().get(0).x().values()[i], 1e-6);
                // four roundings to steps of 0.05 on the way
                assertEquals(hardSwish(x[i]), b.sites().get(0).y().values()[i], 4 * SCALE, "hard_swish(" + x[i] + ")");
            }
        }
    }

    @Test
    void aQdqPairWhoseTensorIsReadElsewhereStillSplitsThePattern() {
        TinyGraph g = quantisedPaddleHardSwish().output("shifted_dequantised", F, -1, 4);
        SiteReport r = discover(g.inMemory());
        assertEquals(List.of(ActivationKind.RELU6), r.sites().stream().map(ActivationSite::kind).toList());
        assertEquals("shifted_dequantised", r.sites().get(0).inputTensor());
        assertEquals("clipped_dequantised", r.sites().get(0).outputTensor());
    }

    @Test
    void aReluBetweenQdqPairsIsMeasuredOnTheDequantisedTensors() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4);
        String x = qdq(g, "x", "in");
        g.node("Relu", "relu", "r", x);
        g.node("QuantizeLinear", "out_q", "rq", "r", qdqScale(g, "out"), "out_zero");
        g.node("DequantizeLinear", "out_dq", "y", "rq", "out_scale", "out_zero");
        SiteReport r = discover(g.inMemory());
        assertEquals(1, r.sites().size());
        assertEquals(List.of("relu"), r.sites().get(0).nodeNames());
        assertEquals("in_dequantised", r.sites().get(0).inputTensor());
        assertEquals("y", r.sites().get(0).outputTensor());
    }

    @Test
    void aReluOnInt8IsDequantisedWithTheScalesOfItsQAndDqNeighbours() {
        // Relu takes int8 from opset 14
        TinyGraph g = new TinyGraph(14).input("x", F, -1, 4).output("y", F, -1, 4);
        quantParams(g, "in", I8);
        g.node("QuantizeLinear", "q", "xq", "x", "in_scale", "in_zero");
        g.node("Relu", "int8_relu", "rq", "xq");
        g.node("DequantizeLinear", "dq", "y", "rq", "in_scale", "in_zero");
        OnnxModel model = g.inMemory();
        SiteReport r = discover(model);
        assertEquals(1, r.sites().size(), () -> "skipped " + r.skipped());
        ActivationSite s = r.sites().get(0);
        assertEquals("xq", s.inputTensor());
        assertEquals("rq", s.outputTensor());
        QuantParams params = new QuantParams("in_scale", Optional.of("in_zero"));
        assertEquals(Optional.of(new Dequantisation(params, params)), s.dequantisation());
        float[] x = {-3.5f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f, 5f};
        try (CaptureSession c = CaptureSession.open(model, r.sites(),
                CaptureOptions.defaults().withPooling(PoolingMode.REFERENCE).withThreads(1))) {
            BatchCapture b = c.run(x, new long[] {2, 4});
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], b.sites().get(0).x().values()[i], 1e-6);
                assertEquals(Math.max(0, x[i]), b.sites().get(0).y().values()[i], 1e-6);
            }
        }
    }

    @Test
    void aQLinearGlobalAveragePoolReadingAnInt8ReluGivesItsOutputScale() {
        TinyGraph g = new TinyGraph(14).input("x", F, -1, 4, 2, 2).output("y", F, -1, 4, 1, 1);
        quantParams(g, "in", I8);
        quantParams(g, "pool_in", I8);
        quantParams(g, "pool_out", I8);
        g.node("QuantizeLinear", "q", "xq", "x", "in_scale", "in_zero");
        g.node("Relu", "int8_relu", "rq", "xq");
        g.node(NodeProto.newBuilder().setOpType("QLinearGlobalAveragePool").setDomain("com.microsoft").setName("gap")
                .addAllInput(List.of("rq", "pool_in_scale", "pool_in_zero", "pool_out_scale", "pool_out_zero"))
                .addOutput("pq"));
        g.node("DequantizeLinear", "dq", "y", "pq", "pool_out_scale", "pool_out_zero");
        SiteReport r = discover(withContribOpset(g));
        assertEquals(1, r.sites().size(), () -> "skipped " + r.skipped());
        assertEquals(Optional.of(new Dequantisation(new QuantParams("in_scale", Optional.of("in_zero")),
                new QuantParams("pool_in_scale", Optional.of("pool_in_zero")))), r.sites().get(0).dequantisation());
        assertEquals(1, r.sites().get(0).featureAxis());
    }

    @Test
    void aReluOnInt8WithoutQuantisedNeighboursIsSkippedWithTheReason() {
        TinyGraph g = new TinyGraph(14).input("x", I8, -1, 4).output("y", I8, -1, 4);
        g.node("Relu", "int8_relu", "y", "x");
        SiteReport r = discover(g.inMemory());
        assertTrue(r.sites().isEmpty());
        assertEquals(1, r.skipped().size());
        assertEquals("element type INT8 is not floating point, and no QuantizeLinear, DequantizeLinear or QLinear node"
                + " next to its input 'x' and output 'y' gives the scale and zero point to dequantise it with",
                r.skipped().get(0).reason());
    }

    @Test
    void qlinearSigmoidIsASigmoidMeasuredThroughItsOwnScales() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4);
        quantParams(g, "in", U8);
        g.initializer(TensorProto.newBuilder().setName("out_scale").setDataType(F).addFloatData(1 / 256f).build());
        g.initializer(TensorProto.newBuilder().setName("out_zero").setDataType(U8)
                .setRawData(ByteString.copyFrom(new byte[] {0})).build());
        g.initializer(TensorProto.newBuilder().setName("in_mid").setDataType(U8)
                .setRawData(ByteString.copyFrom(new byte[] {(byte) 128})).build());
        g.node("QuantizeLinear", "q", "xq", "x", "in_scale", "in_mid");
        g.node(NodeProto.newBuilder().setOpType("QLinearSigmoid").setDomain("com.microsoft").setName("qsig")
                .addAllInput(List.of("xq", "in_scale", "in_mid", "out_scale", "out_zero")).addOutput("sq"));
        g.node("DequantizeLinear", "dq", "y", "sq", "out_scale", "out_zero");
        OnnxModel model = withContribOpset(g);
        SiteReport r = discover(model);
        assertEquals(1, r.sites().size(), () -> "skipped " + r.skipped());
        ActivationSite s = r.sites().get(0);
        assertEquals(ActivationKind.SIGMOID, s.kind());
        assertEquals(Optional.of(new Dequantisation(new QuantParams("in_scale", Optional.of("in_mid")),
                new QuantParams("out_scale", Optional.of("out_zero")))), s.dequantisation());
        float[] x = {-3.5f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f, 5f};
        try (CaptureSession c = CaptureSession.open(model, r.sites(),
                CaptureOptions.defaults().withPooling(PoolingMode.REFERENCE).withThreads(1))) {
            BatchCapture b = c.run(x, new long[] {2, 4});
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], b.sites().get(0).x().values()[i], 1e-6);
                assertEquals(1 / (1 + Math.exp(-x[i])), b.sites().get(0).y().values()[i], 1.5 / 256);
            }
        }
    }

    @Test
    void recurrentCellsAreListedAsSkipped() {
        TinyGraph g = new TinyGraph(13).input("x", F, 5, 1, 3).output("h", F, 5, 1, 1, 2);
        g.initializer(floats("w", 0.1f, 1, 8, 3)).initializer(floats("rw", 0.1f, 1, 8, 2));
        g.node(NodeProto.newBuilder().setOpType("LSTM").setName("/encoder/lstm").addAllInput(List.of("x", "w", "rw"))
                .addOutput("h").addAttribute(AttributeProto.newBuilder().setName("hidden_size")
                        .setType(AttributeProto.AttributeType.INT).setI(2)));
        SiteReport r = discover(g.inMemory());
        assertTrue(r.sites().isEmpty());
        assertEquals(List.of(new SkippedCandidate("/encoder/lstm", "LSTM", "main graph",
                "gates fused inside the cell: its sigmoid and tanh gates are not tensors of the graph")), r.skipped());
    }

    private static TensorProto floats(String name, float value, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(F);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) {
            t.addFloatData(value);
        }
        return t.build();
    }

    private static TensorProto bytes(String name, int type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        return t.setRawData(ByteString.copyFrom(new byte[(int) n])).build();
    }

    @Test
    void integerWeightsAreParametersAndIntegerLayersAreMultiplyAccumulates() {
        TinyGraph g = new TinyGraph(13).input("x", U8, 1, 4, 5, 5).output("y", TensorProto.DataType.INT32_VALUE,
                1, 8, 5, 5).output("z", U8, 1, 4, 6);
        g.initializer(bytes("w", U8, 8, 4, 3, 3));
        g.initializer(TensorProto.newBuilder().setName("bias").setDataType(TensorProto.DataType.INT32_VALUE)
                .addDims(8).setRawData(ByteString.copyFrom(new byte[32])).build());
        // a shape is an int64 constant, not a parameter
        g.initializer(TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(3).addInt64Data(1).addInt64Data(4).addInt64Data(-1).build());
        g.initializer(bytes("b", U8, 25, 6));
        quantParams(g, "s", U8);
        g.node(NodeProto.newBuilder().setOpType("ConvInteger").setName("conv").addAllInput(List.of("x", "w"))
                .addOutput("y").addAttribute(AttributeProto.newBuilder().setName("pads")
                        .setType(AttributeProto.AttributeType.INTS).addAllInts(List.of(1L, 1L, 1L, 1L))));
        g.node("Reshape", "flat", "xf", "x", "shape");
        g.node("QLinearMatMul", "mm", "z", "xf", "s_scale", "s_zero", "b", "s_scale", "s_zero", "s_scale", "s_zero");
        OnnxModel model = g.inMemory();
        // 288 + 150 uint8 weights + 8 int32 biases + 1 float scale + 1 uint8 zero point
        assertEquals(288 + 150 + 8 + 2, model.parameterCount());
        ComputeCost.MacEstimate macs = ComputeCost.macsPerSample(model, ShapeInference.infer(model));
        // ConvInteger: 8 x 5 x 5 outputs of 4 x 3 x 3 products; QLinearMatMul: 4 x 6 outputs of 25 products
        assertEquals(new ComputeCost.MacEstimate(8 * 25 * 36 + 4 * 6 * 25, 2, 0), macs);
    }

    @Test
    void aSiteFeedingAConvolutionHasItsChannelsOnAxisOne() {
        // silero VAD's decoder: ReLU [N, C, 1] -> Conv1d; the rank-3 default (tokens) would pool it to d = 1
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 8, 1).output("y", F, -1, 4, 1);
        g.initializer(floats("w", 0.1f, 4, 8, 1));
        g.node("Relu", "relu", "r", "x");
        String r = qdq(g, "r", "act");
        g.node("Identity", "id", "ri", r).node("Conv", "conv", "y", "ri", "w");
        SiteReport report = discover(g.inMemory());
        assertEquals(1, report.sites().get(0).featureAxis());
        assertEquals(FeatureLayout.CHANNELS_FIRST, report.sites().get(0).layout());
        assertEquals(List.of(), report.notes());

        TinyGraph unsqueezed = new TinyGraph(13).input("x", F, -1, 8, 1).output("y", F, -1, 4, 1, 1);
        unsqueezed.initializer(floats("w", 0.1f, 4, 8, 1, 1)).initializer(TensorProto.newBuilder().setName("axes")
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(3).build());
        unsqueezed.node("Relu", "relu", "r", "x").node("Unsqueeze", "u", "ru", "r", "axes")
                .node("Conv", "conv", "y", "ru", "w");
        assertEquals(1, discover(unsqueezed.inMemory()).sites().get(0).featureAxis());
    }

    @Test
    void aGuessedAxisOfOneEntryIsNotedAndATrueSingleChannelIsNot() {
        // Unsqueeze at axis 1 moves the channels: the Conv after it says nothing about the ReLU's axes
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 8, 1).output("y", F, -1, 4, 8, 1);
        g.initializer(floats("w", 0.1f, 4, 1, 1, 1)).initializer(TensorProto.newBuilder().setName("axes")
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(1).build());
        g.node("Relu", "relu", "r", "x").node("Unsqueeze", "u", "ru", "r", "axes").node("Conv", "conv", "y", "ru", "w");
        SiteReport r = discover(g.inMemory());
        assertEquals(2, r.sites().get(0).featureAxis());
        assertEquals(List.of(new SiteNote(0, "site 0 'relu' is pooled to d = 1 (axis 2 of [1, 8, 1]): no convolution"
                + " or linear layer makes or reads it, so its feature axis was guessed from its rank; if its features are on axis 1,"
                + " pass --feature-axis 0=1")), r.notes());

        TinyGraph single = new TinyGraph(13).input("x", F, -1, 1, 4, 4).output("y", F, -1, 1, 4, 4);
        single.initializer(floats("w", 0.5f, 1, 1, 1, 1));
        single.node("Conv", "conv", "c", "x", "w").node("Sigmoid", "mask", "y", "c");
        SiteReport mask = discover(single.inMemory());
        assertEquals(1, mask.sites().get(0).featureAxis());
        assertEquals(List.of(), mask.notes());
    }
}
