package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.signature.result.Signature;

/** NaN activations: the batch is left out of that site with a message naming site and batch, or --strict stops. */
class NonFiniteActivationsTest {
    @TempDir
    Path dir;

    /** x -> Log -> Relu: the Relu's input is NaN wherever x < 0. */
    private Path logThenRelu() throws IOException {
        return TinyModels.chain(dir, "log_relu.onnx", 4, "Log", "Relu");
    }

    /** 3 batches of 8: the second batch holds one negative value. */
    private Path input() throws IOException {
        float[] v = new float[24 * 4];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = 1.5f + rnd.nextFloat(); // log > 0: the Relu acts as the identity
        }
        v[(8 + 3) * 4 + 2] = -1; // batch 1, sample 3, feature 2
        Path file = dir.resolve("x.npy");
        NpyFile.writeFloats(file, v, 24, 4);
        return file;
    }

    @Test
    void aNonFiniteBatchIsLeftOutWithAMessageNamingSiteAndBatch() throws IOException {
        List<String> notices = new ArrayList<>();
        Signature s = SignatureRun.run(SignatureRequest.defaults(logThenRelu(), "npy:" + input(), dir.resolve("out"))
                .withBatches(8, 0).withThreads(1), new ProgressListener() {
                    @Override
                    public void notice(String message) {
                        notices.add(message);
                    }
                });
        assertEquals(1, s.sites().size());
        List<Double> perBatch = s.sites().get(0).affinity().perBatch();
        assertEquals(3, perBatch.size());
        assertNull(perBatch.get(1), "the batch with a NaN input is left out");
        assertTrue(perBatch.get(0) > 0.99 && perBatch.get(2) > 0.99, "Relu on positive inputs is the identity");
        assertEquals(2, s.sites().get(0).affinity().count());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("site 0 (act)") && notices.get(0).contains("batch 1")
                && notices.get(0).contains("sample 3"), notices.get(0));
    }

    @Test
    void strictStopsAtTheFirstNonFiniteActivation() throws IOException {
        Path out = dir.resolve("strict");
        NonFiniteActivationException e = assertThrows(NonFiniteActivationException.class,
                () -> SignatureRun.run(SignatureRequest.defaults(logThenRelu(), "npy:" + input(), out)
                        .withBatches(8, 0).withThreads(1).withStrict(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("batch 1") && e.getMessage().contains("--strict"), e.getMessage());
        assertTrue(Files.notExists(out.resolve("signature.json")));
    }
}
