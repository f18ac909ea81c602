package org.nlsig.signature.geodesic;

import java.util.List;
import org.nlsig.data.source.DataOptions;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.CaptureOptions;

/**
 * How a geodesic run measures a model.
 *
 * @param track           {@code auto} (the residual stream), comma-separated tensor names, or a regex over tensor
 *                        names (see {@link org.nlsig.onnx.tracks.TrackFinder#find})
 * @param samples         m, the first m samples of the data (LSS per sample, OTS over all m); 0 = all of them, up
 *                        to {@link #DEFAULT_SAMPLES}
 * @param pooling         how track tensors become vectors: channels (spatial mean, the default) or reference
 * @param flatten         keep every value of the track tensors instead of pooling them
 * @param segments        also score every segment of equal shape; required when the track's shape changes
 * @param batchSize       samples per run of the model
 * @param projectedTracks how many tracks (the first samples) the 2-D PCA projection shows
 * @param data            how the data spec becomes model inputs (preprocessing, channels, cache)
 * @param capture         ONNX Runtime device, threads and logging (its pooling field is not used: see {@code pooling})
 * @param inputs          values of model inputs the data does not give ({@code --input NAME=VALUE}), as for a
 *                        signature run
 */
public record GeodesicOptions(String track, int samples, PoolingMode pooling, boolean flatten, boolean segments,
                              int batchSize, int projectedTracks, DataOptions data, CaptureOptions capture,
                              List<InputAssignment> inputs) {
    public static final int DEFAULT_SAMPLES = 1024;
    public static final int DEFAULT_BATCH = 128;
    public static final int DEFAULT_PROJECTED = 8;

    public GeodesicOptions {
        if (track == null || track.isBlank()) {
            track = "auto";
        }
        if (samples == 1 || samples < 0) {
            throw new UserInputException("--samples must be at least 2 (the optimal-transport score compares "
                    + "samples with each other), got " + samples);
        }
        if (batchSize < 1) {
            throw new UserInputException("--batch-size must be at least 1, got " + batchSize);
        }
        if (projectedTracks < 1) {
            throw new UserInputException("the projection needs at least 1 track, got " + projectedTracks);
        }
        if (pooling == null) {
            pooling = PoolingMode.CHANNELS;
        }
        if (data == null) {
            data = DataOptions.defaults();
        }
        if (capture == null) {
            capture = CaptureOptions.defaults();
        }
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** The residual stream, channels pooling, up to 1024 samples in batches of 128, no segments, 8 tracks drawn. */
    public static GeodesicOptions defaults() {
        return new GeodesicOptions("auto", 0, PoolingMode.CHANNELS, false, false, DEFAULT_BATCH, DEFAULT_PROJECTED,
                DataOptions.defaults(), CaptureOptions.defaults(), List.of());
    }

    public GeodesicOptions withTrack(String t) {
        return new GeodesicOptions(t, samples, pooling, flatten, segments, batchSize, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withSamples(int m) {
        return new GeodesicOptions(track, m, pooling, flatten, segments, batchSize, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withPooling(PoolingMode p) {
        return new GeodesicOptions(track, samples, p, flatten, segments, batchSize, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withFlatten(boolean f) {
        return new GeodesicOptions(track, samples, pooling, f, segments, batchSize, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withSegments(boolean s) {
        return new GeodesicOptions(track, samples, pooling, flatten, s, batchSize, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withBatchSize(int b) {
        return new GeodesicOptions(track, samples, pooling, flatten, segments, b, projectedTracks, data, capture,
                inputs);
    }

    public GeodesicOptions withProjectedTracks(int k) {
        return new GeodesicOptions(track, samples, pooling, flatten, segments, batchSize, k, data, capture, inputs);
    }

    public GeodesicOptions withData(DataOptions d) {
        return new GeodesicOptions(track, samples, pooling, flatten, segments, batchSize, projectedTracks, d,
                capture, inputs);
    }

    public GeodesicOptions withInputs(List<InputAssignment> values) {
        return new GeodesicOptions(track, samples, pooling, flatten, segments, batchSize, projectedTracks, data,
                capture, values);
    }

    public GeodesicOptions withCapture(CaptureOptions c) {
        return new GeodesicOptions(track, samples, pooling, flatten, segments, batchSize, projectedTracks, data, c,
                inputs);
    }
}
