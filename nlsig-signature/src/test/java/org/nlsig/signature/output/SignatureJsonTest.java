package org.nlsig.signature.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.math.affinity.MapRoute;
import org.nlsig.math.linalg.NumericalFallback;
import org.nlsig.signature.result.BatchScoring;
import org.nlsig.signature.result.Accuracy;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Provenance;
import org.nlsig.signature.result.RunConfig;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.SiteScoring;
import org.nlsig.signature.result.Statistic;

public class SignatureJsonTest {
    @TempDir
    Path dir;

    /** A small signature for tests of code that reads signatures. */
    public static Signature example(String name, double... meanScores) {
        List<SiteResult> sites = new java.util.ArrayList<>();
        for (int i = 0; i < meanScores.length; i++) {
            Map<String, Statistic> metrics = new LinkedHashMap<>();
            metrics.put("cka", Statistic.of(Arrays.asList(0.5 + i * 0.01, 0.52 + i * 0.01)));
            metrics.put("r2", Statistic.of(Arrays.asList(null, 0.9)));
            sites.add(new SiteResult(i, "layer" + i + ".relu", i % 2 == 0 ? "relu" : "gelu", "Relu", "in" + i,
                    "out" + i, List.of(64L, 16L, 8L, 8L), 1, 16,
                    Statistic.of(Arrays.asList(meanScores[i] - 0.01, meanScores[i] + 0.01)), metrics,
                    SiteScoring.of(List.of(new BatchScoring(false, meanScores[i] - 0.01, MapRoute.RATIONAL,
                            List.of()), new BatchScoring(i == 0, -0.25, MapRoute.EIGENDECOMPOSITION,
                            List.of(new NumericalFallback("dstebz", 2, "Gershgorin bounds")))))));
        }
        return new Signature(new ModelInfo(name + ".onnx", name, "ab".repeat(32), null, 1000, 20000, 42, 13),
                new DataInfo("random:3x8x8", "random Gaussian", 128, 2, List.of()),
                new RunConfig(64, -1, "channels", "ledoit-wolf", List.of("affinity", "cka", "r2"), null, 2, "cpu",
                        false),
                new Provenance("0.1.0", "1.24.2", "17", "Linux amd64", "cpu", "2026-11-23T00:00:00Z",
                        "2026-11-23T00:01:00Z", 0),
                new Accuracy(0.9, 0.99, 128), sites);
    }

    @Test
    void roundTripsWithSchemaTagAndNullForMissingValues() throws IOException {
        Signature s = example("net", 0.7, 0.95, 0.8);
        Path file = dir.resolve("signature.json");
        SignatureJson.write(file, s);
        String text = Files.readString(file);
        assertTrue(text.trim().startsWith("{\n  \"schema\" : \"nlsig.signature/1\""), text.substring(0, 60));
        assertTrue(text.contains("\"per_batch\" : [ null, 0.9 ]"), "missing batch values are null");
        assertTrue(text.contains("\"feature_axis\" : 1") && text.contains("\"macs_per_sample\" : 20000"));
        // site 0: batch 1 had a constant output and a score clamped by 0.25, evaluated by eigendecomposition after
        // bisection failed
        SiteScoring scoring = s.sites().get(0).scoring();
        assertEquals(List.of(1), scoring.constantOutputBatches());
        assertEquals(List.of(new SiteScoring.Clamp(1, 0.25)), scoring.clampedBatches());
        assertEquals(Map.of("rational", 1, "eigendecomposition", 1), scoring.routes());
        assertEquals(List.of(new SiteScoring.Fallback(1, "dstebz", 2, "Gershgorin bounds")), scoring.fallbacks());
        assertTrue(text.contains("\"constant_output_batches\" : [ 1 ]"), text);
        assertTrue(text.contains("\"clamped_batches\" : [ {\n"), text);
        Signature back = SignatureJson.read(file);
        assertEquals(scoring, back.sites().get(0).scoring());
        assertEquals(List.of(), back.sites().get(1).scoring().constantOutputBatches());
        assertEquals(s, back);
        assertEquals(0.95, back.meanScores()[1], 1e-15);
        assertNull(back.sites().get(0).metrics().get("r2").perBatch().get(0));
    }

    @Test
    void allMissingStatisticIsWrittenAsNullsAndReadAsNaN() throws IOException {
        Statistic empty = Statistic.of(Arrays.asList(null, null));
        assertTrue(Double.isNaN(empty.mean()));
        Signature s = example("net", 0.5);
        SiteResult site = s.sites().get(0);
        Signature withEmpty = new Signature(s.model(), s.data(), s.config(), s.provenance(), null,
                List.of(new SiteResult(0, site.name(), site.kind(), site.op(), site.input(), site.output(), null, 1,
                        16, empty, Map.of(), null)));
        Path file = dir.resolve("e.json");
        SignatureJson.write(file, withEmpty);
        assertTrue(Files.readString(file).contains("\"mean\" : null"));
        Signature back = SignatureJson.read(file);
        assertTrue(Double.isNaN(back.sites().get(0).affinity().mean()));
        assertNull(back.accuracy());
    }

    @Test
    void rejectsFilesThatAreNotSignaturesNamingThem() throws IOException {
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "hello");
        IOException e = assertThrows(IOException.class, () -> SignatureJson.read(notJson));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());

        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"schema\": \"something/2\"}");
        e = assertThrows(IOException.class, () -> SignatureJson.read(other));
        assertTrue(e.getMessage().contains("other.json") && e.getMessage().contains("something/2"));
    }

    @Test
    void csvHasOneRowPerSiteWithMeansAndStds() {
        String csv = SignatureCsv.toCsv(example("net", 0.7, 0.95));
        String[] lines = csv.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("index,name,kind,op,feature_axis,pooled_dim,affinity_mean,affinity_std"));
        assertTrue(lines[0].endsWith("cka_mean,cka_std,r2_mean,r2_std"));
        assertTrue(lines[2].startsWith("1,layer1.relu,gelu,Relu,1,16,0.9500000000,0.01000000000"), lines[2]);
    }

    /** score --json writes the math module's fallback records through this mapper as they are. */
    @Test
    void numericalFallbacksAreWrittenWithTheirThreeFields() throws IOException {
        String json = SignatureJson.mapper().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(List.of(new NumericalFallback("dstebz", 2, "Gershgorin bounds")));
        assertEquals("[{\"routine\":\"dstebz\",\"info\":2,\"replacement\":\"Gershgorin bounds\"}]", json);
    }
}
