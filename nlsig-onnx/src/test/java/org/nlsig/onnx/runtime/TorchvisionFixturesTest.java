package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;

/**
 * Blocks exported from torchvision by tools/export_onnx_fixtures.py: the sites found must be PyTorch's activation
 * calls (same number, order and module), and the pooled matrices must equal those PyTorch's hooks computed.
 */
class TorchvisionFixturesTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basicblock", "mobilenetv3_invertedresidual",
        "mobilenetv3_invertedresidual_opset14", "efficientnet_mbconv", "vit_encoderblock", "convnext_cnblock"})
    void sitesAndPooledMatricesMatchPyTorch(String block) throws Exception {
        Path dir = fixture(block);
        JsonNode calls = new ObjectMapper().readTree(dir.resolve("calls.json").toFile()).get("calls");
        OnnxModel model = ModelLoader.load(dir.resolve("model.onnx"));
        TensorShapes shapes = ShapeInference.infer(model);
        SiteReport report = SiteDiscovery.discover(model, shapes);
        List<ActivationSite> sites = report.sites();

        assertEquals(calls.size(), sites.size(), () -> block + ": sites " + sites);
        Map<String, Integer> uses = new HashMap<>();
        for (int k = 0; k < calls.size(); k++) {
            JsonNode call = calls.get(k);
            String module = call.get("module").asText();
            int use = uses.merge(module, 1, Integer::sum);
            String expectedName = use == 1 ? module : module + "_" + (use - 1);
            ActivationSite site = sites.get(k);
            assertEquals(expectedName, site.name(), block + " site " + k);
            assertEquals(expectedKind(call.get("class").asText()), site.kind().name(), block + " site " + k);
            int rank = call.get("shape").size();
            int axis = call.get("feature_axis").asInt();
            assertEquals(axis < 0 ? rank + axis : axis, site.featureAxis(), block + " feature axis of site " + k);
        }

        NpyArray input = NpyFile.read(dir.resolve("input.npy"));
        NpyArray output = NpyFile.read(dir.resolve("output.npy"));
        for (PoolingMode mode : PoolingMode.values()) {
            try (CaptureSession session = CaptureSession.open(model, sites,
                    CaptureOptions.defaults().withPooling(mode).withThreads(1))) {
                assertPooledWhereFusionsSurvive(block, mode, session, sites);
                BatchCapture batch = session.run(input.toFloats(), input.shape());
                assertEquals(input.shape()[0], batch.samples());
                assertArrayEquals(output.shape(), batch.output().shape());
                assertClose(output.toFloats(), batch.output().values(), block + " model output");
                for (int k = 0; k < sites.size(); k++) {
                    String tag = mode.name().toLowerCase();
                    SiteActivations got = batch.sites().get(k);
                    expectMatrix(dir.resolve("call" + k + "_x_" + tag + ".npy"), got.x(), block + " site " + k + " X " + tag);
                    expectMatrix(dir.resolve("call" + k + "_y_" + tag + ".npy"), got.y(), block + " site " + k + " Y " + tag);
                }
            }
        }
    }

    /**
     * The rewrite must pool a transformer MLP's GELU input before its linear layer (the mean commutes with the layer
     * in both poolings) and NCHW spatial means with GlobalAveragePool; the model's own fused chains keep their single
     * consumers.
     */
    private static void assertPooledWhereFusionsSurvive(String block, PoolingMode mode, CaptureSession session,
            List<ActivationSite> sites) {
        var nodes = session.graph().model().getGraph().getNodeList();
        for (ActivationSite s : sites) {
            long added = nodes.stream().filter(n -> n.getName().startsWith("nlsig__")
                    && n.getInputList().contains(s.inputTensor())).count();
            boolean linearInput = (block.equals("vit_encoderblock") || block.equals("convnext_cnblock"))
                    && s.kind().name().equals("GELU");
            if (linearInput) {
                assertEquals(0, added, block + " " + s.name() + ": its input is pooled before the linear layer");
            }
        }
        if (block.equals("resnet_basicblock")) {
            assertTrue(nodes.stream().anyMatch(n -> n.getOpType().equals("GlobalAveragePool")), block);
            assertTrue(nodes.stream().noneMatch(n -> n.getOpType().equals("ReduceMean")
                    && n.getName().startsWith("nlsig__")), block + ": spatial means are GlobalAveragePool");
        }
    }

    private static String expectedKind(String torchClass) {
        return switch (torchClass) {
            case "ReLU" -> "RELU";
            case "Hardswish" -> "HARD_SWISH";
            case "Hardsigmoid" -> "HARD_SIGMOID";
            case "SiLU" -> "SILU";
            case "Sigmoid" -> "SIGMOID";
            case "GELU" -> "GELU";
            default -> throw new IllegalArgumentException("fixture has an unexpected activation " + torchClass);
        };
    }

    private static void expectMatrix(Path file, PooledMatrix got, String what) throws IOException {
        NpyArray want = NpyFile.read(file);
        long[] shape = want.shape();
        assertEquals(shape[0], got.rows(), what + " rows");
        assertEquals(shape.length > 1 ? shape[1] : 1, got.cols(), what + " columns");
        assertClose(want.toFloats(), got.values(), what);
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > TOLERANCE) {
                bad.add(i + ": " + want[i] + " vs " + got[i]);
            }
        }
        assertTrue(bad.isEmpty(), () -> what + " differs at " + bad.subList(0, Math.min(5, bad.size())));
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchvisionFixturesTest.class.getResource("/torchvision/" + name + "/model.onnx").toURI())
                .getParent();
    }
}
