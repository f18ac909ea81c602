package org.nlsig.signature.geodesic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.io.UserInputException;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.geodesic.DegenerateTrackException;
import org.nlsig.math.geodesic.GeodesicScores;
import org.nlsig.math.geodesic.SegmentScores;
import org.nlsig.math.geodesic.TrackProjection;
import org.nlsig.math.geodesic.TransportMatch;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.pooling.TensorPooling;
import org.nlsig.onnx.pooling.TokenMask;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.runtime.PooledMatrix;
import org.nlsig.onnx.runtime.TensorBatch;
import org.nlsig.onnx.runtime.TensorCaptureSession;
import org.nlsig.onnx.tracks.Track;
import org.nlsig.onnx.tracks.TrackFinder;
import org.nlsig.signature.pipeline.BatchInputs;
import org.nlsig.signature.pipeline.ProgressListener;

/**
 * Measures how close a network's data tracks are to a geodesic (docs/method.md section 7): finds the track, streams the
 * first m samples of the data through the model capturing the track's tensors inside ONNX Runtime, then scores the
 * line shape of every sample's track and the optimal-transport score of all m, for the whole track and, when asked,
 * for every segment of equal shape.
 *
 * <pre>{@code
 * GeodesicResult r = GeodesicRun.compute(Path.of("resnet20.onnx"), "idx:images.gz,labels.gz",
 *         GeodesicOptions.defaults().withSegments(true));
 * r.segments().forEach(s -> System.out.println(s.lssSummary().mean() + " " + s.ots().score()));
 * }</pre>
 */
public final class GeodesicRun {
    private GeodesicRun() {
    }

    public static GeodesicResult compute(Path modelPath, String dataSpec, GeodesicOptions options) throws IOException {
        return compute(modelPath, dataSpec, options, ProgressListener.SILENT);
    }

    /**
     * @param progress notices for the user (downloads, the track found), as a signature run reports them
     * @throws UserInputException for bad input: no track, tensors of different shapes without segments, data that
     *                             does not fit the model, too few samples, a degenerate track (each message names
     *                             the file, tensor or sample)
     */
    public static GeodesicResult compute(Path modelPath, String dataSpec, GeodesicOptions options,
            ProgressListener progress) throws IOException {
        Consumer<String> log = progress::notice;
        OnnxModel loaded = ModelLoader.load(modelPath);
        try (DataSource source = DataSources.open(DataSpec.parse(dataSpec), options.data(), log)) {
            // every model input fed as a signature run feeds it: the data's tensors by name, --input values and
            // standard fills for the rest (token_type_ids, position_ids, an empty cache), each fill told once
            ModelFeed feed = ModelFeed.of(loaded, options.inputs());
            BatchInputs inputs = BatchInputs.plan(loaded, feed, source, null, 0, dataSpec);
            inputs.fills().forEach(p -> log.accept(p.notice()));
            OnnxModel model = inputs.inlinedModel();
            Optional<TokenMask> mask = inputs.tokenMask();
            if (mask.isPresent() && options.flatten()) {
                throw new UserInputException(dataSpec + ": --flatten keeps every token position, padding included;"
                        + " token data's track tensors are averaged over their real tokens instead (leave out"
                        + " --flatten)");
            }
            TensorShapes shapes = inputs.probeShapes(model, source.sampleShape(), options.capture().logging());
            Track track = TrackFinder.find(model, shapes, options.track());
            if (!options.segments()) {
                try {
                    track.requireOneShape();
                } catch (UserInputException e) {
                    throw new UserInputException(modelPath + ": " + e.getMessage(), e);
                }
            }
            List<TensorPooling> pooling = track.pooling(options.pooling(), options.flatten(), mask);
            long masked = pooling.stream().filter(TensorPooling::masked).count();
            log.accept("track: " + track.source() + ", " + track.tensors().size() + " tensors"
                    + (masked > 0 ? ", " + masked + " averaged over the real tokens of '" + mask.get().input() + "'"
                    : ""));
            int m = sampleCount(options, source, dataSpec);
            Captured captured = capture(model, track, pooling, options.withCapture(
                    options.capture().withTokenMask(mask)), source, inputs, m);
            return score(model, dataSpec, source.description(), track, options, captured);
        }
    }

    private static int sampleCount(GeodesicOptions options, DataSource source, String spec) {
        long available = source.size();
        if (options.samples() > available) {
            throw new UserInputException(spec + ": --samples " + options.samples() + " asks for more samples "
                    + "than the data has (" + available + ")");
        }
        long m = options.samples() > 0 ? options.samples() : Math.min(GeodesicOptions.DEFAULT_SAMPLES, available);
        if (m < 2) {
            throw new UserInputException(spec + ": the data has " + available + " sample(s); the "
                    + "optimal-transport score needs at least 2");
        }
        return (int) m;
    }

    /** Every position's representations of the m samples, and where the samples came from. */
    private record Captured(List<SampleMatrix> positions, List<String> sampleIds) {
    }

