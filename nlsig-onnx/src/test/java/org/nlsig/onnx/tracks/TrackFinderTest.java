package org.nlsig.onnx.tracks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.pooling.TensorPooling;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.testing.TinyGraph;

class TrackFinderTest {
    private static final int F = 1;

    /**
     * x (N x 2 x 3 x 3) -> a1 = x + 0.5x -> a2 = relu(a1) + a1 -> a3 = a2 + (0.3 a2 + 1) = y. The "+ 1" is a bias
     * Add with a constant input, not a residual one.
     */
    static OnnxModel residualChain() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 2, 3, 3).output("a3", F, -1, 2, 3, 3);
        g.node("Mul", "/block1/Mul", "b1", "x", g.scalar(0.5));
        g.node("Add", "/block1/Add", "a1", "x", "b1");
        g.node("Relu", "/block2/Relu", "b2", "a1");
        g.node("Add", "/block2/Add", "a2", "b2", "a1");
        g.node("Mul", "/block3/Mul", "b3", "a2", g.scalar(0.3));
        g.node("Add", "/block3/bias", "b3b", "b3", g.scalar(1.0));
        g.node("Add", "/block3/Add", "a3", "a2", "b3b");
        return g.inMemory();
    }

    /** The same operations without the skip connections. */
    static OnnxModel plainChain() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 2, 3, 3).output("p3", F, -1, 2, 3, 3);
        g.node("Mul", "/block1/Mul", "p1", "x", g.scalar(1.5));
        g.node("Relu", "/block2/Relu", "p2", "p1");
        g.node("Mul", "/block3/Mul", "p3", "p2", g.scalar(0.3));
        return g.inMemory();
    }

    /** A residual block, a Flatten that changes the shape, then a residual block on N x 18. */
    static OnnxModel shapeChangingChain() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 2, 3, 3).output("a2", F, -1, 18);
        g.node("Relu", "/block1/Relu", "b1", "x");
        g.node("Add", "/block1/Add", "a1", "x", "b1");
        g.node(NodeProto.newBuilder().setOpType("Flatten").setName("/flatten").addInput("a1").addOutput("f")
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(1)));
        g.node("Relu", "/block2/Relu", "b2", "f");
        g.node("Add", "/block2/Add", "a2", "f", "b2");
        return g.inMemory();
    }

    private static Track find(OnnxModel m, String spec) {
        return TrackFinder.find(m, ShapeInference.infer(m), spec);
    }

    @Test
    void autoFollowsTheResidualStreamFromTheFirstSkipInput() {
        Track t = find(residualChain(), "auto");
        assertEquals(List.of("x", "a1", "a2", "a3"), t.names());
        assertEquals("auto (residual stream)", t.source());
        assertEquals(List.of(2L, 3L, 3L), t.tensors().get(2).sampleShape());
        assertEquals(1, t.tensors().get(0).featureAxis());
        t.requireOneShape();
        assertEquals(1, t.equalShapeRuns().size());
    }

    @Test
    void aPlainChainHasNoResidualStream() {
        var e = assertThrows(UserInputException.class, () -> find(plainChain(), "auto"));
        assertTrue(e.getMessage().contains("no residual Add") && e.getMessage().contains("--track"),
                e.getMessage());
        assertEquals(List.of("x", "p1", "p2", "p3"), find(plainChain(), "^(x|p\\d)$").names());
    }

    @Test
    void namesKeepTheGivenOrderAndRegexesTheExecutionOrder() {
        OnnxModel m = residualChain();
        assertEquals(List.of("a3", "a1"), find(m, "a3, a1").names());
        Track r = find(m, "^a[0-9]$");
        assertEquals(List.of("a1", "a2", "a3"), r.names());
        assertEquals("regex '^a[0-9]$'", r.source());
        assertEquals(List.of("b1", "b2", "b3", "b3b"), find(m, "^b").names());
    }

    @Test
    void unknownNamesBadRegexesAndDuplicatesAreErrorsThatSayWhy() {
        OnnxModel m = residualChain();
        var e = assertThrows(UserInputException.class, () -> find(m, "a1,a9"));
        assertTrue(e.getMessage().contains("'a9'") && e.getMessage().contains("matches no tensor"), e.getMessage());
        var bad = assertThrows(UserInputException.class, () -> find(m, "a1(["));
        assertTrue(bad.getMessage().contains("not a valid regular expression"), bad.getMessage());
        var dup = assertThrows(UserInputException.class, () -> find(m, "a1,a1"));
        assertTrue(dup.getMessage().contains("named twice"), dup.getMessage());
        var one = assertThrows(UserInputException.class, () -> find(m, "a1"));
        assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
    }

    @Test
    void tensorsOfDifferentShapesAreNamedInTheError() {
        Track t = find(shapeChangingChain(), "auto");
        assertEquals(List.of("x", "a1", "a2"), t.names());
        var e = assertThrows(UserInputException.class, t::requireOneShape);
        assertTrue(e.getMessage().contains("[x, a1] have shape [1, 2, 3, 3]")
                && e.getMessage().contains("[a2] have shape [1, 18]") && e.getMessage().contains("--segments"),
                e.getMessage());
        List<int[]> runs = t.equalShapeRuns();
        assertEquals(2, runs.size());
        assertArrayEquals(new int[] {0, 1}, runs.get(0));
        assertArrayEquals(new int[] {2, 2}, runs.get(1));
    }

    @Test
    void poolingPlansFollowTheModeOrFlatten() {
        Track t = find(residualChain(), "auto");
        List<TensorPooling> channels = t.pooling(PoolingMode.CHANNELS, false);
        assertArrayEquals(new int[] {2, 3}, channels.get(1).reducedAxes());
        assertTrue(t.pooling(PoolingMode.CHANNELS, true).stream().allMatch(TensorPooling::flatten));
    }
}
