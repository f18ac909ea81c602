package org.nlsig.onnx.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.testing.TinyGraph;

/** Hermetic graphs for every activation form exporters write, and near misses that must not match. */
class PatternsTest {
    private static final int F = 1;
    private static final double SQRT2 = Math.sqrt(2);

    private static TinyGraph graph() {
        return new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4);
    }

    private static SiteReport discover(TinyGraph g) {
        OnnxModel m = g.inMemory();
        return SiteDiscovery.discover(m, ShapeInference.infer(m));
    }

    /** One site reading x and writing y of this kind, whose values are {@code f} (checked through ONNX Runtime). */
    private static void expectSingle(TinyGraph g, ActivationKind kind, int nodes, DoubleUnaryOperator f) {
        OnnxModel m = g.inMemory();
        SiteReport r = SiteDiscovery.discover(m, ShapeInference.infer(m));
        assertEquals(1, r.sites().size(), () -> "sites: " + r.sites());
        ActivationSite s = r.sites().get(0);
        assertEquals(kind, s.kind());
        assertEquals("x", s.inputTensor());
        assertEquals("y", s.outputTensor());
        assertEquals(nodes, s.nodeNames().size(), () -> "nodes " + s.nodeNames());
        float[] x = {-3f, -1.5f, -0.2f, 0f, 0.3f, 1f, 2.5f, 7f};
        try (CaptureSession c = CaptureSession.open(m, r.sites(),
                CaptureOptions.defaults().withPooling(PoolingMode.REFERENCE).withThreads(1))) {
            BatchCapture b = c.run(x, new long[] {2, 4});
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], b.sites().get(0).x().values()[i], 0);
                assertEquals(f.applyAsDouble(x[i]), b.sites().get(0).y().values()[i], 1e-5, "f(" + x[i] + ")");
            }
        }
    }

    private static double erf(double z) {
        // Abramowitz-Stegun 7.1.26 is too coarse for 1e-5; integrate the series instead.
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double gelu(double v) {
        return 0.5 * v * (1 + erf(v / SQRT2));
    }

    private static double geluTanh(double v) {
        return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void geluAsTorchScriptWritesIt() {
        TinyGraph g = graph();
        g.node("Div", "/act/Div", "d", "x", g.scalar(1.4142135381698608)).node("Erf", "/act/Erf", "e", "d")
                .node("Add", "/act/Add", "a", "e", g.scalar(1)).node("Mul", "/act/Mul", "m", "x", "a")
                .node("Mul", "/act/Mul_1", "y", "m", g.scalar(0.5));
        expectSingle(g, ActivationKind.GELU, 5, PatternsTest::gelu);
        assertEquals("act", discover(g).sites().get(0).name());
    }

    @Test
    void geluAsDynamoWritesIt() {
        TinyGraph g = graph();
        String sqrt2 = g.constantNode(1.4142135623730951);
        String one = g.constantNode(1);
        String half = g.constantNode(0.5);
        g.node("Div", "n0", "d", "x", sqrt2).node("Erf", "n1", "e", "d").node("Add", "n2", "a", "e", one)
                .node("Mul", "n3", "h", half, "a").node("Mul", "n4", "y", "x", "h");
        expectSingle(g, ActivationKind.GELU, 5, PatternsTest::gelu);
    }

    @Test
    void geluAsTf2onnxWritesIt() {
        TinyGraph g = graph();
        g.node("Mul", "gelu/mul", "s", "x", g.scalar(0.7071067690849304)).node("Erf", "gelu/Erf", "e", "s")
                .node("Add", "gelu/add", "a", g.scalar(1), "e").node("Mul", "gelu/mul_1", "h", g.scalar(0.5), "x")
                .node("Mul", "gelu/mul_2", "y", "h", "a");
        expectSingle(g, ActivationKind.GELU, 5, PatternsTest::gelu);
    }

    @Test
    void geluTanhWithPow() {
        TinyGraph g = graph();
        g.node("Pow", "p", "c", "x", g.scalar(3)).node("Mul", "m1", "c2", "c", g.scalar(0.044715))
                .node("Add", "a1", "s", "x", "c2").node("Mul", "m2", "u", "s", g.scalar(0.7978845608))
                .node("Tanh", "t", "th", "u").node("Add", "a2", "a", "th", g.scalar(1))
                .node("Mul", "m3", "m", "x", "a").node("Mul", "m4", "y", "m", g.scalar(0.5));
        expectSingle(g, ActivationKind.GELU_TANH, 8, PatternsTest::geluTanh);
    }

    @Test
    void geluTanhWithProductsKerasOrder() {
        TinyGraph g = graph();
        g.node("Mul", "sq", "x2", "x", "x").node("Mul", "cu", "x3", "x", "x2")
                .node("Mul", "m1", "c2", g.scalar(0.044715), "x3").node("Add", "a1", "s", "c2", "x")
                .node("Mul", "m2", "u", g.scalar(0.7978846), "s").node("Tanh", "t", "th", "u")
                .node("Add", "a2", "a", g.scalar(1), "th").node("Mul", "h", "hx", g.scalar(0.5), "x")
                .node("Mul", "m4", "y", "a", "hx");
        expectSingle(g, ActivationKind.GELU_TANH, 9, PatternsTest::geluTanh);
    }

    @Test
    void siluSwishAndQuickGelu() {
        TinyGraph silu = graph();
        silu.node("Sigmoid", "/a/Sigmoid", "s", "x").node("Mul", "/a/Mul", "y", "x", "s");
        expectSingle(silu, ActivationKind.SILU, 2, v -> v * sigmoid(v));

        TinyGraph swish = graph();
        swish.node("Mul", "b", "bx", "x", swish.scalar(2)).node("Sigmoid", "s", "s", "bx")
                .node("Mul", "m", "y", "s", "x");
        expectSingle(swish, ActivationKind.SWISH, 3, v -> v * sigmoid(2 * v));

        TinyGraph quick = graph();
        quick.node("Mul", "b", "bx", quick.constantNode(1.702), "x").node("Sigmoid", "s", "s", "bx")
                .node("Mul", "m", "y", "x", "s");
        expectSingle(quick, ActivationKind.QUICK_GELU, 3, v -> v * sigmoid(1.702 * v));
    }

    @Test
    void hardSwishAsHardSigmoidTimesX() {
        TinyGraph g = graph();
        g.node(NodeProto.newBuilder().setOpType("HardSigmoid").setName("hs").addInput("x").addOutput("h")
                .addAttribute(TinyGraph.floatAttr("alpha", 1 / 6f)).addAttribute(TinyGraph.floatAttr("beta", 0.5f)));
        g.node("Mul", "m", "y", "x", "h");
        expectSingle(g, ActivationKind.HARD_SWISH, 2, v -> v * Math.min(1, Math.max(0, v / 6 + 0.5)));
    }

    @Test
    void hardSwishAsPaddleWritesIt() {
        TinyGraph g = graph();
        g.node("Add", "hardswish_0.add", "a", "x", g.scalar(3))
                .node("Clip", "hardswish_0.clip", "c", "a", g.scalar(0), g.scalar(6))
                .node("Mul", "hardswish_0.mul", "m", "x", "c").node("Div", "hardswish_0.div", "y", "m", g.scalar(6));
        expectSingle(g, ActivationKind.HARD_SWISH, 4, v -> v * Math.min(6, Math.max(0, v + 3)) / 6);
    }

    @Test
    void mishAndSoftplusWithBeta() {
        TinyGraph mish = graph();
        mish.node("Softplus", "sp", "s", "x").node("Tanh", "t", "t", "s").node("Mul", "m", "y", "t", "x");
        expectSingle(mish, ActivationKind.MISH, 3, v -> v * Math.tanh(Math.log1p(Math.exp(v))));

        TinyGraph sp = graph();
        sp.node("Mul", "b", "bx", "x", sp.scalar(2)).node("Softplus", "sp", "s", "bx")
                .node("Div", "d", "y", "s", sp.scalar(2));
        expectSingle(sp, ActivationKind.SOFTPLUS, 3, v -> Math.log1p(Math.exp(2 * v)) / 2);
    }

    @Test
    void nativeOpsAndClipVariants() {
        record Case(String op, ActivationKind kind, DoubleUnaryOperator f) {
        }
        for (Case c : List.of(new Case("Relu", ActivationKind.RELU, v -> Math.max(0, v)),
                new Case("Sigmoid", ActivationKind.SIGMOID, PatternsTest::sigmoid),
                new Case("Tanh", ActivationKind.TANH, Math::tanh),
                new Case("Softsign", ActivationKind.SOFTSIGN, v -> v / (1 + Math.abs(v))),
                new Case("Elu", ActivationKind.ELU, v -> v > 0 ? v : Math.expm1(v)),
                new Case("HardSwish", ActivationKind.HARD_SWISH, v -> v * Math.min(1, Math.max(0, v / 6 + 0.5))))) {
            TinyGraph g = new TinyGraph(14).input("x", F, -1, 4).output("y", F, -1, 4);
            g.node(c.op(), "/" + c.op().toLowerCase() + "/" + c.op(), "y", "x");
            expectSingle(g, c.kind(), 1, c.f());
        }
        TinyGraph relu6 = graph();
        relu6.node("Clip", "c", "y", "x", relu6.scalar(0), relu6.scalar(6));
        expectSingle(relu6, ActivationKind.RELU6, 1, v -> Math.min(6, Math.max(0, v)));
        TinyGraph hardtanh = graph();
        hardtanh.node("Clip", "c", "y", "x", hardtanh.scalar(-1), hardtanh.scalar(1));
        expectSingle(hardtanh, ActivationKind.HARD_TANH, 1, v -> Math.min(1, Math.max(-1, v)));
    }

    @Test
    void xTimesSigmoidOfAnotherTensorIsNotSilu() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("z", F, -1, 4).output("y", F, -1, 4);
        g.node("Sigmoid", "gate", "s", "z").node("Mul", "scale", "y", "x", "s");
        SiteReport r = discover(g);
        assertEquals(1, r.sites().size());
        assertEquals(ActivationKind.SIGMOID, r.sites().get(0).kind());
        assertEquals("s", r.sites().get(0).outputTensor());
    }

    @Test
    void sigmoidReadElsewhereIsNotFusedIntoSilu() {
        TinyGraph g = graph().output("s", F, -1, 4);
        g.node("Sigmoid", "sig", "s", "x").node("Mul", "m", "y", "x", "s");
        SiteReport r = discover(g);
        assertEquals(List.of(ActivationKind.SIGMOID), r.sites().stream().map(ActivationSite::kind).toList());
    }

    @Test
    void nearMissesOfGeluHardSwishAndMish() {
        TinyGraph wrongGelu = graph();
        wrongGelu.node("Div", "d", "d", "x", wrongGelu.scalar(2)).node("Erf", "e", "e", "d")
                .node("Add", "a", "a", "e", wrongGelu.scalar(1)).node("Mul", "m", "m", "x", "a")
                .node("Mul", "m1", "y", "m", wrongGelu.scalar(0.5));
        assertTrue(discover(wrongGelu).sites().isEmpty(), "Erf of x/2 is not GELU");

        TinyGraph hsOther = new TinyGraph(13).input("x", F, -1, 4).input("z", F, -1, 4).output("y", F, -1, 4);
        hsOther.node(NodeProto.newBuilder().setOpType("HardSigmoid").setName("hs").addInput("z").addOutput("h")
                .addAttribute(TinyGraph.floatAttr("alpha", 1 / 6f)).addAttribute(TinyGraph.floatAttr("beta", 0.5f)));
        hsOther.node("Mul", "m", "y", "x", "h");
        assertEquals(List.of(ActivationKind.HARD_SIGMOID),
                discover(hsOther).sites().stream().map(ActivationSite::kind).toList());

        TinyGraph mishOther = new TinyGraph(13).input("x", F, -1, 4).input("z", F, -1, 4).output("y", F, -1, 4);
        mishOther.node("Softplus", "sp", "s", "z").node("Tanh", "t", "t", "s").node("Mul", "m", "y", "t", "x");
        assertEquals(List.of(ActivationKind.SOFTPLUS, ActivationKind.TANH),
                discover(mishOther).sites().stream().map(ActivationSite::kind).toList());

        TinyGraph paddleShift = graph();
        paddleShift.node("Add", "a", "a", "x", paddleShift.scalar(2))
                .node("Clip", "c", "c", "a", paddleShift.scalar(0), paddleShift.scalar(6))
                .node("Mul", "m", "m", "x", "c").node("Div", "d", "y", "m", paddleShift.scalar(6));
        assertEquals(List.of(ActivationKind.RELU6),
                discover(paddleShift).sites().stream().map(ActivationSite::kind).toList());
    }

    @Test
    void softmaxAndSubgraphActivationsAreListedAsSkipped() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("cond", 9).output("y", F, -1, 4);
        GraphProto branch = GraphProto.newBuilder().setName("then")
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("inner_relu").addInput("x").addOutput("r"))
                .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("r")).build();
        GraphProto other = GraphProto.newBuilder().setName("else")
                .addNode(NodeProto.newBuilder().setOpType("Identity").setName("id").addInput("x").addOutput("e"))
                .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("e")).build();
        g.node("Softmax", "/attn/Softmax", "sm", "x");
        g.node(NodeProto.newBuilder().setOpType("If").setName("branchy").addInput("cond").addOutput("b")
                .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
                        .setG(branch))
                .addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH)
                        .setG(other)));
        g.node("Add", "sum", "y", "sm", "b");
        SiteReport r = discover(g);
        assertTrue(r.sites().isEmpty(), () -> "sites " + r.sites());
        assertEquals(2, r.skipped().size(), () -> "skipped " + r.skipped());
        assertEquals("Softmax", r.skipped().get(0).opType());
        assertTrue(r.skipped().get(0).reason().contains("softmax"));
        assertEquals("inner_relu", r.skipped().get(1).nodeName());
        assertTrue(r.skipped().get(1).where().contains("then_branch"), r.skipped().get(1).where());

        OnnxModel m = g.inMemory();
        SiteReport withSoftmax = SiteDiscovery.discover(m, ShapeInference.infer(m), new DiscoveryOptions(true));
        assertEquals(ActivationKind.SOFTMAX, withSoftmax.sites().get(0).kind());
    }

    @Test
    void integerActivationsAreSkippedWithTheirType() {
        TinyGraph g = new TinyGraph(14).input("x", 3, -1, 4).output("y", 3, -1, 4);
        g.node("Relu", "/q/Relu", "y", "x");
        SiteReport r = discover(g);
        assertTrue(r.sites().isEmpty());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).reason().contains("INT8"), r.skipped().get(0).reason());
    }

    @Test
    void siteNamesComeFromTheGraphNotFromPositions() {
        // Two unnamed activations, then the same graph with one more unnamed site in front: the names of the two
        // must not move (compare aligns exports by name).
        TinyGraph g = graph();
        g.node("Relu", "", "r", "x").node("Tanh", "", "y", "r");
        assertEquals(List.of("relu@r", "tanh@y"), discover(g).sites().stream().map(ActivationSite::name).toList());
        TinyGraph shifted = graph();
        shifted.node("Sigmoid", "", "s", "x").node("Relu", "", "r", "s").node("Tanh", "", "y", "r");
        assertEquals(List.of("sigmoid@s", "relu@r", "tanh@y"),
                discover(shifted).sites().stream().map(ActivationSite::name).toList());
    }

    @Test
    void repeatedScopesAreNumberedInExecutionOrder() {
        TinyGraph g = graph();
        g.node("Relu", "/block/act/Relu", "r", "x").node("Relu", "/block/act/Relu_1", "y", "r");
        assertEquals(List.of("block.act", "block.act#2"),
                discover(g).sites().stream().map(ActivationSite::name).toList());
        TinyGraph clash = graph();
        clash.node("Relu", "act#2", "r", "x").node("Relu", "act", "s", "r").node("Relu", "act", "y", "s");
        assertEquals(List.of("act#2", "act", "act#3"),
                discover(clash).sites().stream().map(ActivationSite::name).toList(), "names stay unique");
    }
}
