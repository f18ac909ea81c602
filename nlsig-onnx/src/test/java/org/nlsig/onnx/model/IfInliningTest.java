package org.nlsig.onnx.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;
import org.nlsig.onnx.sites.SkippedCandidate;
import org.nlsig.onnx.testing.TinyGraph;

/** Issue 16: the branch of an If whose condition is fixed for the run is inlined and measured. */
class IfInliningTest {
    private static final int F = 1;
    private static final int I64 = 7;
    private static final int BOOL = 9;

    private static NodeProto.Builder ifNode(String name, String cond, String out, GraphProto then, GraphProto other) {
        return NodeProto.newBuilder().setOpType("If").setName(name).addInput(cond).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("then_branch")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(then))
                .addAttribute(AttributeProto.newBuilder().setName("else_branch")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(other));
    }

    /** A branch computing {@code op(x) * 2}, with a branch-local initializer and a PyTorch-scoped node name. */
    private static GraphProto branch(String name, String op) {
        return GraphProto.newBuilder().setName(name)
                .addInitializer(TensorProto.newBuilder().setName("two").setDataType(F).addFloatData(2))
                .addNode(NodeProto.newBuilder().setOpType(op).setName("/block/act/" + op).addInput("x")
                        .addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("Mul").setName("/block/Mul").addInput("a").addInput("two")
                        .addOutput("r"))
                .addOutput(ValueInfoProto.newBuilder().setName("r")).build();
    }

    private static TensorProto boolScalar(String name, boolean v) {
        return TensorProto.newBuilder().setName(name).setDataType(BOOL).addInt32Data(v ? 1 : 0).build();
    }

    /** x [N, 4] -> If(cond) {Relu(x) * 2} else {Sigmoid(x) * 2} -> Tanh -> y. */
    private static TinyGraph constantIf(boolean cond) {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4).initializer(boolScalar("c", cond));
        g.node(ifNode("/head/If", "c", "b", branch("then", "Relu"), branch("else", "Sigmoid")));
        g.node("Tanh", "/out/Tanh", "y", "b");
        return g;
    }

    private static SiteReport discover(OnnxModel m) {
        return SiteDiscovery.discover(m, ShapeInference.infer(m));
    }

    @Test
    void aConstantConditionInlinesItsBranchUnderTheIfsScope() {
        OnnxModel inlined = IfInlining.inline(constantIf(true).inMemory(), Map.of());
        assertEquals(List.of("Relu", "Mul", "Tanh"), inlined.graph().nodes().stream().map(NodeProto::getOpType)
                .toList());
        NodeProto relu = inlined.graph().nodes().get(0);
        assertEquals("/head/If/block/act/Relu", relu.getName());
        assertEquals(List.of("x"), relu.getInputList(), "outer-scope names are kept");
        assertEquals("head/If/a", relu.getOutput(0));
        assertEquals(List.of("head/If/a", "head/If/two"), inlined.graph().nodes().get(1).getInputList());
        assertEquals("b", inlined.graph().nodes().get(1).getOutput(0), "the branch output is the If's output");
        assertTrue(inlined.graph().isConstant("head/If/two"), "branch initializers move to the main graph");
        SiteReport r = discover(inlined);
        assertEquals(List.of("head.If.block.act", "out"), r.sites().stream().map(ActivationSite::name).toList());
        SkippedCandidate sigmoid = r.skipped().get(0);
        assertEquals("/block/act/Sigmoid", sigmoid.nodeName());
        assertEquals("subgraph 'else_branch' of If node /head/If", sigmoid.where());
        assertEquals("in the branch of an If that this run does not take: its condition 'c' is true (a constant), "
                + "so the then_branch runs (inlined into the main graph)", sigmoid.reason());
    }

    @Test
    void theInlinedModelComputesWhatTheIfDid() {
        for (boolean cond : new boolean[] {true, false}) {
            OnnxModel original = constantIf(cond).inMemory();
            OnnxModel inlined = IfInlining.inline(original, Map.of());
            float[] x = {-1, -0.5f, 0.5f, 2, 3, -3, 0, 1};
            long[] shape = {2, 4};
            float[] want;
            float[] got;
            try (CaptureSession c = CaptureSession.open(original, List.of(), CaptureOptions.defaults())) {
                want = c.run(x, shape).output().values();
            }
            CaptureOptions options = CaptureOptions.defaults();
            try (CaptureSession c = CaptureSession.open(inlined, discover(inlined).sites(), options)) {
                BatchCapture b = c.run(x, shape);
                got = b.output().values();
                assertEquals(2, b.sites().size());
            }
            assertArrayEquals(want, got, 1e-6f);
            assertEquals((float) Math.tanh(cond ? 4 : 2 / (1 + Math.exp(-2))), got[3], 1e-6f);
        }
    }

    /** sr (int64 scalar) -> If(Equal(sr, 16000)) {Relu} else {Sigmoid}. */
    private static OnnxModel sampleRateIf() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("sr", I64).output("b", F, -1, 4)
                .initializer(TensorProto.newBuilder().setName("rate").setDataType(I64).addInt64Data(16000).build());
        g.node("Equal", "/cond/Equal", "is16k", "sr", "rate");
        g.node(ifNode("If_0", "is16k", "b", branch("then", "Relu"), branch("else", "Sigmoid")));
        return g.inMemory();
    }

    @Test
    void aConditionOnAnInputGivenWithInputIsEvaluated() {
        OnnxModel m = sampleRateIf();
        for (String rate : new String[] {"16000", "8000"}) {
            ModelFeed feed = ModelFeed.of(m, List.of(InputAssignment.parse("sr=" + rate)));
            Map<String, ConstantTensor> constants = feed.constants(feed.dataInputs());
            assertEquals(List.of("sr"), List.copyOf(constants.keySet()));
            OnnxModel inlined = IfInlining.inline(m, constants);
            IfChoice.Inlined choice = (IfChoice.Inlined) inlined.ifChoices().get(0);
            assertEquals(rate.equals("16000") ? "then_branch" : "else_branch", choice.taken());
            assertTrue(choice.condition().endsWith("computed from inputs [sr] given fixed values"),
                    choice.condition());
            SiteReport r = discover(inlined);
            assertEquals(rate.equals("16000") ? "relu" : "sigmoid", r.sites().get(0).kind().label());
            assertEquals("If_0.block.act", r.sites().get(0).name());
        }
    }

    /** A merged decoder's If(use_cache_branch): the standard fill (false) fixes it, so the no-cache branch runs. */
    @Test
    void theStandardUseCacheBranchFillSelectsTheBranchWithoutCache() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("use_cache_branch", BOOL, 1).output("b", F, -1, 4);
        g.node(ifNode("optimum::if", "use_cache_branch", "b", branch("with_past", "Relu"),
                branch("without_past", "Sigmoid")));
        OnnxModel m = g.inMemory();
        ModelFeed feed = ModelFeed.of(m);
        assertEquals(List.of("use_cache_branch"), feed.fills(feed.dataInputs()).stream()
                .map(p -> p.input().name()).toList());
        OnnxModel inlined = IfInlining.inline(m, feed.constants(feed.dataInputs()));
        assertEquals("else_branch", ((IfChoice.Inlined) inlined.ifChoices().get(0)).taken());
        SiteReport r = discover(inlined);
        assertEquals("sigmoid", r.sites().get(0).kind().label());
        float[] x = {-1, 0, 1, 2};
        List<String> notices = new java.util.ArrayList<>();
        try (CaptureSession c = CaptureSession.open(inlined, r.sites(),
                CaptureOptions.defaults().withNotices(notices::add), feed)) {
            assertEquals(2 / (1 + Math.exp(-2)), c.run(x, new long[] {1, 4}).output().values()[3], 1e-6);
            c.run(x, new long[] {1, 4});
        }
        assertEquals(List.of("model input 'use_cache_branch' is not in the data: fed false (a standard input; set it "
                + "with --input use_cache_branch=VALUE)"), notices, "the fill is told once");
    }

    @Test
    void anIfWhoseConditionIsOnlyKnownAtRunTimeIsKeptAndSaysWhy() {
        OnnxModel kept = IfInlining.inline(sampleRateIf(), Map.of());
        assertEquals("If", kept.graph().nodes().get(1).getOpType());
        IfChoice.Kept choice = (IfChoice.Kept) kept.ifChoices().get(0);
        assertEquals("its condition depends on model input 'sr', which has no fixed value (give it one with "
                + "--input sr=VALUE)", choice.why());
        SiteReport r = discover(kept);
        assertTrue(r.sites().isEmpty());
        assertEquals(2, r.skipped().size());
        assertEquals("inside a branch of an If whose condition is only known at run time: " + choice.why(),
                r.skipped().get(0).reason());
    }

    @Test
    void nestedIfsAreInlinedInTurnAndBranchNamesInsideThemFollow() {
        // outer If (constant true): then { h = Relu(x); inner If (Not(false)) { Sigmoid(h) } else { Tanh(h) } }
        GraphProto innerThen = GraphProto.newBuilder().setName("inner_then")
                .addNode(NodeProto.newBuilder().setOpType("Sigmoid").setName("/inner/Sigmoid").addInput("h")
                        .addOutput("s"))
                .addOutput(ValueInfoProto.newBuilder().setName("s")).build();
        GraphProto innerElse = GraphProto.newBuilder().setName("inner_else")
                .addNode(NodeProto.newBuilder().setOpType("Tanh").setName("/inner/Tanh").addInput("h")
                        .addOutput("t"))
                .addOutput(ValueInfoProto.newBuilder().setName("t")).build();
        GraphProto outerThen = GraphProto.newBuilder().setName("outer_then")
                .addInitializer(boolScalar("no", false))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("/outer/Relu").addInput("x")
                        .addOutput("h"))
                .addNode(NodeProto.newBuilder().setOpType("Not").setName("/outer/Not").addInput("no")
                        .addOutput("yes"))
                .addNode(ifNode("inner", "yes", "o", innerThen, innerElse))
                .addOutput(ValueInfoProto.newBuilder().setName("o")).build();
        GraphProto outerElse = GraphProto.newBuilder().setName("outer_else")
                .addOutput(ValueInfoProto.newBuilder().setName("x")).build();
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4).initializer(boolScalar("c", true));
        g.node(ifNode("outer", "c", "y", outerThen, outerElse));
        OnnxModel inlined = IfInlining.inline(g.inMemory(), Map.of());
        assertEquals(2, inlined.ifChoices().size());
        assertEquals("/outer/inner", inlined.ifChoices().get(1).node());
        List<NodeProto> nodes = inlined.graph().nodes();
        assertEquals(List.of("Relu", "Not", "Sigmoid"), nodes.stream().map(NodeProto::getOpType).toList());
        // the inner branch read the outer branch's local h: renamed with it
        assertEquals(List.of("outer/h"), nodes.get(2).getInputList());
        assertEquals("y", nodes.get(2).getOutput(0));
        assertEquals("/outer/inner/inner/Sigmoid", nodes.get(2).getName());
        SiteReport r = discover(inlined);
        // /outer/outer/Relu and /outer/inner/inner/Sigmoid: the If's scope, then the branch node's own
        assertEquals(List.of("outer.outer", "outer.inner.inner"), r.sites().stream().map(ActivationSite::name)
                .toList());
        assertEquals(List.of("/inner/Tanh"), r.skipped().stream().map(SkippedCandidate::nodeName).toList());
    }

    @Test
    void aBranchPassingAnOuterTensorThroughGetsAnIdentity() {
        GraphProto passThrough = GraphProto.newBuilder().setName("pass")
                .addOutput(ValueInfoProto.newBuilder().setName("x")).build();
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).output("y", F, -1, 4).initializer(boolScalar("c", false));
        g.node(ifNode("gate", "c", "b", branch("then", "Relu"), passThrough));
        g.node("Relu", "/out/Relu", "y", "b");
        OnnxModel inlined = IfInlining.inline(g.inMemory(), Map.of());
        NodeProto identity = inlined.graph().nodes().get(0);
        assertEquals("Identity", identity.getOpType());
        assertEquals(List.of("x"), identity.getInputList());
        assertEquals(List.of("b"), identity.getOutputList());
        assertEquals(1, discover(inlined).sites().size());
    }

    @Test
    void activationsInALoopBodyAreListedWithTheLoopsReason() {
        GraphProto body = GraphProto.newBuilder().setName("body")
                .addInput(ValueInfoProto.newBuilder().setName("i"))
                .addInput(ValueInfoProto.newBuilder().setName("cond_in"))
                .addInput(ValueInfoProto.newBuilder().setName("v_in"))
                .addNode(NodeProto.newBuilder().setOpType("Identity").setName("/body/cond").addInput("cond_in")
                        .addOutput("cond_out"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("/body/relu").addInput("v_in")
                        .addOutput("v_out"))
                .addOutput(ValueInfoProto.newBuilder().setName("cond_out"))
                .addOutput(ValueInfoProto.newBuilder().setName("v_out")).build();
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("trips", I64).output("y", F, -1, 4)
                .initializer(boolScalar("go", true));
        g.node(NodeProto.newBuilder().setOpType("Loop").setName("/loop").addInput("trips").addInput("go")
                .addInput("x").addOutput("y").addAttribute(AttributeProto.newBuilder().setName("body")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(body)));
        OnnxModel m = IfInlining.inline(g.inMemory(), Map.of());
        SiteReport r = SiteDiscovery.discover(m, TensorShapes.none(""));
        assertEquals(1, r.skipped().size());
        assertEquals("subgraph 'body' of Loop node /loop", r.skipped().get(0).where());
        assertEquals("inside a Loop body, which runs a number of times known only at run time; its activations are "
                + "not tensors of the main graph", r.skipped().get(0).reason());
    }
}