    private static Captured capture(OnnxModel model, Track track, List<TensorPooling> pooling,
            GeodesicOptions options, DataSource source, BatchInputs inputs, int m) throws IOException {
        int positions = track.tensors().size();
        double[][] values = new double[positions][];
        int[] widths = new int[positions];
        List<String> ids = new ArrayList<>(m);
        int filled = 0;
        StreamOptions stream = StreamOptions.of(Math.min(options.batchSize(), m)).withLimit(m).withDropLast(false)
                .withWorkers(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        try (TensorCaptureSession session = TensorCaptureSession.open(model, pooling, options.capture(),
                inputs.feed());
             BatchStream batches = BatchStream.open(source, stream)) {
            long batchIndex = 0;
            while (batches.hasNext() && filled < m) {
                Batch b = batches.next();
                TensorBatch out = session.run(inputs.complete(b, batchIndex, filled));
                batchIndex++;
                int rows = Math.min(out.samples(), m - filled);
                for (int l = 0; l < positions; l++) {
                    PooledMatrix p = out.tensors().get(l);
                    if (values[l] == null) {
                        widths[l] = p.cols();
                        values[l] = new double[Math.multiplyExact(m, widths[l])];
                    }
                    for (int k = 0; k < rows * widths[l]; k++) {
                        values[l][filled * widths[l] + k] = p.values()[k];
                    }
                }
                ids.addAll(b.sampleIds().subList(0, rows));
                filled += rows;
            }
        }
        if (filled < m) {
            throw new UserInputException(source.description() + ": only " + filled + " of the " + m
                    + " samples asked for could be read");
        }
        List<SampleMatrix> out = new ArrayList<>();
        for (int l = 0; l < positions; l++) {
            SampleMatrix p = new SampleMatrix(m, widths[l], values[l]);
            p.requireFinite("track tensor '" + track.tensors().get(l).name() + "' (position " + l + ")");
            out.add(p);
        }
        return new Captured(out, ids);
    }

    private static GeodesicResult score(OnnxModel model, String spec, String description, Track track,
            GeodesicOptions options, Captured captured) {
        List<SampleMatrix> positions = captured.positions();
        List<int[]> runs = track.equalShapeRuns();
        boolean oneShape = runs.size() == 1;
        GeodesicResult.Scores whole = oneShape ? scores(model, track, positions, 0, positions.size() - 1) : null;
        List<GeodesicResult.Scores> segments = new ArrayList<>();
        if (options.segments()) {
            for (int[] r : runs) {
                if (r[1] > r[0]) {
                    segments.add(oneShape ? whole : scores(model, track, positions, r[0], r[1]));
                }
            }
            if (segments.isEmpty()) {
                throw new UserInputException(model.path() + ": no two consecutive track tensors have the same "
                        + "shape, so no segment has a step to measure: " + track.names());
            }
        }
        int k = Math.min(options.projectedTracks(), positions.get(0).rows());
        List<GeodesicResult.Projection> projections = new ArrayList<>();
        if (oneShape) {
            projections.add(projection(positions, 0, positions.size() - 1, k));
        } else {
            segments.forEach(s -> projections.add(projection(positions, s.from(), s.to(), k)));
        }
        List<GeodesicResult.TensorRef> tensors = new ArrayList<>();
        for (int l = 0; l < positions.size(); l++) {
            tensors.add(new GeodesicResult.TensorRef(track.tensors().get(l).name(),
                    track.tensors().get(l).info().dims(), positions.get(l).cols()));
        }
        GeodesicResult.Config config = new GeodesicResult.Config(options.track(), positions.get(0).rows(),
                options.pooling().name().toLowerCase(java.util.Locale.ROOT), options.flatten(), options.segments(),
                options.batchSize(), options.projectedTracks());
        return new GeodesicResult(GeodesicResult.SCHEMA,
                new GeodesicResult.ModelRef(model.path().toString(), model.sha256()),
                new GeodesicResult.DataRef(spec, description), config,
                new GeodesicResult.TrackRef(track.source(), tensors), positions.get(0).rows(), captured.sampleIds(),
                whole, segments, projections);
    }

    private static GeodesicResult.Scores scores(OnnxModel model, Track track, List<SampleMatrix> positions,
            int from, int to) {
        SegmentScores s;
        try {
            s = GeodesicScores.ofSegment(positions, from, to);
        } catch (DegenerateTrackException e) {
            throw new UserInputException(model.path() + ": track " + describe(track, from, to) + ": "
                    + e.getMessage() + " (positions: " + positionNames(track, from, to) + ")", e);
        }
        List<Double> lss = new ArrayList<>();
        for (double v : s.lss()) {
            lss.add(v);
        }
        TransportMatch t = s.ots();
        return new GeodesicResult.Scores(from, to, track.names().subList(from, to + 1), s.lssSummary(), lss,
                new GeodesicResult.Ots(t.score(), t.matched(), t.samples(), t.cost(), t.networkCost()));
    }

    private static String describe(Track track, int from, int to) {
        return "'" + track.names().get(from) + "' .. '" + track.names().get(to) + "'";
    }

    private static String positionNames(Track track, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int l = from; l <= to; l++) {
            sb.append(l > from ? ", " : "").append(l).append(" = '").append(track.names().get(l)).append('\'');
        }
        return sb.toString();
    }

    private static GeodesicResult.Projection projection(List<SampleMatrix> positions, int from, int to, int k) {
        List<double[][]> tracks = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            double[][] t = new double[to - from + 1][];
            for (int l = from; l <= to; l++) {
                t[l - from] = positions.get(l).row(s);
            }
            tracks.add(t);
        }
        TrackProjection p = TrackProjection.of(tracks);
        List<List<List<Double>>> points = new ArrayList<>();
        for (double[][] t : p.tracks()) {
            List<List<Double>> pts = new ArrayList<>();
            for (double[] xy : t) {
                pts.add(List.of(xy[0], xy[1]));
            }
            points.add(pts);
        }
        List<Integer> samples = java.util.stream.IntStream.range(0, k).boxed().toList();
        return new GeodesicResult.Projection(from, to, samples,
                List.of(p.explainedRatio()[0], p.explainedRatio()[1]), points);
    }
}
