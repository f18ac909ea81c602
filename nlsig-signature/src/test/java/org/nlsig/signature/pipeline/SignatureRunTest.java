package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nlsig.io.UserInputException;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.signature.journal.RunJournal;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/**
 * End to end against tools/make_signature_fixture.py: a small torchvision-style network whose signature PyTorch
 * computed with forward hooks (docs/method.md definitions, float64 scores); 4 batches of 16.
 */
class SignatureRunTest {
    private static Path fixture;
    private static JsonNode expected;

    @TempDir
    Path out;

    @BeforeAll
    static void load() throws URISyntaxException, IOException {
        fixture = Path.of(SignatureRunTest.class.getResource("/fixtures/minires/model.onnx").toURI()).getParent();
        expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile());
    }

    static SignatureRequest request(Path out) {
        return SignatureRequest.defaults(fixture.resolve("model.onnx"), "npy:" + fixture.resolve("input.npy"), out)
                .withBatches(16, 0).withThreads(2);
    }

    @ParameterizedTest(name = "{0} pooling, {1}")
    @CsvSource({"channels,ledoit-wolf", "channels,sample", "reference,ledoit-wolf", "reference,sample"})
    void matchesPyTorchHooksPerSiteAndBatch(String pooling, String covariance) throws IOException {
        Signature s = SignatureRun.run(request(out).withPooling(PoolingMode.parse(pooling))
                .withCovariance(CovarianceEstimator.named(covariance)), ProgressListener.SILENT);
        JsonNode sites = expected.get("signature").get(pooling).get(covariance);
        assertEquals(sites.size(), s.sites().size(), "site count");
        for (int i = 0; i < sites.size(); i++) {
            JsonNode e = sites.get(i);
            SiteResult r = s.sites().get(i);
            assertEquals(e.get("kind").asText(), r.kind(), "site " + i);
            assertEquals(e.get("onnx_output").asText(), r.output(), "site " + i);
            assertEquals(e.get("pooled_dim").asInt(), r.pooledDim(), "site " + i);
            JsonNode perBatch = e.get("per_batch");
            assertEquals(perBatch.size(), r.affinity().perBatch().size());
            for (int b = 0; b < perBatch.size(); b++) {
                if (perBatch.get(b).isNull()) {
                    continue; // the reference leaves singular sample covariances out (d >= batch size)
                }
                assertEquals(perBatch.get(b).asDouble(), r.affinity().perBatch().get(b), 1e-4,
                        "site " + i + " (" + r.name() + ") batch " + b);
            }
        }
        assertEquals(64, s.data().samplesUsed());
        assertEquals(4, s.data().batches());
        assertEquals(64, s.sites().get(0).shape().get(0) * 4);
        assertTrue(Files.exists(out.resolve("signature.json")) && Files.exists(out.resolve("signature.csv")));
        assertEquals(s, SignatureJson.read(out.resolve("signature.json")));
        assertNull(s.accuracy(), "npy data without labels has no accuracy");
    }

    @Test
    void resultDoesNotDependOnTheThreadCount(@TempDir Path other) throws IOException {
        SignatureRequest req = request(out).withMetrics(MetricName.parseList("cka,norm,r2,entropy,sparsity"));
        Signature one = SignatureRun.run(req.withThreads(1), ProgressListener.SILENT);
        Signature two = SignatureRun.run(req.withThreads(2).withOut(other), ProgressListener.SILENT);
        assertEquals(one.sites(), two.sites());
        for (String m : List.of("cka", "norm", "r2", "entropy", "sparsity")) {
            assertTrue(Double.isFinite(one.sites().get(0).metrics().get(m).mean()), m);
        }
    }

    @Test
    void anInterruptedRunResumesToExactlyTheUninterruptedResult(@TempDir Path whole) throws IOException {
        Signature reference = SignatureRun.run(request(whole), ProgressListener.SILENT);

        ProgressListener crashAfterTwo = new ProgressListener() {
            @Override
            public void batchDone(int batchesDone, int plannedBatches, long samplesDone) {
                if (batchesDone == 2) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> SignatureRun.run(request(out), crashAfterTwo));
        assertTrue(Files.notExists(out.resolve("signature.json")), "no result file from an interrupted run");
        // a kill -9 in the middle of a write leaves a torn line
        Files.writeString(out.resolve(RunJournal.FILE_NAME), "{\"batch\":2,\"samp",
                java.nio.file.StandardOpenOption.APPEND);

        int[] firstBatch = {-1};
        Signature resumed = SignatureRun.run(request(out).withResume(true), new ProgressListener() {
            @Override
            public void started(int sites, int planned, int alreadyDone, int batchSize) {
                firstBatch[0] = alreadyDone;
            }
        });
        assertEquals(2, firstBatch[0], "two batches came from the journal");
        assertEquals(reference.sites(), resumed.sites());
        assertEquals(1, resumed.provenance().resumed());
    }

    @Test
    void resumeRefusesChangedArguments() throws IOException {
        SignatureRun.run(request(out).withBatches(16, 2), ProgressListener.SILENT);
        IOException e = assertThrows(IOException.class,
                () -> SignatureRun.run(request(out).withBatches(32, 1).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("another run") && e.getMessage().contains("batch_size was 16, now 32"),
                e.getMessage());
    }

    @Test
    void badInputGivesClearErrors(@TempDir Path tmp) throws IOException {
        Path notOnnx = tmp.resolve("model.onnx");
        Files.writeString(notOnnx, "not a model");
        IOException e = assertThrows(IOException.class, () -> SignatureRun.run(
                SignatureRequest.defaults(notOnnx, "npy:" + fixture.resolve("input.npy"), out),
                ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());

        UserInputException shape = assertThrows(UserInputException.class, () -> SignatureRun.run(
                SignatureRequest.defaults(fixture.resolve("model.onnx"), "random:3x16x16,n=32", out)
                        .withBatches(16, 0), ProgressListener.SILENT));
        assertTrue(shape.getMessage().contains("[3, 16, 16]"), shape.getMessage());

        UserInputException small = assertThrows(UserInputException.class, () -> SignatureRun.run(
                request(out).withBatches(128, 0), ProgressListener.SILENT));
        assertTrue(small.getMessage().contains("fewer than one batch of 128"), small.getMessage());
    }
}
