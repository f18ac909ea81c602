package org.nlsig.signature.geodesic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.runtime.CaptureOptions;

class GeodesicRunTest {
    @TempDir
    Path dir;

    private static final String DATA = "random:2x3x3,seed=3,n=40";

    /** Builds a model over x (N x 2 x 3 x 3) from (op, output, inputs...) triples; scalars are "#value". */
    static Path model(Path file, String output, long[] outDims, String[]... nodes) throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("geo");
        g.addInput(value("x", -1, 2, 3, 3));
        g.addOutput(value(output, outDims));
        int c = 0;
        for (String[] n : nodes) {
            NodeProto.Builder b = NodeProto.newBuilder().setOpType(n[0]).setName("/" + n[1] + "/" + n[0])
                    .addOutput(n[1]);
            for (int i = 2; i < n.length; i++) {
                if (n[i].startsWith("#")) {
                    String name = "c" + c++;
                    g.addInitializer(TensorProto.newBuilder().setName(name)
                            .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(Float.parseFloat(n[i].substring(1))));
                    b.addInput(name);
                } else {
                    b.addInput(n[i]);
                }
            }
            if (n[0].equals("Flatten")) {
                b.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(1));
            }
            g.addNode(b);
        }
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setProducerName("nlsig-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
        Files.write(file, m.toByteArray());
        return file;
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

    /** Residual blocks that only scale: x, 1.5x, 1.875x, 3.75x - a straight track and a positive-definite map. */
    static Path scalingResidualModel(Path file) throws IOException {
        return model(file, "a3", new long[] {-1, 2, 3, 3},
                new String[] {"Mul", "b1", "x", "#0.5"}, new String[] {"Add", "a1", "x", "b1"},
                new String[] {"Mul", "b2", "a1", "#0.25"}, new String[] {"Add", "a2", "b2", "a1"},
                new String[] {"Add", "a3", "a2", "a2"});
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeodesicOptions options() {
        return GeodesicOptions.defaults().withCapture(CaptureOptions.defaults().withThreads(1)).withBatchSize(16);
    }

    @Test
    void aScalingResidualNetworkHasStraightTracksAndScoresOne() throws IOException {
        Path m = scalingResidualModel(dir.resolve("scale.onnx"));
        GeodesicResult r = GeodesicRun.compute(m, DATA, options());
        assertEquals(GeodesicResult.SCHEMA, r.schema());
        assertEquals(List.of("x", "a1", "a2", "a3"), r.whole().tensors());
        assertEquals(40, r.samples());
        assertEquals(40, r.whole().lss().size());
        assertEquals(1.0, r.whole().lssSummary().max(), 1e-5);
        assertEquals(1.0, r.whole().lssSummary().min(), 1e-5);
        assertEquals(1.0, r.whole().ots().score());
        assertEquals(2, r.track().tensors().get(0).width(), "channels pooling keeps the 2 channels");
        assertEquals(1, r.projection().size());
        assertEquals(8, r.projection().get(0).tracks().size());
        assertEquals(sha256(m), r.model().sha256());

        GeodesicResult flat = GeodesicRun.compute(m, DATA, options().withFlatten(true).withSamples(10));
        assertEquals(18, flat.track().tensors().get(3).width());
        assertEquals(10, flat.samples());
        assertEquals(1.0, flat.whole().ots().score());
    }

    @Test
    void aSignFlipIsFarFromOptimalTransport() throws IOException {
        Path m = model(dir.resolve("neg.onnx"), "n", new long[] {-1, 2, 3, 3},
                new String[] {"Neg", "n", "x"});
        GeodesicResult r = GeodesicRun.compute(m, DATA, options().withTrack("x,n").withFlatten(true));
        assertEquals("names", r.track().source());
        assertTrue(r.whole().ots().score() < 0.3, "OTS " + r.whole().ots().score());
        assertTrue(r.whole().ots().networkCost() > r.whole().ots().optimalCost());
        assertEquals(1.0, r.whole().lssSummary().mean(), 1e-12, "a single step is straight");
    }

    /**
     * Named data (.npz) feeds the inputs of its names, as in a signature run: the same values as .npz and as .npy give
     * the same metrics; an array the model does not take is refused before anything runs.
     */
    @Test
    void namedDataFeedsTheInputOfItsNameAndAnUnknownArrayIsRefused() throws IOException {
        Path m = model(dir.resolve("neg2.onnx"), "n", new long[] {-1, 2, 3, 3},
                new String[] {"Neg", "n", "x"}, new String[] {"Relu", "r", "n"}, new String[] {"Add", "a", "n", "r"});
        float[] values = new float[6 * 18];
        java.util.Random rnd = new java.util.Random(4);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        Path npy = dir.resolve("x.npy");
        org.nlsig.io.npy.NpyFile.writeFloats(npy, values, 6, 2, 3, 3);
        Path npz = dir.resolve("x.npz");
        org.nlsig.io.npy.NpzFile.write(npz, java.util.Map.of("x", org.nlsig.io.npy.NpyArray.ofFloats(values, 6, 2,
                3, 3)));
        GeodesicResult fromNpy = GeodesicRun.compute(m, "npy:" + npy, options().withTrack("x,n,a").withFlatten(true));
        GeodesicResult fromNpz = GeodesicRun.compute(m, "npz:" + npz, options().withTrack("x,n,a").withFlatten(true));
        assertEquals(fromNpy.whole().lss(), fromNpz.whole().lss());
        assertEquals(fromNpy.whole().ots().matched(), fromNpz.whole().ots().matched());

        Path extra = dir.resolve("extra.npz");
        java.util.Map<String, org.nlsig.io.npy.NpyArray> arrays = new java.util.LinkedHashMap<>();
        arrays.put("x", org.nlsig.io.npy.NpyArray.ofFloats(values, 6, 2, 3, 3));
        arrays.put("y", org.nlsig.io.npy.NpyArray.ofFloats(new float[6], 6));
        org.nlsig.io.npy.NpzFile.write(extra, arrays);
        var e = assertThrows(UserInputException.class,
                () -> GeodesicRun.compute(m, "npz:" + extra, options().withTrack("x,n,a")));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("no input of that name"),
                e.getMessage());
    }

    /** A second model input the data does not give is fed by --input, as in a signature run, or named when missing. */
    @Test
    void aSecondInputIsFedByItsInputValueOrNamedWhenMissing() throws IOException {
        Path m = model(dir.resolve("gain.onnx"), "a", new long[] {-1, 2, 3, 3},
                new String[] {"Mul", "g", "x", "gain"}, new String[] {"Add", "a", "x", "g"});
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(m));
        GraphProto.Builder g = proto.getGraph().toBuilder().addInput(value("gain", 1));
        Files.write(m, proto.toBuilder().setGraph(g).build().toByteArray());

        var missing = assertThrows(UserInputException.class, () -> GeodesicRun.compute(m, DATA, options()));
        assertTrue(missing.getMessage().contains("gain") && missing.getMessage().contains("--input"),
                missing.getMessage());
        GeodesicResult r = GeodesicRun.compute(m, DATA, options().withInputs(List.of(
                org.nlsig.onnx.inputs.InputAssignment.parse("gain=2"))));
        // x, then x + 2x: one step along x, a straight track
        assertEquals(List.of("x", "a"), r.track().tensors().stream().map(GeodesicResult.TensorRef::name).toList());
        assertEquals(1.0, r.whole().lssSummary().mean(), 1e-12);
        assertEquals(1.0, r.whole().ots().score(), 1e-12, "3x is a positive-definite map");
    }

    @Test
    void aShapeChangingTrackNeedsSegmentsAndThenScoresEach() throws IOException {
        Path m = model(dir.resolve("stages.onnx"), "a2", new long[] {-1, 18},
                new String[] {"Relu", "b1", "x"}, new String[] {"Add", "a1", "x", "b1"},
                new String[] {"Flatten", "f", "a1"}, new String[] {"Relu", "b2", "f"},
                new String[] {"Add", "a2", "f", "b2"}, new String[] {"Relu", "b3", "a2"},
                new String[] {"Add", "a3", "a2", "b3"});
        var e = assertThrows(UserInputException.class, () -> GeodesicRun.compute(m, DATA, options()));
        assertTrue(e.getMessage().contains("stages.onnx") && e.getMessage().contains("[x, a1] have shape")
                && e.getMessage().contains("--segments"), e.getMessage());
        GeodesicResult r = GeodesicRun.compute(m, DATA, options().withSegments(true));
        assertNull(r.whole());
        assertEquals(2, r.segments().size());
        assertEquals(List.of("x", "a1"), r.segments().get(0).tensors());
        assertEquals(List.of("a2", "a3"), r.segments().get(1).tensors());
        assertEquals(2, r.projection().size());

        StringWriter csv = new StringWriter();
        GeodesicCsv.write(csv, r);
        String[] lines = csv.toString().split("\n");
        assertEquals("sample,id,lss_0_1,lss_2_3", lines[0]);
        assertEquals(41, lines.length);
        assertTrue(lines[1].startsWith("0,random#0,"), lines[1]);

        Path json = dir.resolve("out/geodesic.json");
        GeodesicJson.write(json, r);
        GeodesicResult back = GeodesicJson.read(json);
        assertEquals(r.segments().get(1).lss(), back.segments().get(1).lss());
        assertEquals(r.segments().get(0).ots(), back.segments().get(0).ots());
        assertNull(back.whole());
    }

    @Test
    void badRequestsAreClearErrors() throws IOException {
        Path m = scalingResidualModel(dir.resolve("scale.onnx"));
        var many = assertThrows(UserInputException.class,
                () -> GeodesicRun.compute(m, DATA, options().withSamples(41)));
        assertTrue(many.getMessage().contains("more samples than the data has (40)"), many.getMessage());
        assertThrows(UserInputException.class, () -> options().withSamples(1));
        var same = assertThrows(UserInputException.class,
                () -> GeodesicRun.compute(m, DATA, options().withTrack("x,b1,b1")));
        assertTrue(same.getMessage().contains("named twice"), same.getMessage());
        var zero = assertThrows(UserInputException.class,
                () -> GeodesicRun.compute(model(dir.resolve("id.onnx"), "y", new long[] {-1, 2, 3, 3},
                        new String[] {"Identity", "y", "x"}), DATA, options().withTrack("x,y")));
        assertTrue(zero.getMessage().contains("length zero") && zero.getMessage().contains("'y'"),
                zero.getMessage());
        var shape = assertThrows(UserInputException.class,
                () -> GeodesicRun.compute(m, "random:3x3x3,n=4", options()));
        assertTrue(shape.getMessage().contains("shape"), shape.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema\": \"nlsig.signature/1\"}");
        var schema = assertThrows(IOException.class, () -> GeodesicJson.read(bad));
        assertTrue(schema.getMessage().contains("nlsig.geodesic/1"), schema.getMessage());
    }
}
