package org.nlsig.onnx.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.onnx.testing.TinyGraph;

/** Issue 17, item 10: overflowing or negative dimensions and graph cycles get clear errors at load time. */
class ModelChecksTest {
    @TempDir
    Path dir;

    private OnnxFormatException refused(TinyGraph g) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.write(file, g.model().toByteArray());
        return assertThrows(OnnxFormatException.class, () -> ModelLoader.load(file));
    }

    @Test
    void overflowingInitializerIsRefusedNamingIt() throws Exception {
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4)
                .initializer(TensorProto.newBuilder().setName("huge").setDataType(1).addDims(1L << 62)
                        .addDims(1L << 62).build())
                .node("Relu", "/r", "y", "x");
        OnnxFormatException e = refused(g);
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("m.onnx")
                && e.getMessage().contains("elements"), e.getMessage());
    }

    @Test
    void overflowingDeclaredInputIsRefusedNamingIt() throws Exception {
        TinyGraph g = new TinyGraph(13).input("x", 1, 1L << 40, 1L << 40).output("y", 1, -1, 4)
                .node("Relu", "/r", "y", "x");
        OnnxFormatException e = refused(g);
        assertTrue(e.getMessage().contains("tensor 'x'") && e.getMessage().contains("elements"), e.getMessage());
    }

    @Test
    void negativeDimensionIsRefusedNamingTheTensor() throws Exception {
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4)
                .initializer(TensorProto.newBuilder().setName("neg").setDataType(1).addDims(-3).build())
                .node("Relu", "/r", "y", "x");
        OnnxFormatException e = refused(g);
        assertTrue(e.getMessage().contains("'neg'") && e.getMessage().contains("-3")
                && e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void cycleIsReportedAsACycleThroughANode() throws Exception {
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4)
                .node("Add", "/add", "a", "x", "b").node("Relu", "/relu", "b", "a").node("Relu", "/out", "y", "b");
        OnnxFormatException e = refused(g);
        assertTrue(e.getMessage().contains("the graph has a cycle through node '/add'")
                || e.getMessage().contains("the graph has a cycle through node '/relu'"), e.getMessage());
        assertTrue(!e.getMessage().contains("rank"), e.getMessage());
    }

    @Test
    void cycleThroughASubgraphsOuterScopeReadIsFound() throws Exception {
        GraphProto branch = GraphProto.newBuilder().setName("then")
                .addNode(NodeProto.newBuilder().setOpType("Identity").setName("/then/id").addInput("late")
                        .addOutput("t"))
                .build();
        NodeProto.Builder ifNode = NodeProto.newBuilder().setOpType("If").setName("/if").addInput("cond")
                .addOutput("c").addAttribute(AttributeProto.newBuilder().setName("then_branch")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(branch))
                .addAttribute(AttributeProto.newBuilder().setName("else_branch")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(branch));
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).input("cond", 9).output("y", 1, -1, 4)
                .node(ifNode).node("Relu", "/late", "late", "c").node("Relu", "/out", "y", "x");
        OnnxFormatException e = refused(g);
        assertTrue(e.getMessage().contains("cycle through node"), e.getMessage());
    }

    @Test
    void nodesOutOfFileOrderButAcyclicStillLoad() throws Exception {
        Path file = dir.resolve("ok.onnx");
        new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4)
                .node("Relu", "/second", "y", "h").node("Relu", "/first", "h", "x").saveAndLoad(file);
    }
}
