package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.FeatureAxes;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.testing.TinyGraph;

class CaptureSessionTest {
    private static final int F = 1;
    private static final int F16 = 10;

    private static List<ActivationSite> sites(OnnxModel m) {
        return SiteDiscovery.discover(m, ShapeInference.infer(m)).sites();
    }

    /** x: N x 2 x 2 x 3 (channels first), y = Relu(x). */
    private static OnnxModel relu4d(int opset, int elemType, long batch) {
        TinyGraph g = new TinyGraph(opset).input("x", elemType, batch, 2, 2, 3).output("y", elemType, batch, 2, 2, 3);
        g.node("Relu", "/act/Relu", "y", "x");
        return g.inMemory();
    }

    @Test
    void eachSitesPoolingIsWalkedToBeforeTheRestOfTheNetwork() {
        // ONNX Runtime's default order walks up from the leaf with the highest index first: the first site's pooling
        // must be last in the node list so that it runs as soon as its tensors exist (see GraphRewriter).
        // x -> Relu -> h -> Relu -> y: both sites read or write y, the model's output.
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 2, 2, 3).output("y", F, -1, 2, 2, 3);
        g.node("Relu", "/a/Relu", "h", "x");
        g.node("Relu", "/b/Relu", "y", "h");
        OnnxModel m = g.inMemory();
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults().withThreads(1))) {
            var nodes = c.graph().model().getGraph().getNodeList();
            assertEquals("/a/Relu", nodes.get(0).getName());
            assertEquals("/b/Relu", nodes.get(1).getName());
            String last = nodes.get(nodes.size() - 1).getName();
            assertTrue(last.startsWith("nlsig__site0_"), "the first site's pooling comes last: " + last);
            // The model's output passes through an Identity of ours, placed before the pooling, so the node that
            // makes it is no leaf of the graph.
            assertEquals("Identity", nodes.get(2).getOpType());
            assertEquals("y", nodes.get(2).getOutput(0));
            assertEquals(nodes.get(1).getOutput(0), nodes.get(2).getInput(0));
            assertTrue(nodes.get(3).getName().startsWith("nlsig__site1_"), nodes.get(3).getName());
            float[] x = ramp(24, 1f);
            BatchCapture b = c.run(x, new long[] {2, 2, 2, 3});
            float[] relu = x.clone();
            for (int i = 0; i < relu.length; i++) {
                relu[i] = Math.max(0, relu[i]);
            }
            assertArrayEquals(relu, b.output().values(), 0f, "the model's output is unchanged");
            assertArrayEquals(channelMeans(x, 2, true), b.sites().get(0).y().values(), 1e-6f);
            assertArrayEquals(channelMeans(x, 2, true), b.sites().get(1).x().values(), 1e-6f);
        }
    }

    /**
     * Tokens N x 3 x 2 through a linear layer (W 2 x 4, bias 4) and Relu: in both poolings the pooled input is
     * computed from the layer's input, and must equal the mean of the layer's output. A bias that is not a constant,
     * or the sparsity metric (which needs the full tensor), keep the direct pooling.
     */
    @Test
    void linearLayerOutputsArePooledFromTheirInputs() {
        float[] w = {0.5f, -1f, 2f, 0.25f, 1.5f, 0.75f, -0.5f, 1f};
        float[] bias = {0.1f, -0.2f, 0.3f, 0f};
        for (boolean constantBias : new boolean[] {true, false}) {
            TinyGraph g = new TinyGraph(13).input("x", F, -1, 3, 2).output("y", F, -1, 3, 4);
            g.initializer(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("W").setDataType(F).addDims(2)
                    .addDims(4).addAllFloatData(boxed(w)).build());
            String b = "b";
            if (constantBias) {
                g.initializer(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("b").setDataType(F).addDims(4)
                        .addAllFloatData(boxed(bias)).build());
            } else {
                // the same values, but computed: Abs of a constant is not a constant initializer
                g.initializer(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("b_raw").setDataType(F)
                        .addDims(4).addAllFloatData(boxed(bias)).build());
                g.node("Identity", "/bias/Identity", "b", "b_raw");
            }
            g.node("MatMul", "/fc/MatMul", "h", "x", "W");
            g.node("Add", "/fc/Add", "z", "h", b);
            g.node("Relu", "/act/Relu", "y", "z");
            OnnxModel m = g.inMemory();
            float[] x = ramp(12, 0.5f);
            double[][][] z = new double[2][3][4]; // the layer's output, by hand
            for (int s = 0; s < 2; s++) {
                for (int t = 0; t < 3; t++) {
                    for (int o = 0; o < 4; o++) {
                        z[s][t][o] = bias[o];
                        for (int i = 0; i < 2; i++) {
                            z[s][t][o] += x[s * 6 + t * 2 + i] * w[i * 4 + o];
                        }
                    }
                }
            }
            for (PoolingMode mode : PoolingMode.values()) {
                for (boolean sparsity : new boolean[] {false, true}) {
                    try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults()
                            .withThreads(1).withSparsity(sparsity).withPooling(mode))) {
                        boolean beforeLayer = c.graph().model().getGraph().getNodeList().stream()
                                .anyMatch(n -> n.getName().contains("x_pooled_matmul"));
                        assertEquals(constantBias && !sparsity, beforeLayer, mode + ", bias " + constantBias
                                + ", sparsity " + sparsity);
                        float[] px = c.run(x, new long[] {2, 3, 2}).sites().get(0).x().values();
                        for (int s = 0; s < 2; s++) {
                            if (mode == PoolingMode.CHANNELS) { // mean over tokens: N x 4
                                for (int o = 0; o < 4; o++) {
                                    double mean = (z[s][0][o] + z[s][1][o] + z[s][2][o]) / 3;
                                    assertEquals(mean, px[s * 4 + o], 1e-5, mode + " sample " + s + " feature " + o);
                                }
                            } else { // the official rule for rank 3, mean over the last axis: N x 3
                                for (int t = 0; t < 3; t++) {
                                    double mean = (z[s][t][0] + z[s][t][1] + z[s][t][2] + z[s][t][3]) / 4;
                                    assertEquals(mean, px[s * 3 + t], 1e-5, mode + " sample " + s + " token " + t);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>();
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    private static float[] ramp(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * scale + (i / 12) * 0.25f;
        }
        return v;
    }

    /** Channels pooling by hand: mean over axes 2, 3 of N x 2 x 2 x 3. */
    private static float[] channelMeans(float[] v, int n, boolean relu) {
        float[] out = new float[n * 2];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < 2; c++) {
                double sum = 0;
                for (int k = 0; k < 6; k++) {
                    float x = v[s * 12 + c * 6 + k];
                    sum += relu ? Math.max(0, x) : x;
                }
                out[s * 2 + c] = (float) (sum / 6);
            }
        }
        return out;
    }

    @Test
    void opset18SpellsReduceMeanAxesAsAnInput() {
        for (int opset : new int[] {13, 18}) {
            OnnxModel m = relu4d(opset, F, -1);
            float[] x = ramp(36, 0.5f);
            try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults().withThreads(1))) {
                BatchCapture b = c.run(x, new long[] {3, 2, 2, 3});
                assertArrayEquals(channelMeans(x, 3, false), b.sites().get(0).x().values(), 1e-6f, "opset " + opset);
                assertArrayEquals(channelMeans(x, 3, true), b.sites().get(0).y().values(), 1e-6f, "opset " + opset);
            }
        }
    }

    @Test
    void float16ModelsArePooledInFloat() {
        OnnxModel m = relu4d(14, F16, -1);
        var report = SiteDiscovery.discover(m, ShapeInference.infer(m));
        assertEquals(1, report.sites().size(), () -> report + " " + ShapeInference.infer(m).note());
        float[] x = ramp(24, 0.5f); // exactly representable in float16
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults())) {
            BatchCapture b = c.run(x, new long[] {2, 2, 2, 3});
            assertArrayEquals(channelMeans(x, 2, true), b.sites().get(0).y().values(), 1e-6f);
            assertEquals(24, b.output().values().length);
        }
    }

    @Test
    void featureAxisOverrideAndReferencePooling() {
        OnnxModel m = relu4d(13, F, -1);
        float[] x = ramp(24, 1f);
        try (CaptureSession c = CaptureSession.open(m, FeatureAxes.resolve(m.path(), sites(m), Map.of(0, -1)),
                CaptureOptions.defaults())) {
            assertEquals(3, c.run(x, new long[] {2, 2, 2, 3}).sites().get(0).x().cols());
        }
        try (CaptureSession c = CaptureSession.open(m, sites(m),
                CaptureOptions.defaults().withPooling(PoolingMode.REFERENCE))) {
            assertEquals(2, c.run(x, new long[] {2, 2, 2, 3}).sites().get(0).x().cols());
        }
        UserInputException e = assertThrows(UserInputException.class,
                () -> FeatureAxes.resolve(m.path(), sites(m), Map.of(0, 7)));
        assertTrue(e.getMessage().contains("--feature-axis 0=7"), e.getMessage());
    }

    @Test
    void sparsityCountsNearZeroEntriesPerSample() {
        OnnxModel m = relu4d(13, F, -1);
        float[] x = new float[24];
        for (int i = 0; i < 24; i++) {
            x[i] = i < 12 ? (i < 3 ? 0.0005f : -1f) : 2f; // sample 0: 3 tiny, 9 negative; sample 1: all positive
        }
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults().withSparsity(true))) {
            SparsityCounts s = c.run(x, new long[] {2, 2, 2, 3}).sites().get(0).sparsity().orElseThrow();
            assertArrayEquals(new long[] {3, 0}, s.nearZeroBefore());
            assertArrayEquals(new long[] {12, 0}, s.nearZeroAfter());
            assertEquals(12, s.elementsBefore());
            assertEquals(1.0, s.fractionAfter(0));
        }
    }

    @Test
    void fixedBatchModelsAreFedInChunks() {
        OnnxModel m = relu4d(13, F, 2);
        float[] x = ramp(60, 0.3f);
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults())) {
            BatchCapture b = c.run(x, new long[] {5, 2, 2, 3});
            assertEquals(5, b.samples());
            assertArrayEquals(channelMeans(x, 5, true), b.sites().get(0).y().values(), 1e-6f);
            assertArrayEquals(new long[] {5, 2, 2, 3}, b.output().shape());
            assertEquals(60, b.output().values().length);
        }
    }

    @Test
    void cudaRequestFallsBackToCpuWithAClearMessage() {
        OnnxModel m = relu4d(13, F, -1);
        List<String> notices = new ArrayList<>();
        try (CaptureSession c = CaptureSession.open(m, sites(m),
                CaptureOptions.defaults().withDevice(Device.parse("cuda:0")).withNotices(notices::add))) {
            assertEquals(Device.CPU, c.device());
            assertEquals(1, notices.size());
            assertTrue(notices.get(0).contains("cuda:0") && notices.get(0).contains("CPU"), notices.get(0));
            assertEquals(2, c.run(ramp(24, 1f), new long[] {2, 2, 2, 3}).sites().get(0).y().rows());
        }
        assertThrows(UserInputException.class, () -> Device.parse("tpu"));
        assertThrows(UserInputException.class, () -> Device.parse("cuda:-1"));
    }

    @Test
    void integerInputsAndBadShapes() {
        TinyGraph fixed = new TinyGraph(13).input("ids", 7, -1, 3).output("y", F, -1, 3);
        fixed.node(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Cast").setName("cast").addInput("ids")
                .addOutput("f").addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        fixed.node("Tanh", "/t/Tanh", "y", "f");
        OnnxModel m = fixed.inMemory();
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults())) {
            BatchCapture b = c.run(new long[] {0, 1, 2, 3, 4, 5}, new long[] {2, 3});
            assertEquals((float) Math.tanh(5), b.sites().get(0).y().get(1, 2), 1e-6f);
            UserInputException e = assertThrows(UserInputException.class,
                    () -> c.run(new long[] {1, 2, 3, 4}, new long[] {2, 2}));
            assertTrue(e.getMessage().contains("'ids'"), e.getMessage());
            assertThrows(UserInputException.class, () -> c.run(new float[6], new long[] {2, 3}));
        }
    }

    @Test
    void runMayBeCalledFromSeveralThreads() throws Exception {
        OnnxModel m = relu4d(13, F, -1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CaptureSession c = CaptureSession.open(m, sites(m), CaptureOptions.defaults().withThreads(1))) {
            List<Future<float[]>> results = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                float[] x = ramp(48, 0.1f * (k + 1));
                inputs.add(x);
                results.add(pool.submit(() -> c.run(x, new long[] {4, 2, 2, 3}).sites().get(0).y().values()));
            }
            for (int k = 0; k < 8; k++) {
                assertArrayEquals(channelMeans(inputs.get(k), 4, true), results.get(k).get(), 1e-6f);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
