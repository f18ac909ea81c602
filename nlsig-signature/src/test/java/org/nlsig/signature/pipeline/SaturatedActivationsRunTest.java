package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.signature.journal.RunJournal;

/**
 * A saturated activation in a real run: the batch whose tanh output is constant is scored (1 up to the output's
 * residual spread) and signature.json says so per site, with the routes taken; journals of the earlier format are
 * refused on resume with a message.
 */
class SaturatedActivationsRunTest {
    @TempDir
    Path dir;

    /** 3 batches of 16 x 6: batch 1 sits at tanh's plateau (x around 20), the others around 0. */
    private Path input() throws IOException {
        float[] v = new float[48 * 6];
        Random rnd = new Random(11);
        for (int i = 0; i < v.length; i++) {
            boolean saturated = i / 6 >= 16 && i / 6 < 32;
            v[i] = (float) ((saturated ? 20 : 0) + rnd.nextGaussian());
        }
        Path file = dir.resolve("x.npy");
        NpyFile.writeFloats(file, v, 48, 6);
        return file;
    }

    @Test
    void aConstantOutputBatchIsScoredAndRecordedPerSite() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(SignatureRequest.defaults(TinyModels.chain(dir, "tanh.onnx", 6, "Tanh"), "npy:" + input(),
                out).withBatches(16, 0).withThreads(1), new ProgressListener() { });
        JsonNode site = new ObjectMapper().readTree(out.resolve("signature.json").toFile()).get("sites").get(0);
        List<Double> perBatch = new ObjectMapper().convertValue(site.get("affinity").get("per_batch"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Double>>() { });
        assertEquals(3, perBatch.size());
        assertTrue(perBatch.get(1) > 0.999999 && perBatch.get(1) <= 1, "constant output scores 1: " + perBatch);
        JsonNode scoring = site.get("scoring");
        assertEquals("[1]", scoring.get("constant_output_batches").toString(), scoring.toString());
        assertEquals("[]", scoring.get("clamped_batches").toString(), scoring.toString());
        assertEquals(1, scoring.get("routes").get("constant-output").asInt(), scoring.toString());
        assertEquals(2, scoring.get("routes").get("eigendecomposition").asInt(), scoring.toString());
        assertEquals("[]", scoring.get("fallbacks").toString());
    }

    @Test
    void aJournalOfTheEarlierFormatIsRefusedOnResume() throws IOException {
        Path out = dir.resolve("old");
        Files.createDirectories(out);
        // what nlsig wrote before journal lines carried scoring records: a header without a schema field
        Files.writeString(out.resolve(RunJournal.FILE_NAME), "{\"fingerprint\":\"x\",\"describe\":\"y\","
                + "\"started\":\"2026-11-01T00:00:00Z\",\"resumed\":0}\n", StandardCharsets.UTF_8);
        SignatureRequest req = SignatureRequest.defaults(TinyModels.chain(dir, "tanh.onnx", 6, "Tanh"),
                "npy:" + input(), out).withBatches(16, 0).withThreads(1).withResume(true);
        IOException e = assertThrows(IOException.class, () -> SignatureRun.run(req, new ProgressListener() { }));
        assertTrue(e.getMessage().contains("another version of nlsig (journal format 1, this nlsig reads format 3)")
                && e.getMessage().contains("run without --resume"), e.getMessage());
    }
}
