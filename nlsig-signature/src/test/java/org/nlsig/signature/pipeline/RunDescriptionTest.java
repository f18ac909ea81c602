package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.signature.journal.RunJournal;
import org.nlsig.signature.result.Signature;

/**
 * The run description: feature axes resolved once (what is recorded is what was pooled on), unknown sites refused,
 * and the journal's identity derived from the request, so a refused resume names what changed.
 */
class RunDescriptionTest {
    @TempDir
    Path dir;

    private SignatureRequest request(String out) throws IOException {
        // [N, 4, 3] with no layer before the ReLU: a rank-3 tensor is read as tokens, features on the last axis (3)
        Path model = TinyModels.chain(dir, "relu3.onnx", new long[] {4, 3}, "Relu");
        return SignatureRequest.defaults(model, "random:4x3,n=32,seed=2", dir.resolve(out)).withBatches(8, 0)
                .withThreads(1);
    }

    @Test
    void aNegativeFeatureAxisIsResolvedOnceAndRecordedAsPooled() throws IOException {
        Signature plain = SignatureRun.run(request("plain"), ProgressListener.SILENT);
        assertEquals(2, plain.sites().get(0).featureAxis());
        assertEquals(3, plain.sites().get(0).pooledDim());

        Signature other = SignatureRun.run(request("other").withFeatureAxes(Map.of(0, -2)), ProgressListener.SILENT);
        assertEquals(1, other.sites().get(0).featureAxis(), "axis -2 of a rank-3 tensor is axis 1");
        assertEquals(4, other.sites().get(0).pooledDim());
        JsonNode site = new ObjectMapper().readTree(dir.resolve("other/signature.json").toFile()).get("sites").get(0);
        assertEquals(1, site.get("feature_axis").asInt(), "signature.json records the axis pooled on");
    }

    @Test
    void aFeatureAxisForNoSiteOrNoAxisIsRefusedNamingTheOption() throws IOException {
        UserInputException noSite = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request("a").withFeatureAxes(Map.of(5, 1)), ProgressListener.SILENT));
        assertTrue(noSite.getMessage().contains("--feature-axis names site 5") && noSite.getMessage()
                .contains("sites 0 to 0"), noSite.getMessage());
        UserInputException noAxis = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request("b").withFeatureAxes(Map.of(0, 3)), ProgressListener.SILENT));
        assertTrue(noAxis.getMessage().contains("--feature-axis 0=3") && noAxis.getMessage().contains("rank 3"),
                noAxis.getMessage());
        assertFalse(Files.exists(dir.resolve("a").resolve(RunJournal.FILE_NAME)), "refused before anything ran");
    }

    @Test
    void aResumeWithAnotherConfigurationIsRefusedNamingWhatChanged() throws IOException {
        SignatureRun.run(request("r"), ProgressListener.SILENT);
        IOException e = assertThrows(IOException.class, () -> SignatureRun.run(request("r").withBatches(4, 0)
                .withFeatureAxes(Map.of(0, -2)).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("batch_size was 8, now 4"), e.getMessage());
        assertTrue(e.getMessage().contains("batches was 4, now 8"), e.getMessage());
        assertTrue(e.getMessage().contains("sites was [{\"index\":0,\"name\":\"act\",\"output\":\"y\","
                + "\"feature_axis\":2}], now [{\"index\":0,\"name\":\"act\",\"output\":\"y\","
                + "\"feature_axis\":1}]"), e.getMessage());
        // threads and the device do not change the result: a resume with other values is accepted
        Signature again = SignatureRun.run(request("r").withThreads(2).withResume(true), ProgressListener.SILENT);
        assertEquals(4, again.data().batches());
        String header = Files.readAllLines(dir.resolve("r").resolve(RunJournal.FILE_NAME), StandardCharsets.UTF_8)
                .get(0);
        assertTrue(header.contains("\\\"pooling\\\":\\\"channels\\\""), header);
    }

    /** The bench pipeline's shape: request -> run -> result, with a timing per round and the last signature. */
    @Test
    void overheadRunTimesBothVariantsPerRound() throws IOException {
        OverheadRun.Result r = OverheadRun.run(request("bench"), 2, ProgressListener.SILENT);
        assertEquals(4, r.batches());
        assertEquals(2, r.bareSeconds().size());
        assertEquals(2, r.fullSeconds().size());
        assertTrue(r.ratio() > 0 && Double.isFinite(r.ratio()), "ratio " + r.ratio());
        assertEquals(1, r.signature().sites().size());
        assertFalse(Files.exists(dir.resolve("bench")), "timed runs write into a temporary folder");
        assertThrows(UserInputException.class, () -> OverheadRun.run(request("bench"), 0, ProgressListener.SILENT));
    }

    @Test
    void moreBatchesThanTheDataHasIsRefusedNamingTheOption() throws IOException {
        UserInputException e = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request("many").withBatches(8, 5), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("--batches 5 asks for more than the data has: 32 samples make 4 complete"
                + " batches of 8"), e.getMessage());
        assertEquals(4, SignatureRun.run(request("four").withBatches(8, 4), ProgressListener.SILENT).data().batches());
    }
}
