package org.nlsig.signature.geodesic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpzFile;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.geodesic.GeodesicScores;
import org.nlsig.math.geodesic.SegmentScores;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.InputTensor;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.runtime.PooledMatrix;
import org.nlsig.onnx.runtime.ShapeInference;
import org.nlsig.onnx.runtime.TensorBatch;
import org.nlsig.onnx.runtime.TensorCaptureSession;
import org.nlsig.onnx.tracks.Track;
import org.nlsig.onnx.tracks.TrackFinder;
import org.nlsig.signature.pipeline.TransformerFixtures;

/**
 * Geodesic metrics of a transformer on token data (the BERT-style fixture of tools/export_transformer_fixtures.py,
 * padded sequences in an .npz): the residual stream's tensors [batch, tokens, features] are averaged over the real
 * tokens of each sequence. Checked against the same tensors captured whole and averaged under the mask in Java, and
 * by the property that padding never enters: other token ids in the padded positions change nothing.
 */
class GeodesicTokenDataTest {
    private static Path fixtures;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        fixtures = TransformerFixtures.dir();
    }

    private static final int SAMPLES = 24;

    private GeodesicResult run(Path data) throws IOException {
        return GeodesicRun.compute(fixtures.resolve("bert_tiny.onnx"), "npz:" + data,
                GeodesicOptions.defaults().withSamples(SAMPLES).withBatchSize(8));
    }

    @Test
    void theResidualStreamIsAveragedOverTheRealTokensOfEachSequence() throws Exception {
        Path data = fixtures.resolve("bert_tiny.npz");
        GeodesicResult r = run(data);
        Map<String, NpyArray> arrays = NpzFile.read(data);
        long[] shape = arrays.get("input_ids").shape();
        int tokens = (int) shape[1];
        long[] mask = arrays.get("attention_mask").toLongs();
        int padded = 0;
        for (int i = 0; i < SAMPLES * tokens; i++) {
            padded += mask[i] == 0 ? 1 : 0;
        }
        assertTrue(padded > SAMPLES, "the fixture's sequences are padded (" + padded + " padded positions)");

        // the same track tensors captured whole (no pooling in the graph), then averaged under the mask here
        OnnxModel model = ModelLoader.load(fixtures.resolve("bert_tiny.onnx"));
        Track track = TrackFinder.find(model, ShapeInference.infer(model, new long[] {1, tokens}), "auto");
        assertEquals(track.names(), r.track().tensors().stream().map(GeodesicResult.TensorRef::name).toList());
        Map<String, InputTensor> feed = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
            long[] all = a.getValue().toLongs();
            feed.put(a.getKey(), new InputTensor.Longs(java.util.Arrays.copyOf(all, SAMPLES * tokens),
                    new long[] {SAMPLES, tokens}));
        }
        List<SampleMatrix> positions = new ArrayList<>();
        try (TensorCaptureSession whole = TensorCaptureSession.open(model, track.pooling(PoolingMode.CHANNELS, true),
                CaptureOptions.defaults().withThreads(1), ModelFeed.of(model))) {
            TensorBatch b = whole.run(feed);
            for (PooledMatrix flat : b.tensors()) {
                int features = flat.cols() / tokens;
                double[] mean = new double[SAMPLES * features];
                for (int i = 0; i < SAMPLES; i++) {
                    int real = 0;
                    for (int t = 0; t < tokens; t++) {
                        if (mask[i * tokens + t] == 1) {
                            real++;
                            for (int f = 0; f < features; f++) {
                                mean[i * features + f] += flat.get(i, t * features + f);
                            }
                        }
                    }
                    for (int f = 0; f < features; f++) {
                        mean[i * features + f] /= real;
                    }
                }
                positions.add(new SampleMatrix(SAMPLES, features, mean));
            }
        }
        SegmentScores expected = GeodesicScores.ofSegment(positions, 0, positions.size() - 1);
        GeodesicResult.Scores got = r.whole();
        assertEquals(SAMPLES, got.lss().size());
        for (int i = 0; i < SAMPLES; i++) {
            // float32 sums in the graph against double sums here
            assertEquals(expected.lss()[i], got.lss().get(i), 1e-5 * expected.lss()[i], "LSS of sample " + i);
        }
        assertEquals(expected.ots().matched(), got.ots().matched(), "OTS matches");
        assertEquals(expected.ots().cost(), got.ots().optimalCost(), 1e-5 * expected.ots().cost(), "OTS cost");
    }

    @Test
    void otherTokensInThePaddedPositionsChangeNothing() throws Exception {
        Path data = fixtures.resolve("bert_tiny.npz");
        Map<String, NpyArray> arrays = NpzFile.read(data);
        long[] ids = arrays.get("input_ids").toLongs();
        long[] mask = arrays.get("attention_mask").toLongs();
        long[] other = ids.clone();
        int changed = 0;
        for (int k = 0; k < ids.length; k++) {
            if (mask[k] == 0) {
                other[k] = 5 + k % 7; // real vocabulary entries where the padding token was
                changed += other[k] != ids[k] ? 1 : 0;
            }
        }
        assertTrue(changed > 0);
        Map<String, NpyArray> replaced = new LinkedHashMap<>(arrays);
        replaced.put("input_ids", NpyArray.ofLongs(other, arrays.get("input_ids").shape()));
        Path otherData = tmp.resolve("other-padding.npz");
        NpzFile.write(otherData, replaced);

        GeodesicResult a = run(data);
        GeodesicResult b = run(otherData);
        for (int i = 0; i < SAMPLES; i++) {
            assertEquals(a.whole().lss().get(i), b.whole().lss().get(i), 1e-9 * a.whole().lss().get(i),
                    "sample " + i);
        }
        assertEquals(a.whole().ots().matched(), b.whole().ots().matched());

        // with the official pooling (every position averaged, padding included) the padded tokens do enter
        GeodesicResult unmasked = GeodesicRun.compute(fixtures.resolve("bert_tiny.onnx"), "npz:" + otherData,
                GeodesicOptions.defaults().withSamples(SAMPLES).withBatchSize(8).withPooling(PoolingMode.REFERENCE));
        assertNotEquals(a.whole().lss(), unmasked.whole().lss());
    }

    @Test
    void flatteningTokenDataIsRefusedNamingWhy() {
        UserInputException e = assertThrows(UserInputException.class, () -> GeodesicRun.compute(
                fixtures.resolve("bert_tiny.onnx"), "npz:" + fixtures.resolve("bert_tiny.npz"),
                GeodesicOptions.defaults().withSamples(SAMPLES).withFlatten(true)));
        assertTrue(e.getMessage().contains("--flatten") && e.getMessage().contains("padding"), e.getMessage());
    }
}
