package org.nlsig.onnx.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.testing.TinyGraph;

/** The evaluator of If conditions: every op it knows, broadcasting, and why an unknown condition is unknown. */
class ConditionEvaluatorTest {
    private static final int F = 1;
    private static final int I64 = 7;

    private static TensorProto ints(String name, long... v) {
        return TensorProto.newBuilder().setName(name).setDataType(I64).addDims(v.length)
                .addAllInt64Data(java.util.Arrays.stream(v).boxed().toList()).build();
    }

    private static NodeProto.Builder node(String op, String out, String... in) {
        return NodeProto.newBuilder().setOpType(op).setName("/" + out).addOutput(out)
                .addAllInput(java.util.List.of(in));
    }

    /** sr (scalar int64) through Reshape, Unsqueeze, Squeeze, comparisons, logic and Casts. */
    private static GraphProto graph() {
        TinyGraph g = new TinyGraph(13).input("x", F, -1, 4).input("sr", I64).output("y", F, -1, 4)
                .initializer(ints("one_shape", 1)).initializer(ints("axis0", 0))
                .initializer(ints("rates", 8000, 16000, 44100));
        g.node(node("Reshape", "sr1", "sr", "one_shape"));                  // [1]
        g.node(node("Unsqueeze", "sr11", "sr1", "axis0"));                  // [1, 1]
        g.node(node("Squeeze", "sr_again", "sr11", "axis0"));               // [1]
        g.node(node("Equal", "which", "sr_again", "rates"));                // [3]: broadcast
        g.node(node("Greater", "above", "sr", "rates"));                    // [3]
        g.node(node("Less", "below", "sr", "rates"));
        g.node(node("Not", "not_below", "below"));
        g.node(node("And", "above_and", "above", "not_below"));
        g.node(node("Or", "either", "which", "above"));
        g.node(node("Cast", "as_float", "sr").addAttribute(AttributeProto.newBuilder().setName("to")
                .setType(AttributeProto.AttributeType.INT).setI(1)));
        g.node(node("Constant", "half").addAttribute(AttributeProto.newBuilder().setName("value_float")
                .setType(AttributeProto.AttributeType.FLOAT).setF(16000.5f)));
        g.node(node("GreaterOrEqual", "ge", "as_float", "half"));
        g.node(node("Shape", "shape", "x"));
        g.node(node("Identity", "shape_again", "shape"));
        return g.model().getGraph();
    }

    private static double[] values(ConditionEvaluator e, String tensor) {
        return ((ConditionEvaluator.Known) e.evaluate(tensor)).value().values();
    }

    @Test
    void knownInputsAreEvaluatedThroughEveryOpItKnows() {
        ConditionEvaluator e = new ConditionEvaluator(graph(), Map.of("sr",
                new ConstantTensor(ElementType.INT64, new long[0], new double[] {16000})), 13);
        assertArrayEquals(new long[] {1}, ((ConditionEvaluator.Known) e.evaluate("sr_again")).value().shape());
        assertArrayEquals(new double[] {0, 1, 0}, values(e, "which"));
        assertArrayEquals(new double[] {1, 0, 0}, values(e, "above"));
        assertArrayEquals(new double[] {1, 1, 0}, values(e, "not_below"));
        assertArrayEquals(new double[] {1, 0, 0}, values(e, "above_and"));
        assertArrayEquals(new double[] {1, 1, 0}, values(e, "either"));
        assertArrayEquals(new double[] {0}, values(e, "ge"), "16000 (cast to float) < 16000.5");
        assertEquals(ElementType.FLOAT, ((ConditionEvaluator.Known) e.evaluate("as_float")).value().type());
        assertEquals(Set.of("sr"), ((ConditionEvaluator.Known) e.evaluate("either")).inputs());
    }

    @Test
    void anUnknownConditionSaysWhatItDependsOn() {
        ConditionEvaluator e = new ConditionEvaluator(graph(), Map.of(), 13);
        assertEquals(new ConditionEvaluator.Unknown("model input 'sr', which has no fixed value (give it one with "
                + "--input sr=VALUE)"), e.evaluate("either"));
        assertEquals(new ConditionEvaluator.Unknown("the output of Shape node '/shape', computed at run time"),
                e.evaluate("shape_again"));
    }
}
