package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.testing.TinyGraph;
import org.nlsig.onnx.tracks.Track;
import org.nlsig.onnx.tracks.TrackFinder;

class TensorCaptureSessionTest {
    private static final int F = 1;
    private static final int F16 = 10;

    /** x (N x 2 x 2 x 3) -> a = x + relu(x). */
    private static OnnxModel residual(int elemType, long batch, int opset) {
        TinyGraph g = new TinyGraph(opset).input("x", elemType, batch, 2, 2, 3).output("a", elemType, batch, 2, 2, 3);
        g.node("Relu", "/Relu", "r", "x");
        g.node("Add", "/Add", "a", "x", "r");
        return g.inMemory();
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 5 - 2) * 0.5f + (i / 12) * 0.25f;
        }
        return v;
    }

    private static float[] residualOf(float[] x) {
        float[] a = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i] + Math.max(0, x[i]);
        }
        return a;
    }

    private static float[] channelMeans(float[] v, int n) {
        float[] out = new float[n * 2];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < 2; c++) {
                double sum = 0;
                for (int k = 0; k < 6; k++) {
                    sum += v[s * 12 + c * 6 + k];
                }
                out[s * 2 + c] = (float) (sum / 6);
            }
        }
        return out;
    }

    private static Track track(OnnxModel m) {
        return TrackFinder.find(m, ShapeInference.infer(m), "auto");
    }

    @Test
    void pooledAndFlattenedTracksMatchHandComputedValues() {
        for (int opset : new int[] {13, 18}) {
            OnnxModel m = residual(F, -1, opset);
            Track t = track(m);
            float[] x = ramp(36);
            try (TensorCaptureSession s = TensorCaptureSession.open(m, t.pooling(PoolingMode.CHANNELS, false),
                    CaptureOptions.defaults().withThreads(1))) {
                TensorBatch b = s.run(x, new long[] {3, 2, 2, 3});
                assertEquals(3, b.samples());
                assertEquals(2, b.tensors().get(0).cols());
                assertArrayEquals(channelMeans(x, 3), b.tensors().get(0).values(), 1e-6f);
                assertArrayEquals(channelMeans(residualOf(x), 3), b.tensors().get(1).values(), 1e-6f);
            }
            try (TensorCaptureSession s = TensorCaptureSession.open(m, t.pooling(PoolingMode.CHANNELS, true),
                    CaptureOptions.defaults().withThreads(1))) {
                TensorBatch b = s.run(x, new long[] {3, 2, 2, 3});
                assertEquals(12, b.tensors().get(1).cols());
                assertArrayEquals(x, b.tensors().get(0).values(), 0f);
                assertArrayEquals(residualOf(x), b.tensors().get(1).values(), 1e-6f);
            }
        }
    }

    @Test
    void referencePoolingAndFixedBatchModelsAndFloat16() {
        OnnxModel fixed = residual(F, 2, 13);
        float[] x = ramp(36);
        try (TensorCaptureSession s = TensorCaptureSession.open(fixed, track(fixed).pooling(PoolingMode.REFERENCE,
                false), CaptureOptions.defaults())) {
            TensorBatch b = s.run(x, new long[] {3, 2, 2, 3}); // two chunks of 2, the second padded
            // reference pooling of rank 4 averages the last two axes: the same as channels for NCHW
            assertArrayEquals(channelMeans(residualOf(x), 3), b.tensors().get(1).values(), 1e-6f);
        }
        OnnxModel half = residual(F16, -1, 14);
        float[] exact = new float[24];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = (i % 4 - 1) * 0.5f;
        }
        try (TensorCaptureSession s = TensorCaptureSession.open(half, track(half).pooling(PoolingMode.CHANNELS,
                false), CaptureOptions.defaults())) {
            TensorBatch b = s.run(exact, new long[] {2, 2, 2, 3});
            assertArrayEquals(channelMeans(residualOf(exact), 2), b.tensors().get(1).values(), 1e-3f);
        }
    }

    @Test
    void anEmptyPlanIsAnError() {
        OnnxModel m = residual(F, -1, 13);
        assertThrows(IllegalArgumentException.class,
                () -> TensorCaptureSession.open(m, List.of(), CaptureOptions.defaults()));
    }
}
