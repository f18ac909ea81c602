package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyDType;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;

/**
 * The text-model fixtures of tools/export_transformer_fixtures.py are consistent with themselves and with what
 * nlsig sees: references.json has one entry per site, batch and pooling whose spot values are the stored pooled
 * matrices, and nlsig's scorer gives the references' scores on those matrices; the .npz data opens with nlsig's
 * .npy reader and is right-padded as the mask says; ONNX Runtime gives PyTorch's outputs on batch 0 (the KV-cache
 * model with an empty past too); and nlsig's site discovery finds the hooked modules, in the same order and under
 * the names the references give.
 */
class TransformerFixturesTest {
    private static final String[] MODELS = {"bert_tiny", "llama_tiny", "llama_tiny_kv"};
    /** The exporter's promise for the committed files (the repository's limit is about 2 MB a file). */
    private static final long MAX_FIXTURE_BYTES = 1 << 20;
    /** float32 forward passes of a 2-layer model through two runtimes: measured differences are below 2e-6. */
    private static final double OUTPUT_TOLERANCE = 1e-4;
    /** Two double-precision implementations of docs/method.md section 1 on the same matrices: measured <= 8e-16. */
    private static final double SCORE_TOLERANCE = 1e-9;

    private static Path dir;
    private static JsonNode references;

    @TempDir
    static Path unpacked;

    @BeforeAll
    static void load() {
        dir = TransformerFixtures.dir();
        references = TransformerFixtures.references();
    }

