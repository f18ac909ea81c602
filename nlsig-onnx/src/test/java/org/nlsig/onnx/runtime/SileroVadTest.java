package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.model.IfChoice;
import org.nlsig.onnx.model.IfInlining;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.ActivationKind;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;
import org.nlsig.onnx.sites.SkippedCandidate;

/**
 * Silero VAD v5 (MIT, committed in src/test/resources/silero): three inputs (audio [B, 512], state [2, B, 128], the
 * scalar sample rate sr) and the whole network inside {@code If(sr == 16000)}. Issues 15 and 16.
 */
class SileroVadTest {
    private static OnnxModel load() throws Exception {
        return ModelLoader.load(Path.of(SileroVadTest.class.getResource("/silero/silero_vad_v5.onnx").toURI()));
    }

    private static ModelFeed feed(OnnxModel m) {
        return ModelFeed.of(m, List.of(InputAssignment.parse("sr=16000"),
                InputAssignment.parse("state=zeros:2xBx128")));
    }

    @Test
    void givenTheSampleRateItsSixteenKilohertzBranchIsInlinedAndMeasured() throws Exception {
        OnnxModel m = load();
        ModelFeed feed = feed(m);
        OnnxModel inlined = IfInlining.inline(m, feed.constants(feed.dataInputs()));
        IfChoice.Inlined top = (IfChoice.Inlined) inlined.ifChoices().get(0);
        assertEquals("If_0", top.node());
        assertEquals("then_branch", top.taken());
        assertTrue(top.condition().contains("true") && top.condition().contains("[sr]"), top.condition());
        TensorShapes shapes = ShapeInference.infer(inlined, ShapeInference.Probe.of(feed, new long[] {1, 512}));
        assertEquals("", shapes.note());
        SiteReport r = SiteDiscovery.discover(inlined, shapes);
        // the 16 kHz network: four encoder ReLUs, the decoder's ReLU and its Sigmoid
        assertEquals(List.of(ActivationKind.RELU, ActivationKind.RELU, ActivationKind.RELU, ActivationKind.RELU,
                ActivationKind.RELU, ActivationKind.SIGMOID), r.sites().stream().map(ActivationSite::kind).toList());
        assertEquals("If_0.If_0_then_branch__Inline_0__.encoder.0.activation", r.sites().get(0).name());
        assertEquals("[1, 128, 3]", r.sites().get(0).outputInfo().shapeText());
        // the 8 kHz branch does not run: its six activations are listed with that reason
        List<SkippedCandidate> notTaken = r.skipped().stream()
                .filter(c -> c.where().contains("else_branch' of If node If_0")).toList();
        assertEquals(6, notTaken.size(), () -> r.skipped().toString());
        assertTrue(notTaken.get(0).reason().startsWith("in the branch of an If that this run does not take"),
                notTaken.get(0).reason());
    }

    @Test
    void capturedPoolsAreFiniteAndTheInlinedModelComputesWhatTheOriginalDoes() throws Exception {
        OnnxModel m = load();
        ModelFeed feed = feed(m);
        OnnxModel inlined = IfInlining.inline(m, feed.constants(feed.dataInputs()));
        List<ActivationSite> sites = SiteDiscovery.discover(inlined,
                ShapeInference.infer(inlined, ShapeInference.Probe.of(feed, new long[] {1, 512}))).sites();
        Random random = new Random(7);
        int n = 5;
        float[] audio = new float[n * 512];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.3 * random.nextGaussian());
        }
        List<String> notices = new java.util.ArrayList<>();
        CaptureOptions options = CaptureOptions.defaults().withThreads(1).withNotices(notices::add);
        BatchCapture captured;
        try (CaptureSession c = CaptureSession.open(inlined, sites, options, feed)) {
            captured = c.run(audio, new long[] {n, 512});
        }
        assertEquals(6, captured.sites().size());
        for (SiteActivations s : captured.sites()) {
            assertEquals(n, s.x().rows());
            assertTrue(s.x().cols() > 0, s.site().name());
            for (float v : s.x().values()) {
                assertTrue(Float.isFinite(v), s.site().name());
            }
            for (float v : s.y().values()) {
                assertTrue(Float.isFinite(v), s.site().name());
            }
        }
        // the Sigmoid's pooled output is the speech probability the model returns
        float[] speech = captured.output().values();
        assertEquals(n, speech.length);
        for (float p : speech) {
            assertTrue(p > 0 && p < 1, "probability " + p);
        }
        BatchCapture original;
        try (CaptureSession c = CaptureSession.open(m, List.of(), options, feed)) {
            original = c.run(audio, new long[] {n, 512});
        }
        assertArrayEquals(original.output().values(), speech, 1e-6f, "If inlining changed the model's output");
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void withoutTheSampleRateTheBranchesAreSkippedSayingWhichOptionFixesThem() throws Exception {
        OnnxModel m = load();
        ModelFeed feed = ModelFeed.of(m, List.of(InputAssignment.parse("state=zeros:2xBx128")));
        OnnxModel kept = IfInlining.inline(m, feed.constants(feed.dataInputs()));
        SiteReport r = SiteDiscovery.discover(kept, ShapeInference.infer(kept,
                ShapeInference.Probe.of(feed, new long[] {1, 512})));
        assertEquals(0, r.sites().size());
        assertEquals(12, r.skipped().size(), () -> r.skipped().toString());
        for (SkippedCandidate c : r.skipped()) {
            assertTrue(c.reason().contains("only known at run time") && c.reason().contains("--input sr=VALUE"),
                    c.reason());
        }
    }

    @Test
    void aProbeThatFailsSaysWhichShapeToPassAndReportsNoFalseScalars() throws Exception {
        OnnxModel m = load();
        ModelFeed feed = feed(m);
        OnnxModel inlined = IfInlining.inline(m, feed.constants(feed.dataInputs()));
        // the declared audio input is [?, ?]: probed at [1, 1], too short for the STFT's reflection padding
        TensorShapes shapes = ShapeInference.infer(inlined, ShapeInference.Probe.of(feed, null));
        assertTrue(shapes.note().contains("failed") && shapes.note().contains("--input-shape 1,?"), shapes.note());
        SiteReport r = SiteDiscovery.discover(inlined, shapes);
        assertEquals(6, r.sites().size(), () -> r.sites() + " skipped " + r.skipped());
        assertTrue(r.skipped().stream().noneMatch(c -> c.reason().contains("rank")), r.skipped().toString());
    }
}
