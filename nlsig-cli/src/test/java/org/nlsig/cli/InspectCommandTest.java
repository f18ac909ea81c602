package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = NlsigCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A model as PyTorch exports it: Conv -> Relu, then x * Sigmoid(x) (SiLU) and a Softmax head. */
    private Path model() throws Exception {
        Path file = dir.resolve("tiny.onnx");
        ai.onnx.proto.OnnxMl.GraphProto.Builder g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("g");
        g.addInput(vi("input", 1, -1, 2, 4, 4)).addOutput(vi("probs", 1, -1, 2, 4, 4));
        g.addInitializer(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("w").setDataType(1)
                .addDims(2).addDims(2).addDims(1).addDims(1).addFloatData(1).addFloatData(0.5f).addFloatData(-1)
                .addFloatData(2));
        g.addNode(node("Conv", "/conv/Conv", "c", "input", "w"));
        g.addNode(node("Relu", "/layer1/layer1.0/relu_1/Relu", "r", "c"));
        g.addNode(node("Sigmoid", "/act/Sigmoid", "s", "r"));
        g.addNode(node("Mul", "/act/Mul", "m", "r", "s"));
        g.addNode(node("Softmax", "/head/Softmax", "probs", "m"));
        ai.onnx.proto.OnnxMl.ModelProto m = ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g)
                .build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static ai.onnx.proto.OnnxMl.NodeProto node(String op, String name, String out, String... in) {
        return ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out)
                .addAllInput(java.util.List.of(in)).build();
    }

    private static ai.onnx.proto.OnnxMl.ValueInfoProto vi(String name, int type, long... dims) {
        ai.onnx.proto.OnnxMl.TensorShapeProto.Builder s = ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(
                ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(
                        ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }

    @Test
    void printsSitesAndSkippedCandidates() throws Exception {
        Run r = run("inspect", model().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 activation sites"), r.out());
        assertTrue(r.out().matches("(?s).*\\b0\\s+layer1\\.0\\.relu_1\\s+relu\\s+\\[1, 2, 4, 4\\]\\s+1\\b.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\b1\\s+act\\s+silu\\b.*Sigmoid\\+Mul.*"), r.out());
        assertTrue(r.out().contains("1 skipped candidates") && r.out().contains("/head/Softmax"), r.out());
        assertTrue(r.out().contains("MACs/sample 64"), r.out());
    }

    @Test
    void jsonForMachines() throws Exception {
        Run r = run("inspect", "--json", model().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.get("sites").size());
        assertEquals("silu", root.get("sites").get(1).get("kind").asText());
        assertEquals(1, root.get("sites").get(0).get("feature_axis").asInt());
        assertEquals("Softmax", root.get("skipped").get(0).get("op_type").asText());
        assertEquals(4, root.get("parameters").asInt());
        assertEquals(64, root.get("sha256").asText().length());
    }

    @Test
    void badFilesGiveOneLineErrors() throws Exception {
        Run missing = run("inspect", dir.resolve("nope.onnx").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.onnx"), missing.err());
        Path text = Files.writeString(dir.resolve("bad.onnx"), "hello");
        Run bad = run("inspect", text.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("not an ONNX model"), bad.err());
    }
}
