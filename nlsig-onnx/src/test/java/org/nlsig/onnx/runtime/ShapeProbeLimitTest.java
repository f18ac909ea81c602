package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.testing.TinyGraph;

/** Issue 17, item 8: the shape probe's forward pass on zeros cannot run a 10^15-step Loop for ever. */
class ShapeProbeLimitTest {
    @TempDir
    Path dir;

    private static ValueInfoProto scalar(String name, int type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(TensorShapeProto.newBuilder()))).build();
    }

    private static ValueInfoProto unshaped(String name, int type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type))).build();
    }

    /** x (N x N, symbolic) -> Loop 10^15 times { v = Relu(v) } -> Relu -> y. */
    static TinyGraph hugeLoop() {
        GraphProto body = GraphProto.newBuilder().setName("body")
                .addInput(scalar("i", TensorProto.DataType.INT64_VALUE))
                .addInput(scalar("cond_in", TensorProto.DataType.BOOL_VALUE))
                .addInput(unshaped("v_in", TensorProto.DataType.FLOAT_VALUE))
                .addNode(NodeProto.newBuilder().setOpType("Identity").setName("/body/cond").addInput("cond_in")
                        .addOutput("cond_out"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("/body/relu").addInput("v_in")
                        .addOutput("v_out"))
                .addOutput(scalar("cond_out", TensorProto.DataType.BOOL_VALUE))
                .addOutput(unshaped("v_out", TensorProto.DataType.FLOAT_VALUE))
                .build();
        return new TinyGraph(13).input("x", 1, -1, -1).output("y", 1, -1, -1)
                .initializer(TensorProto.newBuilder().setName("trips").setDataType(TensorProto.DataType.INT64_VALUE)
                        .addInt64Data(1_000_000_000_000_000L).build())
                .initializer(TensorProto.newBuilder().setName("go").setDataType(TensorProto.DataType.BOOL_VALUE)
                        .addInt32Data(1).build())
                .node(NodeProto.newBuilder().setOpType("Loop").setName("/loop").addInput("trips").addInput("go")
                        .addInput("x").addOutput("looped").addAttribute(AttributeProto.newBuilder().setName("body")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(body)))
                .node("Relu", "/act/Relu", "y", "looped");
    }

    @Test
    void aHugeLoopIsStoppedWithAClearNote() throws Exception {
        OnnxModel m = hugeLoop().saveAndLoad(dir.resolve("loop.onnx"));
        long start = System.nanoTime();
        TensorShapes shapes = ShapeInference.infer(m, null, Duration.ofMillis(500));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 5, "took " + seconds + " s");
        assertTrue(shapes.note().contains("could not be probed") && shapes.note().contains("500 ms")
                && shapes.note().contains("--input-shape 1,?") && shapes.note().contains("loop.onnx"),
                shapes.note());
    }

    @Test
    void aQuickProbeUnderTheLimitLeavesNoNote() throws Exception {
        OnnxModel m = new TinyGraph(13).input("x", 1, -1, -1).output("y", 1, -1, -1).node("Relu", "/r", "y", "x")
                .saveAndLoad(dir.resolve("relu.onnx"));
        TensorShapes shapes = ShapeInference.infer(m, null, Duration.ofSeconds(10));
        assertTrue(shapes.note().isEmpty(), shapes.note());
        assertTrue(shapes.get("y").rankKnown());
    }
}
