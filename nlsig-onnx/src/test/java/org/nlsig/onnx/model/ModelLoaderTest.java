package org.nlsig.onnx.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.FeatureLayout;
import org.nlsig.onnx.sites.ScopeNames;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.testing.TinyGraph;

class ModelLoaderTest {
    @TempDir
    Path dir;

    /** x (N x 4) -> MatMul with W (4 x 3, stored in {@code location}) -> Relu. */
    private TinyGraph linearRelu(String location) {
        TensorProto.Builder w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(4).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("48"));
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 3).initializer(w.build());
        return g.node("MatMul", "/fc/MatMul", "h", "x", "W").node("Relu", "/act/Relu", "y", "h");
    }

    private static byte[] weights() {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 12; i++) {
            b.putFloat(i - 5.5f);
        }
        return b.array();
    }

    @Test
    void externalDataInsideTheFolderIsLoadedAndRun() throws Exception {
        Files.write(dir.resolve("weights.bin"), weights());
        OnnxModel m = linearRelu("weights.bin").saveAndLoad(dir.resolve("model.onnx"));
        assertTrue(m.hasExternalData());
        assertEquals(12, m.parameterCount());
        assertEquals(2, m.nodeCount());
        assertEquals(13, m.opset());
        assertEquals(64, m.sha256().length());
        assertEquals(ModelLoader.sha256(Files.readAllBytes(dir.resolve("model.onnx"))), m.sha256());
        // The weights' hash covers the side file: location, a zero byte, then its bytes.
        byte[] named = "weights.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] hashed = new byte[named.length + 1 + weights().length];
        System.arraycopy(named, 0, hashed, 0, named.length);
        System.arraycopy(weights(), 0, hashed, named.length + 1, weights().length);
        assertEquals(ModelLoader.sha256(hashed), m.externalDataSha256().orElseThrow());
        byte[] changed = weights();
        changed[0] ^= 1;
        Files.write(dir.resolve("weights.bin"), changed);
        OnnxModel retrained = ModelLoader.load(dir.resolve("model.onnx"));
        assertEquals(m.sha256(), retrained.sha256(), "the .onnx file itself did not change");
        assertTrue(!retrained.externalDataSha256().equals(m.externalDataSha256()), "but the weights did");
        Files.write(dir.resolve("weights.bin"), weights());
        OnnxModel plain = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4).node("Relu", "/r", "y", "x")
                .saveAndLoad(dir.resolve("plain.onnx"));
        assertTrue(plain.externalDataSha256().isEmpty(), "weights inside the .onnx file: its sha256 covers them");
        TensorShapes shapes = ShapeInference.infer(m);
        assertEquals(12, ComputeCost.macsPerSample(m, shapes).macsPerSample());
        List<ActivationSite> sites = SiteDiscovery.discover(m, shapes).sites();
        assertEquals(FeatureLayout.CHANNELS_LAST, sites.get(0).layout());
        try (CaptureSession c = CaptureSession.open(m, sites, CaptureOptions.defaults())) {
            BatchCapture b = c.run(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, new long[] {2, 4});
            // Row 0 of W is -5.5..-3.5, row 3 is 3.5..5.5.
            assertArrayEquals(new float[] {-5.5f, -4.5f, -3.5f, 3.5f, 4.5f, 5.5f}, b.sites().get(0).x().values());
            assertArrayEquals(new float[] {0, 0, 0, 3.5f, 4.5f, 5.5f}, b.sites().get(0).y().values());
        }
    }

    @Test
    void externalDataOutsideTheFolderIsRefused() throws Exception {
        Path inner = Files.createDirectories(dir.resolve("model"));
        Files.write(dir.resolve("secret.bin"), weights());
        for (String location : List.of("../secret.bin", dir.resolve("secret.bin").toString(), "sub/../../secret.bin")) {
            Path file = inner.resolve("model.onnx");
            Files.write(file, linearRelu(location).model().toByteArray());
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> ModelLoader.load(file));
            assertTrue(e.getMessage().contains("tensor 'W'") && e.getMessage().contains(location), e.getMessage());
        }
        Files.createSymbolicLink(inner.resolve("link.bin"), dir.resolve("secret.bin"));
        Files.write(inner.resolve("model.onnx"), linearRelu("link.bin").model().toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> ModelLoader.load(inner.resolve("model.onnx")));
        assertTrue(e.getMessage().contains("link"), e.getMessage());

        Files.write(inner.resolve("model.onnx"), linearRelu("missing.bin").model().toByteArray());
        e = assertThrows(OnnxFormatException.class, () -> ModelLoader.load(inner.resolve("model.onnx")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void missingAndNonOnnxFilesGetClearErrors() throws Exception {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> ModelLoader.load(dir.resolve("nope.onnx")));
        assertTrue(missing.getMessage().contains("nope.onnx"));
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> ModelLoader.load(text));
        assertTrue(e.getMessage().contains("notes.onnx") && e.getMessage().contains("not an ONNX model"),
                e.getMessage());
    }

    @Test
    void readableNamesFromScopes() {
        assertEquals("layer1.0.relu_1", ScopeNames.readable("/layer1/layer1.0/relu_1/Relu"));
        assertEquals("0.block.2.scale_activation",
                ScopeNames.readable("/0/block/block.2/scale_activation/HardSigmoid"));
        assertEquals("Relu", ScopeNames.readable("/Relu"));
        assertEquals("hardswish_0.tmp_0", ScopeNames.readable("hardswish_0.tmp_0"));
    }

    @Test
    void symbolicDimensionsKeepTheirNames() {
        ai.onnx.proto.OnnxMl.ValueInfoProto.Builder x = ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("x");
        ai.onnx.proto.OnnxMl.TensorShapeProto.Builder shape = x.getTypeBuilder().getTensorTypeBuilder()
                .setElemType(1).getShapeBuilder();
        shape.addDimBuilder().setDimParam("N");
        shape.addDimBuilder().setDimValue(3);
        shape.addDimBuilder().setDimValue(48);
        shape.addDimBuilder().setDimParam("width");
        shape.addDimBuilder();
        TensorInfo info = OnnxModel.valueInfo(x.build());
        assertEquals(List.of(-1L, 3L, 48L, -1L, -1L), info.dims());
        assertEquals(List.of("N", "", "", "width", ""), info.dimNames());
        assertEquals(List.of("", ""), new TensorInfo("t", ElementType.FLOAT, List.of(2L, -1L), true).dimNames());
    }
}