    @Test
    void everyFixtureFileIsListedAndSmall() throws IOException {
        assertEquals("nlsig.transformer-references/1", references.get("schema").asText());
        assertEquals("ledoit-wolf", references.get("covariance").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode m : references.get("models")) {
            names.add(m.get("name").asText());
            for (String key : List.of("onnx", "data", "expected")) {
                Path file = dir.resolve(m.get(key).asText());
                assertTrue(Files.size(file) < MAX_FIXTURE_BYTES, file + " is " + Files.size(file) + " bytes");
            }
        }
        assertEquals(List.of(MODELS), names);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_tiny", "llama_tiny", "llama_tiny_kv"})
    void referencesHaveOneEntryPerSiteBatchAndPooling(String name) throws IOException {
        JsonNode m = model(name);
        int batches = m.get("batches").asInt();
        int tokens = m.get("sequence_length").asInt();
        assertEquals(3, batches);
        Map<String, NpyArray> pooled = readNpz(dir.resolve(m.get("expected").asText()));
        JsonNode sites = m.get("sites");
        assertEquals(name.equals("bert_tiny") ? 3 : 2, sites.size(), name + " sites");
        for (int k = 0; k < sites.size(); k++) {
            JsonNode site = sites.get(k);
            assertEquals(k, site.get("index").asInt());
            assertEquals(batches, site.get("batches").size(), name + " site " + k + " batches");
            int rank = site.get("rank").asInt();
            for (int b = 0; b < batches; b++) {
                JsonNode batch = site.get("batches").get(b);
                assertEquals(b, batch.get("batch").asInt());
                assertEquals(List.of("masked", "reference"), fieldNames(batch.get("pooling")));
                for (String pooling : List.of("masked", "reference")) {
                    String what = name + " site " + k + " batch " + b + " " + pooling;
                    JsonNode p = batch.get("pooling").get(pooling);
                    // 'reference' keeps the token axis of a rank-3 tensor (mean over features); 'masked' the features.
                    int expectedDim = rank == 3 && pooling.equals("reference") ? tokens : site.get("features").asInt();
                    assertEquals(expectedDim, p.get("pooled_dim").asInt(), what + " pooled dim");
                    double rho = p.get("affinity").asDouble();
                    assertTrue(rho > 0 && rho < 1, what + ": affinity " + rho);
                    assertEquals(rho, p.get("affinity_float32_pooled").asDouble(), 1e-6, what);
                    String prefix = "site" + k + "_batch" + b + "_" + pooling + "_";
                    for (String side : List.of("x", "y")) {
                        NpyArray matrix = pooled.get(prefix + side);
                        assertArrayEquals(new long[] {m.get("batch_size").asLong(), expectedDim}, matrix.shape(),
                                what + " " + side);
                        for (JsonNode spot : p.get(side + "_spots")) {
                            int at = spot.get("row").asInt() * expectedDim + spot.get("col").asInt();
                            assertEquals(spot.get("value").asDouble(), matrix.getDouble(at), 0.0, what + " " + side);
                        }
                    }
                }
            }
        }
    }

    /** The references' scores (tools/affinity_reference.py) are nlsig's scores of the stored pooled matrices. */
    @ParameterizedTest
    @ValueSource(strings = {"bert_tiny", "llama_tiny", "llama_tiny_kv"})
    void referenceScoresAreNlsigsScoresOfThePooledMatrices(String name) throws IOException {
        JsonNode m = model(name);
        Map<String, NpyArray> pooled = readNpz(dir.resolve(m.get("expected").asText()));
        AffinityScorer scorer = AffinityScorer.defaults();
        for (JsonNode site : m.get("sites")) {
            for (JsonNode batch : site.get("batches")) {
                for (String pooling : List.of("masked", "reference")) {
                    String prefix = "site" + site.get("index").asInt() + "_batch" + batch.get("batch").asInt()
                            + "_" + pooling + "_";
                    double rho = scorer.score(SampleMatrix.of(pooled.get(prefix + "x").toMatrix()),
                            SampleMatrix.of(pooled.get(prefix + "y").toMatrix())).rho();
                    assertEquals(batch.get("pooling").get(pooling).get("affinity").asDouble(), rho, SCORE_TOLERANCE,
                            name + " " + prefix);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_tiny", "llama_tiny", "llama_tiny_kv"})
    void dataIsRightPaddedInt64NamedLikeTheModelInputs(String name) throws IOException {
        JsonNode m = model(name);
        Map<String, NpyArray> data = readNpz(dir.resolve(m.get("data").asText()));
        assertEquals(texts(m.get("inputs")).stream().sorted().toList(), data.keySet().stream().sorted().toList(),
                name + ": one array per model input");
        int samples = m.get("batches").asInt() * m.get("batch_size").asInt();
        int tokens = m.get("sequence_length").asInt();
        NpyArray ids = data.get("input_ids");
        NpyArray mask = data.get("attention_mask");
        for (NpyArray a : List.of(ids, mask)) {
            assertEquals(NpyDType.INT64, a.dtype());
            assertArrayEquals(new long[] {samples, tokens}, a.shape());
        }
        long[] idValues = ids.toLongs();
        long[] maskValues = mask.toLongs();
        long[] types = data.containsKey("token_type_ids") ? data.get("token_type_ids").toLongs() : new long[0];
        for (int i = 0; i < samples; i++) {
            int length = 0;
            while (length < tokens && maskValues[i * tokens + length] == 1) {
                length++;
            }
            assertTrue(length >= 3, name + " sample " + i + " has " + length + " real tokens");
            for (int t = 0; t < tokens; t++) {
                int at = i * tokens + t;
                boolean real = t < length;
                assertEquals(real ? 1 : 0, maskValues[at], name + " mask of sample " + i + " token " + t);
                assertEquals(real, idValues[at] != 0, name + " id of sample " + i + " token " + t + " (pad id 0)");
                if (types.length > 0) {
                    assertTrue(types[at] == 0 || real && types[at] == 1, name + " token type " + i + "," + t);
                }
            }
        }
        if (name.equals("llama_tiny_kv")) {
            JsonNode config = m.get("config");
            for (int layer = 0; layer < config.get("layers").asInt(); layer++) {
                for (String kind : List.of("key", "value")) {
                    NpyArray past = data.get("past_key_values." + layer + "." + kind);
                    assertEquals(NpyDType.FLOAT32, past.dtype());
                    assertArrayEquals(new long[] {samples, config.get("heads").asLong(), 0,
                        config.get("head_dim").asLong()}, past.shape());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_tiny", "llama_tiny", "llama_tiny_kv"})
    void onnxRuntimeGivesPyTorchsOutputsOnTheFirstBatch(String name) throws IOException, OrtException {
        JsonNode m = model(name);
        int rows = m.get("batch_size").asInt();
        Map<String, NpyArray> data = readNpz(dir.resolve(m.get("data").asText()));
        Map<String, NpyArray> expected = readNpz(dir.resolve(m.get("expected").asText()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(dir.resolve(m.get("onnx").asText()).toString(), options)) {
                assertEquals(texts(m.get("inputs")), List.copyOf(session.getInputNames()), name + " inputs");
                assertEquals(texts(m.get("outputs")), List.copyOf(session.getOutputNames()), name + " outputs");
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (String input : texts(m.get("inputs"))) {
                        feed.put(input, firstRows(env, data.get(input), rows));
                    }
                    try (OrtSession.Result result = session.run(feed)) {
                        for (String output : texts(m.get("outputs"))) {
                            if (output.startsWith("present.")) {
                                continue; // PyTorch's presents are not stored; the logits depend on them
                            }
                            NpyArray want = expected.get("batch0_" + output);
                            OnnxValue got = result.get(output).orElseThrow();
                            OnnxTensor tensor = (OnnxTensor) got;
                            assertArrayEquals(want.shape(), tensor.getInfo().getShape(), name + " " + output);
                            assertClose(want.toFloats(), tensor.getFloatBuffer(), name + " " + output);
                        }
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_tiny", "llama_tiny", "llama_tiny_kv"})
    void nlsigFindsTheHookedSitesInCallOrder(String name) throws IOException {
        JsonNode m = model(name);
        OnnxModel onnx = ModelLoader.load(dir.resolve(m.get("onnx").asText()));
        List<ActivationSite> sites = SiteDiscovery.discover(onnx, ShapeInference.infer(onnx)).sites();
        JsonNode want = m.get("sites");
        assertEquals(want.size(), sites.size(), () -> name + ": " + sites);
        for (int k = 0; k < want.size(); k++) {
            JsonNode w = want.get(k);
            ActivationSite got = sites.get(k);
            assertEquals(w.get("site_name").asText(), got.name(), name + " site " + k);
            assertEquals(w.get("module").asText(), got.name(), name + " site " + k + " is the hooked module");
            assertEquals(w.get("input_tensor").asText(), got.inputTensor(), name + " site " + k + " input");
            assertEquals(w.get("output_tensor").asText(), got.outputTensor(), name + " site " + k + " output");
            assertEquals(texts(w.get("onnx_nodes"), "name"), got.nodeNames(), name + " site " + k + " nodes");
        }
    }

    @Test
    void sentencesHaveAnEmptyAndAVeryLongLine() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("sentences.txt"), StandardCharsets.UTF_8);
        assertEquals(20, lines.size());
        assertEquals(List.of(7), indexesWhere(lines, String::isEmpty));
        assertEquals(List.of(13), indexesWhere(lines, l -> l.length() > 1000));
    }

    private static List<Integer> indexesWhere(List<String> lines, Predicate<String> test) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                at.add(i);
            }
        }
        return at;
    }

    private static OnnxTensor firstRows(OrtEnvironment env, NpyArray array, int rows) throws OrtException {
        long[] shape = array.shape().clone();
        int perRow = Math.toIntExact(Arrays.stream(shape).skip(1).reduce(1, (a, b) -> a * b));
        shape[0] = rows;
        if (array.dtype() == NpyDType.INT64) {
            long[] values = Arrays.copyOf(array.toLongs(), rows * perRow);
            return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
        }
        float[] values = Arrays.copyOf(array.toFloats(), rows * perRow);
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }

    private static void assertClose(float[] want, FloatBuffer got, String what) {
        assertEquals(want.length, got.remaining(), what + ": length");
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got.get(i)));
        }
        assertTrue(worst <= OUTPUT_TOLERANCE, what + " differs from PyTorch by " + worst);
    }

    /** The arrays of an uncompressed or compressed .npz (a zip of .npy files), each read by nlsig's reader. */
    static Map<String, NpyArray> readNpz(Path npz) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        Path folder = Files.createTempDirectory(unpacked, npz.getFileName().toString());
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                assertTrue(entry.getName().endsWith(".npy"), npz + ": " + entry.getName());
                Path file = folder.resolve(entry.getName());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                arrays.put(entry.getName().substring(0, entry.getName().length() - ".npy".length()),
                        NpyFile.read(file));
            }
        }
        return arrays;
    }

    private static JsonNode model(String name) {
        for (JsonNode m : references.get("models")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("references.json has no model " + name);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
