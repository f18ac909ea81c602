package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.testing.TinyGraph;

/** {@link CaptureSession#cancel}: ONNX Runtime's terminate flag stops the pass in flight and every later one. */
class CaptureCancelTest {
    private static OnnxModel chain(int length) {
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 64).output("y", 1, -1, 64);
        String in = "x";
        for (int i = 0; i < length; i++) {
            String out = i == length - 1 ? "y" : "t" + i;
            g.node(i % 2 == 0 ? "Sin" : "Cos", "/n" + i + "/Op", out, in);
            in = out;
        }
        return g.inMemory();
    }

    @Test
    void aCancelledSessionRefusesTheNextBatch() {
        TinyGraph g = new TinyGraph(13).input("x", 1, -1, 4).output("y", 1, -1, 4);
        g.node("Relu", "/act/Relu", "y", "x");
        OnnxModel m = g.inMemory();
        try (CaptureSession c = CaptureSession.open(m, SiteDiscovery.discover(m, ShapeInference.infer(m)).sites(),
                CaptureOptions.defaults().withThreads(1))) {
            c.run(new float[8], new long[] {2, 4});
            c.cancel();
            assertThrows(ForwardCancelledException.class, () -> c.run(new float[8], new long[] {2, 4}));
        }
    }

    @Test
    void aLongForwardPassIsCancelledFromAnotherThread() throws Exception {
        OnnxModel m = chain(100);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (CaptureSession c = CaptureSession.open(m, java.util.List.of(), CaptureOptions.defaults().withThreads(1))) {
            int n = 8_000;
            long t0 = System.nanoTime();
            c.run(new float[n * 64], new long[] {n, 64});
            long uncancelled = System.nanoTime() - t0;
            Future<?> f = runner.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.run(new float[n * 64], new long[] {n, 64});
                }
            });
            Thread.sleep(Math.max(5, TimeUnit.NANOSECONDS.toMillis(uncancelled) / 3));
            long t1 = System.nanoTime();
            c.cancel();
            Exception e = assertThrows(Exception.class, () -> f.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ForwardCancelledException, String.valueOf(e.getCause()));
            assertTrue(System.nanoTime() - t1 < 10 * uncancelled + TimeUnit.SECONDS.toNanos(1), "stopped soon");
        } finally {
            runner.shutdownNow();
        }
    }
}
