package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.preprocess.Interpolation;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.source.DataOptions;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.signature.journal.RunJournal;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.Signature;

/**
 * Resume under faults (issue 17, items 2, 4, 5): the journal is read as bytes, a torn or malformed last line is
 * discarded, any other damage is a message naming the file and line; skipped files are listed once, under the batch
 * that read them; a resume on changed data is refused naming the batch and the data.
 */
class JournalResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** 4 batches of 16 x 6. */
    private Path input(int seed) throws IOException {
        float[] v = new float[64 * 6];
        Random rnd = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        Path file = dir.resolve("x.npy");
        NpyFile.writeFloats(file, v, 64, 6);
        return file;
    }

    private SignatureRequest request(Path out) throws IOException {
        Path model = dir.resolve("m.onnx");
        if (Files.notExists(model)) {
            TinyModels.chain(dir, "m.onnx", 6, "Relu", "Tanh");
        }
        Path data = dir.resolve("x.npy");
        if (Files.notExists(data)) {
            input(3);
        }
        return SignatureRequest.defaults(model, "npy:" + data, out).withBatches(16, 0).withThreads(1)
                .withMetrics(List.of(MetricName.CKA));
    }

    private static Path journal(Path out) {
        return out.resolve(RunJournal.FILE_NAME);
    }

    /** The journal's lines, each with its newline. */
    private static List<byte[]> lines(Path out) throws IOException {
        byte[] all = Files.readAllBytes(journal(out));
        List<byte[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, from, i + 1));
                from = i + 1;
            }
        }
        return lines;
    }

    private static void write(Path out, List<byte[]> lines) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            b.write(l);
        }
        Files.write(journal(out), b.toByteArray());
    }

    private static byte[] line(String json) {
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Batch line i of a finished journal, edited. */
    private static byte[] edited(List<byte[]> lines, int i, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(new String(lines.get(i), StandardCharsets.UTF_8));
        edit.accept(n);
        return line(JSON.writeValueAsString(n));
    }

    private int[] resumedFrom(Path out, Signature[] result) throws IOException {
        int[] first = {-1};
        result[0] = SignatureRun.run(request(out).withResume(true), new ProgressListener() {
            @Override
            public void started(int sites, int planned, int alreadyDone, int batchSize) {
                first[0] = alreadyDone;
            }
        });
        return first;
    }

    private IOException refused(Path out) {
        IOException e = assertThrows(IOException.class,
                () -> SignatureRun.run(request(out).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains(journal(out).toString()), e.getMessage());
        return e;
    }

    @Test
    void aLastLineTornInsideAMultiByteCharacterIsDiscardedAndTruncated() throws IOException {
        Path out = dir.resolve("out");
        Signature reference = SignatureRun.run(request(out), ProgressListener.SILENT);
        List<byte[]> lines = lines(out);
        assertEquals(5, lines.size());
        // batch 2 names a skipped file called é; the disk filled up after the first of its two bytes
        byte[] withE = edited(lines, 3, n -> n.putArray("warnings").add("caf\u00e9"));
        int cut = indexOf(withE, (byte) 0xC3) + 1;
        write(out, List.of(lines.get(0), lines.get(1), lines.get(2), Arrays.copyOf(withE, cut)));

        Signature[] resumed = new Signature[1];
        assertEquals(2, resumedFrom(out, resumed)[0], "the torn line is redone");
        assertEquals(reference.sites(), resumed[0].sites());
        List<byte[]> after = lines(out);
        assertEquals(5, after.size(), "the torn bytes were truncated away");
        assertEquals(Files.size(journal(out)), after.stream().mapToLong(l -> l.length).sum());

        // the same cut, but the line ended (a malformed complete last line): discarded too
        write(out, List.of(lines.get(0), lines.get(1), lines.get(2), Arrays.copyOf(withE, cut), "\n".getBytes()));
        assertEquals(2, resumedFrom(out, resumed)[0]);
        assertEquals(reference.sites(), resumed[0].sites());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    @Test
    void aMalformedLineBeforeTheLastIsAnErrorNamingItsLine() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        List<byte[]> lines = lines(out);
        byte[] invalidUtf8 = lines.get(2).clone();
        invalidUtf8[5] = (byte) 0xC3;
        write(out, List.of(lines.get(0), lines.get(1), invalidUtf8, lines.get(3)));
        assertTrue(refused(out).getMessage().contains("line 3: not valid UTF-8"));

        write(out, List.of(lines.get(0), lines.get(1), line("{\"batch\":1,\"samp"), lines.get(3)));
        assertTrue(refused(out).getMessage().contains("line 3: not JSON"));

        write(out, List.of(lines.get(0), line("null"), lines.get(2)));
        assertTrue(refused(out).getMessage().contains("line 2: a batch line must be a JSON object, found null"));
        write(out, List.of(lines.get(0), lines.get(1), line("null")));
        assertTrue(refused(out).getMessage().contains("line 3: a batch line must be a JSON object"));
    }

    @Test
    void aDamagedHeaderIsAMessageNotAStackTrace() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        List<byte[]> lines = lines(out);
        for (String header : List.of("{}", "null", "[1,2]", "\"x\"", "{\"schema\":3}", "{\"schema\":3,\"fingerprint\":[1]}",
                "{\"schema\":3,\"finger")) {
            write(out, List.of(line(header), lines.get(1)));
            IOException e = refused(out);
            assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("delete the file")
                    && e.getMessage().contains("run without --resume"), header + ": " + e.getMessage());
        }
        // a header that lacks its description (same fingerprint)
        ObjectNode h = (ObjectNode) JSON.readTree(new String(lines.get(0), StandardCharsets.UTF_8));
        h.remove("started");
        write(out, List.of(line(JSON.writeValueAsString(h)), lines.get(1)));
        assertTrue(refused(out).getMessage().contains("line 1: the header lacks"));
        // only a torn header: nothing was finished, the run starts over
        Files.write(journal(out), Arrays.copyOf(lines.get(0), 20));
        Signature[] resumed = new Signature[1];
        assertEquals(0, resumedFrom(out, resumed)[0]);
    }

    @Test
    void batchLinesOutOfRangeAreRefusedNamingTheLine() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        List<byte[]> lines = lines(out);
        List<Object[]> cases = List.of(
                new Object[] {(Consumer<ObjectNode>) n -> ((ArrayNode) n.get("affinity")).remove(0),
                    "1 affinity scores for 2 sites"},
                new Object[] {(Consumer<ObjectNode>) n -> ((ArrayNode) n.get("affinity")).add(0.5),
                    "3 affinity scores for 2 sites"},
                new Object[] {(Consumer<ObjectNode>) n -> ((ArrayNode) n.get("scoring")).remove(0),
                    "1 scoring records for 2 sites"},
                new Object[] {(Consumer<ObjectNode>) n -> ((ArrayNode) n.get("metrics").elements().next()).remove(0),
                    "1 cka values for 2 sites"},
                new Object[] {(Consumer<ObjectNode>) n -> n.putObject("metrics"), "records the metrics []"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("batch", -1), "batch index -1 where batch 1"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("batch", 5), "batch index 5 where batch 1"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("samples", 0), "has 0 samples, expected 1 to 16"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("samples", 17), "has 17 samples"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("top1", 3).put("labelled", 2),
                    "impossible accuracy counts"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("top1", -1), "impossible accuracy counts"},
                new Object[] {(Consumer<ObjectNode>) n -> ((ArrayNode) n.get("affinity")).set(0, 7.0),
                    "affinity score 7.0 outside [0, 1]"},
                new Object[] {(Consumer<ObjectNode>) n -> n.remove("input_sha256"), "lacks the SHA-256"},
                new Object[] {(Consumer<ObjectNode>) n -> n.putNull("skipped"), "line 3: not a batch record"},
                new Object[] {(Consumer<ObjectNode>) n -> n.put("affinity", "x"), "line 3: not a batch record"});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Consumer<ObjectNode> edit = (Consumer<ObjectNode>) c[0];
            // as a middle line and as the last line: a well-formed line with wrong values is never taken as torn
            for (boolean last : new boolean[] {false, true}) {
                List<byte[]> l = new ArrayList<>(List.of(lines.get(0), lines.get(1), edited(lines, 2, edit)));
                if (!last) {
                    l.add(lines.get(3));
                }
                write(out, l);
                IOException e = refused(out);
                assertTrue(e.getMessage().contains("line 3: ") && e.getMessage().contains((String) c[1]),
                        c[1] + ": " + e.getMessage());
            }
        }
    }

    @Test
    void anEarlierJournalFormatIsRefused() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        List<byte[]> lines = lines(out);
        ObjectNode h = (ObjectNode) JSON.readTree(new String(lines.get(0), StandardCharsets.UTF_8));
        h.put("schema", 2);
        write(out, List.of(line(JSON.writeValueAsString(h)), lines.get(1)));
        IOException e = assertThrows(IOException.class,
                () -> SignatureRun.run(request(out).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("journal format 2, this nlsig reads format 3"), e.getMessage());
    }

    // ---- item 2: the data's content is part of the run's identity

    @Test
    void aResumeOnChangedDataIsRefusedNamingTheBatchAndTheData() throws IOException {
        Path whole = dir.resolve("whole");
        Signature reference = SignatureRun.run(request(whole), ProgressListener.SILENT);
        Path out = dir.resolve("out");
        SignatureRun.run(request(out).withBatches(16, 2), ProgressListener.SILENT);
        // as if stopped after 2 of 4 batches: the journal of a 4-batch run with 2 batch lines
        List<byte[]> stopped = lines(whole).subList(0, 3);
        write(out, stopped);

        // unchanged data: accepted and exact
        Signature[] resumed = new Signature[1];
        assertEquals(2, resumedFrom(out, resumed)[0]);
        assertEquals(reference.sites(), resumed[0].sites());

        // same path, same shape, other bytes
        write(out, stopped);
        input(4);
        UserInputException e = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request(out).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("the data changed") && e.getMessage().contains("batch 0")
                && e.getMessage().contains("x.npy#0 to x.npy#15")
                && e.getMessage().contains(dir.resolve("x.npy").toString()), e.getMessage());
        assertEquals(3, lines(out).size(), "nothing new was scored");

        // a change in a later finished batch only
        input(3);
        float[] v = new float[64 * 6];
        Random rnd = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        v[16 * 6 + 5] += 1e-3f;
        NpyFile.writeFloats(dir.resolve("x.npy"), v, 64, 6);
        e = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request(out).withResume(true), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("batch 1 (samples x.npy#16 to x.npy#31)"), e.getMessage());
    }

    // ---- item 5: skipped files once, under the batch that read them

    private Path images(int count, int... bad) throws IOException {
        Path root = dir.resolve("imgs");
        Random rnd = new Random(5);
        for (int i = 0; i < count; i++) {
            int index = i;
            Path f = root.resolve((i % 2 == 0 ? "a" : "b") + "/" + String.format("%03d", i)
                    + (i == bad[0] ? "\u00e9" : "") + ".png");
            Files.createDirectories(f.getParent());
            BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    img.setRGB(x, y, rnd.nextInt(1 << 24));
                }
            }
            ImageIO.write(img, "png", f.toFile());
            if (Arrays.stream(bad).anyMatch(b -> b == index)) {
                Files.writeString(f, "not a png");
            }
        }
        return root;
    }

    private SignatureRequest imageRequest(Path root, Path out, int batches) throws IOException {
        Path model = dir.resolve("img.onnx");
        if (Files.notExists(model)) {
            TinyModels.chain(dir, "img.onnx", new long[] {3, 8, 8}, "Relu", "Tanh");
        }
        Preprocessing p = new Preprocessing("p", 0, 8, Interpolation.BILINEAR, new float[0], new float[0]);
        return SignatureRequest.defaults(model, "imagefolder:" + root, out).withBatches(8, batches).withThreads(2)
                .withDataOptions(DataOptions.defaults().withPreprocessing(p), BadFilePolicy.SKIP);
    }

    private static List<String> skippedFiles(Path out) throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(out.resolve("signature.json").toFile()).get("data").get("skipped_files")
                .forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    /** Per journalled batch, the skipped file names. */
    private static List<List<String>> skippedPerBatch(Path out) throws IOException {
        List<List<String>> per = new ArrayList<>();
        List<byte[]> lines = lines(out);
        for (byte[] l : lines.subList(1, lines.size())) {
            List<String> ids = new ArrayList<>();
            JSON.readTree(l).get("skipped").forEach(f -> ids.add(f.get("id").asText()));
            per.add(ids);
        }
        return per;
    }

    @Test
    void skippedFilesAreListedOnceUnderTheBatchThatReadThemAcrossResumes() throws IOException {
        // 6 bad files among 60, one of them named with an é; batches of 8: 6 full batches planned, the data yields
        // 54 good samples (6 batches, the 6 left over dropped, their skips recorded under the last batch)
        int[] bad = {3, 11, 12, 30, 47, 58};
        Path root = images(60, bad);
        Path whole = dir.resolve("whole");
        Signature reference = SignatureRun.run(imageRequest(root, whole, 0), ProgressListener.SILENT);
        List<String> expected = skippedFiles(whole);
        assertEquals(bad.length, expected.size(), expected.toString());
        assertEquals(expected.size(), new java.util.HashSet<>(expected).size(), "each once: " + expected);
        List<List<String>> perBatch = skippedPerBatch(whole);
        assertTrue(expected.stream().anyMatch(id -> id.endsWith("003\u00e9.png")), expected.toString());
        // the same batches, every time
        Path again = dir.resolve("again");
        SignatureRun.run(imageRequest(root, again, 0).withThreads(1), ProgressListener.SILENT);
        assertEquals(perBatch, skippedPerBatch(again));

        for (int k = 1; k < perBatch.size(); k++) {
            Path out = dir.resolve("stopped-" + k);
            SignatureRun.run(imageRequest(root, out, 0), ProgressListener.SILENT);
            write(out, lines(out).subList(0, k + 1)); // interrupted after k batches
            Signature resumed = SignatureRun.run(imageRequest(root, out, 0).withResume(true),
                    ProgressListener.SILENT);
            assertEquals(expected, skippedFiles(out), "after " + k + " batches");
            assertEquals(perBatch, skippedPerBatch(out), "after " + k + " batches");
            assertEquals(reference.sites(), resumed.sites());
            assertEquals(reference.data().skippedFiles(), resumed.data().skippedFiles());
        }
    }
}
