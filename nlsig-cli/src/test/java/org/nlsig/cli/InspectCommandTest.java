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
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
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

    /** Silero VAD v5, committed with its MIT licence as a fixture of nlsig-onnx's tests. */
    private static final Path SILERO = Path.of("../nlsig-onnx/src/test/resources/silero/silero_vad_v5.onnx");

    /** Issues 15 and 16: every input listed, and the sites of the branch that --input sr=16000 selects. */
    @Test
    void listsEveryInputAndTheSitesOfTheBranchTheInputsSelect() {
        Run r = run("inspect", SILERO.toString(), "--input", "sr=16000", "--input", "state=zeros:2xBx128",
                "--input-shape", "1,512");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("input       input FLOAT [?, ?], fed by the data (shapes below at [1, 512])\n"),
                r.out());
        assertTrue(r.out().contains("            state FLOAT [2, ?, 128], fed --input state=zeros:2xBx128\n"), r.out());
        assertTrue(r.out().contains("            sr INT64 [], fed --input sr=16000\n"), r.out());
        assertTrue(r.out().contains("If          If_0: then_branch runs (its condition 'Equal_0_C' is true, computed "
                + "from inputs [sr] given fixed values)"), r.out());
        assertTrue(r.out().contains("6 activation sites"), r.out());
        assertTrue(r.out().matches("(?s).*\\b5\\s+If_0\\.If_0_then_branch__Inline_0__\\.decoder\\.decoder\\.3"
                + "\\s+sigmoid.*"), r.out());
        assertTrue(r.out().contains("subgraph 'else_branch' of If node If_0: in the branch of an If that this run "
                + "does not take"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void withoutTheSampleRateSilerosBranchesAreSkippedNamingTheOption() {
        Run r = run("inspect", SILERO.toString(), "--input", "state=zeros:2xBx128", "--input-shape", "1,512");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0 activation sites") && r.out().contains("12 skipped candidates"), r.out());
        assertTrue(r.out().contains("            sr INT64 [], fed nothing (give it with --input sr=...)"), r.out());
        assertTrue(r.out().contains("If_0: not inlined, its condition depends on model input 'sr', which has no "
                + "fixed value (give it one with --input sr=VALUE)"), r.out());
    }

    @Test
    void badInputValuesAreErrorsNamingTheOption() {
        Run unknown = run("inspect", SILERO.toString(), "--input", "rate=16000");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("--input rate=16000: " + SILERO + " has no input 'rate'; its inputs are "
                + "[input, state, sr]"), unknown.err());
        Run shape = run("inspect", SILERO.toString(), "--input", "state=zeros:2xBx64");
        assertEquals(1, shape.code());
        assertTrue(shape.err().contains("--input state=zeros:2xBx64: shape 2xBx64 does not fit input 'state', "
                + "declared [2, ?, 128]: axis 2 must be 128"), shape.err());
        Run malformed = run("inspect", SILERO.toString(), "--input", "sr");
        assertEquals(2, malformed.code(), "a value picocli cannot convert is a usage error");
        assertTrue(malformed.err().contains("Invalid value for option '--input'") && malformed.err().contains(
                "'sr' is not NAME=VALUE"), malformed.err());
    }

    /** Without --input-shape the probe runs silero at [1, 1], too short for its padding: the warning says so. */
    @Test
    void aFailedProbeNamesTheShapeToPassAndKeepsTheSites() {
        Run r = run("inspect", SILERO.toString(), "--input", "sr=16000", "--input", "state=zeros:2xBx128");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 activation sites"), r.out());
        assertTrue(r.err().startsWith("nlsig inspect: warning: the shapes of " + SILERO + " could not be probed: "
                + "its forward pass on zeros (input 'input' at [1, 1]) failed: ") && r.err().contains(
                "Pass the real shape of input 'input' with --input-shape 1,?"), r.err());
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

    private static ModelProto modelOf(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
    }

    private static ValueInfoProto untyped(String name, int type, boolean scalar) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type);
        if (scalar) {
            t.setShape(ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder());
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    /** Issue 17, item 8: a Loop of 10^15 steps does not keep inspect running; the warning says what to do. */
    @Test
    void aHugeLoopStopsTheShapeProbeWithAWarning() throws Exception {
        GraphProto body = GraphProto.newBuilder().setName("body").addInput(untyped("i", 7, true))
                .addInput(untyped("cond_in", 9, true)).addInput(untyped("v_in", 1, false))
                .addNode(node("Identity", "/body/cond", "cond_out", "cond_in"))
                .addNode(node("Relu", "/body/relu", "v_out", "v_in"))
                .addOutput(untyped("cond_out", 9, true)).addOutput(untyped("v_out", 1, false)).build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(vi("x", 1, -1, -1))
                .addOutput(vi("y", 1, -1, -1))
                .addInitializer(TensorProto.newBuilder().setName("trips").setDataType(7)
                        .addInt64Data(1_000_000_000_000_000L))
                .addInitializer(TensorProto.newBuilder().setName("go").setDataType(9).addInt32Data(1))
                .addNode(node("Loop", "/loop", "looped", "trips", "go", "x").toBuilder().addAttribute(
                        AttributeProto.newBuilder().setName("body").setType(AttributeProto.AttributeType.GRAPH)
                                .setG(body)))
                .addNode(node("Relu", "/act/Relu", "y", "looped"));
        Path file = dir.resolve("loop.onnx");
        Files.write(file, modelOf(g).toByteArray());
        long start = System.nanoTime();
        Run r = run("inspect", "--probe-timeout", "0.5", file.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "inspect took " + seconds + " s");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("could not be probed") && r.err().contains("--input-shape"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        assertEquals(2, run("inspect", "--probe-timeout", "NaN", file.toString()).code(), "NaN is refused by the"
                + " option converter, a usage error");
        assertEquals(1, run("inspect", "--probe-timeout", "0", file.toString()).code());
    }

    /** Issue 17, item 10: overflowing dimensions and cycles are one-line errors, not stack traces. */
    @Test
    void overflowingDimensionsAndCyclesAreClearErrors() throws Exception {
        GraphProto.Builder huge = GraphProto.newBuilder().setName("g").addInput(vi("x", 1, -1, 4))
                .addOutput(vi("y", 1, -1, 4)).addInitializer(TensorProto.newBuilder().setName("big").setDataType(1)
                        .addDims(1L << 62).addDims(1L << 62))
                .addNode(node("Relu", "/r", "y", "x"));
        Path file = dir.resolve("huge.onnx");
        Files.write(file, modelOf(huge).toByteArray());
        Run r = run("inspect", file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("'big'") && !r.err().contains("at org."), r.err());

        GraphProto.Builder cycle = GraphProto.newBuilder().setName("g").addInput(vi("x", 1, -1, 4))
                .addOutput(vi("y", 1, -1, 4)).addNode(node("Add", "/add", "a", "x", "b"))
                .addNode(node("Relu", "/relu", "b", "a")).addNode(node("Relu", "/out", "y", "b"));
        Files.write(file, modelOf(cycle).toByteArray());
        r = run("inspect", file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the graph has a cycle through node") && !r.err().contains("rank"), r.err());
    }

    /** Issue 16: a recurrent cell is listed with its reason, and a site pooled to d = 1 on a guessed axis is warned. */
    @Test
    void listsRecurrentCellsAndWarnsOfAGuessedSingleFeature() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(vi("x", 1, -1, 8, 1))
                .addInput(vi("seq", 1, 5, 1, 3)).addOutput(vi("y", 1, -1, 8, 1)).addOutput(vi("h", 1, 5, 1, 1, 2));
        for (String[] w : new String[][] {{"w", "3"}, {"rw", "2"}}) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(w[0]).setDataType(1).addDims(1).addDims(8)
                    .addDims(Long.parseLong(w[1]));
            for (int i = 0; i < 8 * Integer.parseInt(w[1]); i++) {
                t.addFloatData(0.1f);
            }
            g.addInitializer(t);
        }
        g.addNode(node("Relu", "/decoder/Relu", "y", "x"));
        g.addNode(node("LSTM", "/encoder/LSTM", "h", "seq", "w", "rw").toBuilder().addAttribute(AttributeProto
                .newBuilder().setName("hidden_size").setType(AttributeProto.AttributeType.INT).setI(2)));
        Path file = dir.resolve("recurrent.onnx");
        Files.write(file, modelOf(g).toByteArray());
        Run r = run("inspect", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/encoder/LSTM (LSTM) in main graph: gates fused inside the cell"), r.out());
        assertTrue(r.err().contains("nlsig inspect: warning: site 0 'decoder' is pooled to d = 1 (axis 2 of"
                + " [1, 8, 1])") && r.err().contains("pass --feature-axis 0=1"), r.err());
    }
}
