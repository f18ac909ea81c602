package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/**
 * BERT- and LLaMA-style exports (tools/export_transformer_fixtures.py: three int64 inputs with GELU; RMSNorm and
 * SwiGLU with two inputs; the same with KV-cache inputs fed an empty past) measured end to end from .npz data of
 * padded batches, against PyTorch hooks with float64 masked means: every site's score in every batch.
 */
class TransformerSignatureTest {
    /**
     * float32 forward passes through ONNX Runtime against PyTorch differ by ~1e-6 in the activations; pooled in
     * float32 and scored in double, measured differences from the float64 references are below 2e-6.
     */
    private static final double TOLERANCE = 1e-4;

    private static Path dir;
    private static JsonNode references;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        dir = TransformerFixtures.dir();
        references = TransformerFixtures.references();
    }

    private static JsonNode model(String name) {
        for (JsonNode m : references.get("models")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name);
    }

    private Signature run(String name, PoolingMode pooling) throws Exception {
        JsonNode m = model(name);
        SignatureRequest req = SignatureRequest.defaults(dir.resolve(m.get("onnx").asText()),
                "npz:" + dir.resolve(m.get("data").asText()), tmp.resolve(name + "-" + pooling.id()))
                .withBatches(m.get("batch_size").asInt(), 0).withPooling(pooling).withThreads(2);
        return SignatureRun.run(req, ProgressListener.SILENT);
    }

    @ParameterizedTest
    @CsvSource({"bert_tiny,channels,masked", "bert_tiny,reference,reference", "llama_tiny,channels,masked",
        "llama_tiny,reference,reference", "llama_tiny_kv,channels,masked"})
    void everySiteAndBatchMatchesPyTorch(String name, String pooling, String key) throws Exception {
        Signature s = run(name, PoolingMode.parse(pooling));
        JsonNode sites = model(name).get("sites");
        assertEquals(sites.size(), s.sites().size(), name + ": sites");
        double worst = 0;
        for (int k = 0; k < sites.size(); k++) {
            JsonNode ref = sites.get(k);
            SiteResult site = s.sites().get(k);
            assertEquals(ref.get("site_name").asText(), site.name(), name + " site " + k);
            List<Double> got = site.affinity().perBatch();
            assertEquals(ref.get("batches").size(), got.size());
            for (int b = 0; b < got.size(); b++) {
                JsonNode p = ref.get("batches").get(b).get("pooling").get(key);
                assertEquals(p.get("pooled_dim").asInt(), site.pooledDim(), name + " site " + k + " d");
                double want = p.get("affinity").asDouble();
                assertEquals(want, got.get(b), TOLERANCE, name + " site " + k + " batch " + b + " (" + key + ")");
                worst = Math.max(worst, Math.abs(want - got.get(b)));
            }
        }
        System.out.printf("%s %s: worst difference from PyTorch %.2e%n", name, key, worst);
        if (key.equals("masked")) {
            assertEquals("attention_mask", s.data().tokenMask());
        }
        assertTrue(s.data().inputs().contains("input_ids"), s.data().inputs().toString());
    }

    @Test
    void paddingLeftInChangesTheScoreTheMaskKeepsOut() throws Exception {
        // the example: channel pooling over every token, padding included, moves the first BERT site from
        // its masked score; the masked run must be the PyTorch value, the unmasked one measurably not
        Signature masked = run("bert_tiny", PoolingMode.CHANNELS);
        double want = model("bert_tiny").get("sites").get(0).get("batches").get(0).get("pooling").get("masked")
                .get("affinity").asDouble();
        assertEquals(want, masked.sites().get(0).affinity().perBatch().get(0), TOLERANCE);
        SignatureRequest unmasked = SignatureRequest.defaults(dir.resolve("bert_tiny.onnx"),
                "npz:" + dir.resolve("bert_tiny.npz"), tmp.resolve("unmasked")).withBatches(16, 0)
                .withMask("token_type_ids");
        // token_type_ids are all 0 here: a mask without a real token is refused, naming the sample
        UserInputException e = assertThrows(UserInputException.class,
                () -> SignatureRun.run(unmasked, ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("has no token in its mask 'token_type_ids'"), e.getMessage());
    }

    @Test
    void fewSamplesForTheDimensionAreFlaggedOncePerSite() throws Exception {
        List<String> notices = new ArrayList<>();
        SignatureRequest req = SignatureRequest.defaults(dir.resolve("bert_tiny.onnx"),
                "npz:" + dir.resolve("bert_tiny.npz"), tmp.resolve("few")).withBatches(16, 0);
        Signature s = SignatureRun.run(req, new ProgressListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        });
        // d = 64 for the GELU sites and 32 for the pooler: 16 samples per batch are fewer in each
        List<String> few = notices.stream().filter(n -> n.contains("biased upward")).toList();
        assertEquals(3, few.size(), notices.toString());
        assertTrue(few.get(0).startsWith("site 0 (") && few.get(0).contains("16 samples per batch for 64"),
                few.get(0));
        assertTrue(s.sites().stream().allMatch(r -> r.scoring().fewSamples()));
    }

    @Test
    void anArrayTheModelDoesNotTakeIsRefusedBeforeAnythingRuns() throws Exception {
        SignatureRequest req = SignatureRequest.defaults(dir.resolve("llama_tiny.onnx"),
                "npz:" + dir.resolve("bert_tiny.npz"), tmp.resolve("extra")).withBatches(16, 0);
        UserInputException e = assertThrows(UserInputException.class,
                () -> SignatureRun.run(req, ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("an array 'token_type_ids'") && e.getMessage().contains("no input of"
                + " that name") && e.getMessage().contains("[input_ids, attention_mask]"), e.getMessage());
    }

    @Test
    void drawnTokensAreSamplesOfTheTokenSitesAndTheSameEveryRun() throws Exception {
        SignatureRequest req = SignatureRequest.defaults(dir.resolve("bert_tiny.onnx"),
                "npz:" + dir.resolve("bert_tiny.npz"), tmp.resolve("tokens-a")).withBatches(16, 0).withTokens(100);
        Signature a = SignatureRun.run(req, ProgressListener.SILENT);
        Signature b = SignatureRun.run(req.withOut(tmp.resolve("tokens-b")), ProgressListener.SILENT);
        assertEquals(100, a.data().tokensPerBatch());
        for (int k = 0; k < 3; k++) {
            assertEquals(a.sites().get(k).affinity().perBatch(), b.sites().get(k).affinity().perBatch(),
                    "site " + k + ": the draw is fixed");
        }
        // the GELU sites [16, 12, 64] now have 100 samples (more than d = 64); the pooler's [16, 32] keeps 16
        assertTrue(!a.sites().get(0).scoring().fewSamples() && !a.sites().get(1).scoring().fewSamples());
        assertTrue(a.sites().get(2).scoring().fewSamples());
        Signature masked = run("bert_tiny", PoolingMode.CHANNELS);
        assertEquals(masked.sites().get(2).affinity().perBatch(), a.sites().get(2).affinity().perBatch(),
                "a site without a token axis is pooled as before");
        double perToken = a.sites().get(0).affinity().perBatch().get(0);
        double perSequence = masked.sites().get(0).affinity().perBatch().get(0);
        assertTrue(Math.abs(perToken - perSequence) > 1e-3, perToken + " vs " + perSequence);
    }

    @Test
    void theTokenDrawIsDistinctRealTokensInOrderPerBatch() {
        long[] mask = {1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1};
        var m = new org.nlsig.onnx.pooling.TokenMask("attention_mask", 4, 5);
        long batch0 = 0;
        long batch1 = 1;
        long[] d0 = BatchInputs.drawTokens(new org.nlsig.onnx.runtime.InputTensor.Longs(mask, new long[] {3, 4}), m,
                batch0).data();
        long[] again = BatchInputs.drawTokens(new org.nlsig.onnx.runtime.InputTensor.Longs(mask, new long[] {3, 4}),
                m, batch0).data();
        long[] d1 = BatchInputs.drawTokens(new org.nlsig.onnx.runtime.InputTensor.Longs(mask, new long[] {3, 4}), m,
                batch1).data();
        assertEquals(5, d0.length);
        assertTrue(java.util.Arrays.equals(d0, again));
        for (int i = 0; i < d0.length; i++) {
            assertEquals(1, mask[(int) d0[i]], "position " + d0[i] + " is a real token");
            assertTrue(i == 0 || d0[i] > d0[i - 1], "distinct and increasing");
        }
        assertTrue(!java.util.Arrays.equals(d0, d1), "each batch draws its own tokens");
        var tooMany = new org.nlsig.onnx.pooling.TokenMask("attention_mask", 4, 9);
        UserInputException e = assertThrows(UserInputException.class, () -> BatchInputs.drawTokens(
                new org.nlsig.onnx.runtime.InputTensor.Longs(mask, new long[] {3, 4}), tooMany, batch0));
        assertTrue(e.getMessage().contains("batch 0 has only 8 real tokens"), e.getMessage());
    }

    @Test
    void aDecoderWithKvCacheInputsRunsOnTokenIdsAlone() throws Exception {
        // the KV-cache export, fed only input_ids and attention_mask: every past_key_values.* input is filled empty
        // (past length 0), which gives exactly the scores of the export without a cache
        Path ids = tmp.resolve("ids-only.npz");
        try (java.util.zip.ZipFile all = new java.util.zip.ZipFile(dir.resolve("llama_tiny_kv.npz").toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                        java.nio.file.Files.newOutputStream(ids))) {
            for (String name : List.of("input_ids.npy", "attention_mask.npy")) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                try (var in = all.getInputStream(all.getEntry(name))) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        List<String> notices = new ArrayList<>();
        SignatureRequest req = SignatureRequest.defaults(dir.resolve("llama_tiny_kv.onnx"), "npz:" + ids,
                tmp.resolve("kv-ids-only")).withBatches(16, 0);
        Signature s = SignatureRun.run(req, new ProgressListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        });
        JsonNode sites = model("llama_tiny").get("sites");
        for (int k = 0; k < sites.size(); k++) {
            for (int b = 0; b < 3; b++) {
                double want = sites.get(k).get("batches").get(b).get("pooling").get("masked").get("affinity")
                        .asDouble();
                assertEquals(want, s.sites().get(k).affinity().perBatch().get(b), TOLERANCE,
                        "site " + k + " batch " + b);
            }
        }
        assertTrue(notices.stream().anyMatch(n -> n.contains("past_key_values.0.key")), notices.toString());
        assertTrue(s.data().otherInputs().containsKey("past_key_values.1.value"), s.data().otherInputs().toString());
        assertEquals(List.of("input_ids", "attention_mask"), s.data().inputs());
    }
}
