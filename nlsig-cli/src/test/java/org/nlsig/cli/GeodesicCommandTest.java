package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeodesicCommandTest {
    @TempDir
    Path dir;

    private static final String DATA = "random:2x4x4,seed=1,n=48";

    /**
     * Two stages like a small ResNet: x (N x 2 x 4 x 4) -> two residual blocks (y = a + relu(w a) for a scalar
     * w) -> MaxPool 2x2 (N x 2 x 2 x 2) -> two more residual blocks.
     */
    private static Path stagedResNet(Path file) throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("staged");
        g.addInput(value("x", -1, 2, 4, 4));
        g.addOutput(value("s2b2", -1, 2, 2, 2));
        String in = "x";
        for (int stage = 1; stage <= 2; stage++) {
            for (int block = 1; block <= 2; block++) {
                String p = "/stage" + stage + "/block" + block;
                String w = "w" + stage + block;
                g.addInitializer(TensorProto.newBuilder().setName(w).setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(block == 1 ? -0.7f : 1.3f));
                g.addNode(node("Mul", p + "/Mul", p + "/Mul_output_0", in, w));
                g.addNode(node("Relu", p + "/Relu", p + "/Relu_output_0", p + "/Mul_output_0"));
                String out = "s" + stage + "b" + block;
                g.addNode(node("Add", p + "/Add", out, in, p + "/Relu_output_0"));
                in = out;
            }
            if (stage == 1) {
                g.addNode(node("MaxPool", "/pool", "pooled", in).addAttribute(ints("kernel_shape", 2, 2))
                        .addAttribute(ints("strides", 2, 2)));
                in = "pooled";
            }
        }
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setProducerName("nlsig-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static NodeProto.Builder node(String op, String name, String out, String... inputs) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out).addAllInput(List.of(inputs));
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    @Test
    void scoresEachStageAndWritesJsonCsvAndFigure() throws Exception {
        Path model = stagedResNet(dir.resolve("staged.onnx"));
        Path out = dir.resolve("geo");
        ScoreCommandTest.Run r = ScoreCommandTest.run("geodesic", model.toString(), "--data", DATA, "--segments",
                "--samples", "40", "--batch-size", "16", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("segment  positions 0..2 (x .. s1b2)"), r.out());
        assertTrue(r.out().contains("segment  positions 3..4 (s2b1 .. s2b2)"), r.out());
        assertTrue(r.out().contains("OTS"), r.out());

        JsonNode j = new ObjectMapper().readTree(out.resolve("geodesic.json").toFile());
        assertEquals("nlsig.geodesic/1", j.get("schema").asText());
        assertEquals(40, j.get("samples").asInt());
        assertTrue(j.get("whole").isNull(), "the shape changes at the pooling, so no whole-track score");
        assertEquals(2, j.get("segments").size());
        JsonNode first = j.get("segments").get(0);
        assertEquals(40, first.get("lss").size());
        assertTrue(first.get("lss_summary").get("mean").asDouble() >= 1.0);
        double ots = first.get("ots").get("score").asDouble();
        assertTrue(ots >= 0 && ots <= 1);
        assertEquals(64, j.get("model").get("sha256").asText().length());
        assertEquals("x", j.get("track").get("tensors").get(0).get("name").asText());
        assertEquals(2, j.get("track").get("tensors").get(0).get("width").asInt());
        assertEquals(8, j.get("projection").get(0).get("tracks").size());

        List<String> csv = Files.readAllLines(out.resolve("geodesic.csv"));
        assertEquals("sample,id,lss_0_2,lss_3_4", csv.get(0));
        assertEquals(41, csv.size());
        BufferedImage png = ImageIO.read(out.resolve("geodesic.png").toFile());
        assertEquals(2 * 560, png.getWidth(), "one panel per segment");
    }

    @Test
    void aShapeChangeWithoutSegmentsAndAPlainNetworkAreOneLineErrors() throws Exception {
        Path model = stagedResNet(dir.resolve("staged.onnx"));
        ScoreCommandTest.Run r = ScoreCommandTest.run("geodesic", model.toString(), "--data", DATA,
                "--out", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("[s2b1, s2b2] have shape [1, 2, 2, 2]") && r.err().contains("--segments"),
                r.err());
        assertFalse(Files.exists(dir.resolve("geodesic.json")), "nothing is written on error");

        ScoreCommandTest.Run named = ScoreCommandTest.run("geodesic", model.toString(), "--data", DATA,
                "--track", "^s2b", "--flatten", "--samples", "12", "--out", dir.toString());
        assertEquals(0, named.exit(), named.err());
        assertTrue(named.out().contains("regex '^s2b', 2 tensors (flattened)"), named.out());
        assertTrue(named.out().contains("whole track"), named.out());

        ScoreCommandTest.Run few = ScoreCommandTest.run("geodesic", model.toString(), "--data", DATA,
                "--samples", "1");
        assertEquals(1, few.exit());
        assertTrue(few.err().contains("at least 2"), few.err());
    }
}
