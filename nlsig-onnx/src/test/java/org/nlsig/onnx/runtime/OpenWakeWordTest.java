package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.sites.ActivationKind;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;

/**
 * A trained wake-word classifier from the npm registry (openwakeword-js 0.1.27's hello_deepa.onnx, committed with its
 * Apache-2.0 licence and a NOTICE): its graph input has the batch fixed at 1, so a batch is fed in single-sample
 * chunks; every sample's activations must be those it has alone, and each site's captured pair must be the
 * activation's own input and output.
 */
class OpenWakeWordTest {
    private static final String MODEL = "/openwakeword/hello_deepa.onnx";
    /** As recorded in openwakeword/NOTICE.md. */
    private static final String SHA256 = "67ac357640e53b9d4713433a8ab48be4333f7cb21d6816406be7660ebe6d7614";
    private static final int FRAMES = 25;
    private static final int EMBEDDING = 96;

    @Test
    void aBatchThroughTheFixedBatchOfOneGivesEachSampleItsOwnActivations() throws Exception {
        Path model = Path.of(OpenWakeWordTest.class.getResource(MODEL).toURI());
        assertEquals(SHA256, org.nlsig.io.Sha256.of(model), "the fixture is the published file");
        OnnxModel m = ModelLoader.load(model);
        List<ActivationSite> sites = SiteDiscovery.discover(m,
                ShapeInference.infer(m, new long[] {1, FRAMES, EMBEDDING})).sites();
        assertEquals(List.of("relu1", "blocks.0.relu", "last_act"), sites.stream().map(ActivationSite::name).toList());
        assertEquals(List.of(ActivationKind.RELU, ActivationKind.RELU, ActivationKind.SIGMOID),
                sites.stream().map(ActivationSite::kind).toList());

        int n = 12;
        int sample = FRAMES * EMBEDDING;
        float[] batch = new float[n * sample];
        Random r = new Random(3);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) (r.nextGaussian() * 2);
        }
        try (CaptureSession c = CaptureSession.open(m, sites, CaptureOptions.defaults().withThreads(1))) {
            BatchCapture all = c.run(batch, new long[] {n, FRAMES, EMBEDDING});
            assertEquals(n, all.output().shape()[0]);
            for (int i = 0; i < n; i++) {
                BatchCapture one = c.run(Arrays.copyOfRange(batch, i * sample, (i + 1) * sample),
                        new long[] {1, FRAMES, EMBEDDING});
                for (int s = 0; s < sites.size(); s++) {
                    SiteActivations a = all.sites().get(s);
                    SiteActivations b = one.sites().get(s);
                    assertArrayEquals(row(b.x(), 0), row(a.x(), i), sites.get(s).name() + " X of sample " + i);
                    assertArrayEquals(row(b.y(), 0), row(a.y(), i), sites.get(s).name() + " Y of sample " + i);
                }
                assertEquals(one.output().values()[0], all.output().values()[i], "score of sample " + i);
            }
            for (SiteActivations a : all.sites()) {
                assertEquals(n, a.x().rows(), a.site().name());
                float[] x = a.x().values();
                float[] y = a.y().values();
                int positive = 0;
                for (int k = 0; k < x.length; k++) {
                    double expected = a.site().kind() == ActivationKind.RELU ? Math.max(0, x[k])
                            : 1 / (1 + Math.exp(-x[k]));
                    assertEquals(expected, y[k], 1e-6, a.site().name() + " value " + k + ": Y is the activation of X");
                    positive += x[k] > 0 ? 1 : 0;
                }
                if (a.site().kind() == ActivationKind.RELU) {
                    int count = positive;
                    assertEquals(true, count > 0 && count < x.length,
                            () -> a.site().name() + ": both signs reach the ReLU (" + count + " of " + x.length + ")");
                }
            }
        }
    }

    private static float[] row(PooledMatrix m, int i) {
        return Arrays.copyOfRange(m.values(), i * m.cols(), (i + 1) * m.cols());
    }
}
