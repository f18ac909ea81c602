package org.nlsig.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.testing.Fixtures;
import org.nlsig.data.text.TokenizerOptions;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyDType;

/** .npz and text data: several named tensors per sample, batched together; bad files named with what is wrong. */
class TokenDataTest {
    @TempDir
    Path tmp;

    private DataOptions options(int maxLength) {
        return DataOptions.defaults().withTokenizer(new TokenizerOptions(Fixtures.tinyTokenizer(), maxLength));
    }

    private static DataSource open(String spec, DataOptions options) throws Exception {
        return DataSources.open(DataSpec.parse(spec), options, line -> { });
    }

    @Test
    void npzGivesOneNamedFieldPerArrayAndBatchesThemTogether() throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("input_ids", NpyArray.ofBytes(new byte[] {1, 2, 3, 4, 5, 6}, NpyDType.INT8, 3, 2));
        arrays.put("attention_mask", NpyArray.ofBytes(new byte[] {1, 1, 1, 0, 1, 1}, NpyDType.BOOL, 3, 2));
        arrays.put("features", NpyArray.ofFloats(new float[] {0.5f, 1.5f, 2.5f}, 3));
        arrays.put("y", NpyArray.ofLongs(new long[] {7, 8, 9}, 3));
        Path file = Fixtures.npz(tmp.resolve("tokens.npz"), arrays);
        try (DataSource s = open("npz:" + file + ",labels=y", DataOptions.defaults());
                BatchStream b = BatchStream.open(s, StreamOptions.of(2))) {
            assertEquals(List.of(TensorField.named("input_ids", ElementType.INT64, new long[] {2}),
                    TensorField.named("attention_mask", ElementType.INT64, new long[] {2}),
                    TensorField.named("features", ElementType.FLOAT32, new long[0])), s.fields());
            assertEquals(3, s.size());
            Batch batch = b.next();
            assertEquals(3, batch.tensors().size());
            assertArrayEquals(new long[] {1, 2, 3, 4}, batch.tensors().get(0).longArray());
            assertArrayEquals(new long[] {1, 1, 1, 0}, batch.tensors().get(1).longArray());
            assertArrayEquals(new float[] {0.5f, 1.5f}, batch.tensors().get(2).floatArray());
            assertArrayEquals(new long[] {2}, batch.tensors().get(2).shape(), "a scalar per sample: shape [n]");
            assertArrayEquals(new long[] {7, 8}, batch.labels());
            assertArrayEquals(new long[] {2, 2}, batch.shape());
        }
    }

    @Test
    void npzMistakesNameTheArray() throws Exception {
        Path unequal = Fixtures.npz(tmp.resolve("unequal.npz"), new LinkedHashMap<>(Map.of(
                "input_ids", NpyArray.ofLongs(new long[6], 3, 2), "attention_mask", NpyArray.ofLongs(new long[4], 2, 2))));
        UserInputException e = assertThrows(UserInputException.class, () -> open("npz:" + unequal,
                DataOptions.defaults()));
        assertTrue(e.getMessage().contains("disagree on the number of samples") && e.getMessage().contains("3")
                && e.getMessage().contains("2"), e.getMessage());
        Path noLabels = Fixtures.npz(tmp.resolve("l.npz"), Map.of("input_ids", NpyArray.ofLongs(new long[6], 3, 2)));
        e = assertThrows(UserInputException.class, () -> open("npz:" + noLabels + ",labels=y", DataOptions.defaults()));
        assertTrue(e.getMessage().contains("no array 'y'") && e.getMessage().contains("[input_ids]"), e.getMessage());
        Path notZip = Fixtures.write(tmp.resolve("bad.npz"), "not a zip");
        e = assertThrows(UserInputException.class, () -> open("npz:" + notZip, DataOptions.defaults()));
        assertTrue(e.getMessage().contains("bad.npz") && e.getMessage().contains("not an .npz"), e.getMessage());
        Path scalar = Fixtures.npz(tmp.resolve("s.npz"), Map.of("sr", NpyArray.ofLongs(new long[] {16000})));
        e = assertThrows(UserInputException.class, () -> open("npz:" + scalar, DataOptions.defaults()));
        assertTrue(e.getMessage().contains("'sr'") && e.getMessage().contains("axis 0"), e.getMessage());
    }

    @Test
    void textIsTokenizedToFixedLengthWithMaskAndCounts() throws Exception {
        Path text = Fixtures.write(tmp.resolve("t.txt"), "The cat sat\n\n   \nthe quick brown fox jumps over the lazy dog\n"
                + "zebra\n");
        try (DataSource s = open("text:" + text, options(6))) {
            assertEquals(3, s.size(), "empty and blank lines are skipped");
            var stats = s.textStatistics().orElseThrow();
            assertEquals(5, stats.lines());
            assertEquals(2, stats.empty());
            assertEquals(1, stats.truncated());
            assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"),
                    s.fields().stream().map(f -> f.name().orElseThrow()).toList());
            assertTrue(!s.fields().get(2).required(), "token_type_ids are fed only to models that take them");
            Sample first = s.read(0);
            // [CLS]=2 the=4 cat=13 sat=14 [SEP]=3, padded with [PAD]=0 (ids from the tiny tokenizer's vocabulary)
            assertArrayEquals(new long[] {2, 4, 13, 14, 3, 0}, ((Sample.Longs) first.values().get(0)).data());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, ((Sample.Longs) first.values().get(1)).data());
            assertArrayEquals(new long[6], ((Sample.Longs) first.values().get(2)).data());
            assertEquals("t.txt:1", first.id());
            assertEquals("t.txt:4", s.read(1).id());
            assertArrayEquals(new long[] {2, 1, 3, 0, 0, 0}, ((Sample.Longs) s.read(2).values().get(0)).data(),
                    "an unknown word is [UNK]");
        }
    }

    @Test
    void jsonlTakesTheNamedFieldAndNamesTheLineWithoutIt() throws Exception {
        Path ok = Fixtures.write(tmp.resolve("t.jsonl"), "{\"text\": \"the dog\", \"id\": 1}\n{\"text\": \"a cat\"}\n");
        try (DataSource s = open("text:" + ok + ",field=text", options(4))) {
            assertEquals(2, s.size());
            assertArrayEquals(new long[] {2, 4, 12, 3}, ((Sample.Longs) s.read(0).values().get(0)).data());
        }
        Path bad = Fixtures.write(tmp.resolve("b.jsonl"), "{\"text\": \"the dog\"}\n{\"body\": \"a cat\"}\n");
        UserInputException e = assertThrows(UserInputException.class, () -> open("text:" + bad + ",field=text",
                options(4)));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'text'")
                && e.getMessage().contains("[body]"), e.getMessage());
    }

    @Test
    void textMistakesAreClear() throws Exception {
        Path empty = Fixtures.write(tmp.resolve("empty.txt"), "");
        UserInputException e = assertThrows(UserInputException.class, () -> open("text:" + empty, options(4)));
        assertTrue(e.getMessage().contains("empty.txt") && e.getMessage().contains("the file is empty"),
                e.getMessage());
        Path blank = Fixtures.write(tmp.resolve("blank.txt"), "\n \n");
        e = assertThrows(UserInputException.class, () -> open("text:" + blank, options(4)));
        assertTrue(e.getMessage().contains("all 2 lines are empty"), e.getMessage());
        Path text = Fixtures.write(tmp.resolve("t.txt"), "the cat\n");
        e = assertThrows(UserInputException.class, () -> open("text:" + text, DataOptions.defaults()));
        assertTrue(e.getMessage().contains("--tokenizer"), e.getMessage());
        Path notTokenizer = Fixtures.write(tmp.resolve("tokenizer.json"), "{\"hello\": 1}");
        e = assertThrows(UserInputException.class, () -> open("text:" + text,
                DataOptions.defaults().withTokenizer(new TokenizerOptions(notTokenizer, 4))));
        assertTrue(e.getMessage().contains("--tokenizer " + notTokenizer)
                && e.getMessage().contains("not a Hugging Face tokenizer.json"), e.getMessage());
        Files.write(tmp.resolve("latin1.txt"), new byte[] {'a', (byte) 0xe9, '\n'});
        e = assertThrows(UserInputException.class, () -> open("text:" + tmp.resolve("latin1.txt"), options(4)));
        assertTrue(e.getMessage().contains("line 1 is not UTF-8"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> new TokenizerOptions(notTokenizer, 0));
        assertTrue(e.getMessage().contains("--max-length must be at least 1"), e.getMessage());
    }
}
