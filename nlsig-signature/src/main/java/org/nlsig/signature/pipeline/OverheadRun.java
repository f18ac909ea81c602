package org.nlsig.signature.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.io.UserInputException;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.signature.result.Signature;

/**
 * {@code nlsig bench signature}: a signature run's wall time against bare ONNX Runtime forward passes of the same
 * model over the same batches with the same threads, both reading the data. What it measures is the overhead of
 * pooling in the graph, scoring and journalling.
 */
public final class OverheadRun {
    private OverheadRun() {
    }

    /**
     * The timings of one benchmark.
     *
     * @param signature    the last timed run's signature (its sites, pooling and metrics)
     * @param batches      batches per round
     * @param bareSeconds  per round, the bare forward passes
     * @param fullSeconds  per round, the signature run
     */
    public record Result(Signature signature, int batches, List<Double> bareSeconds, List<Double> fullSeconds) {

        public Result {
            bareSeconds = List.copyOf(bareSeconds);
            fullSeconds = List.copyOf(fullSeconds);
        }

        public double bareMedian() {
            return median(bareSeconds);
        }

        public double fullMedian() {
            return median(fullSeconds);
        }

        /** Signature over bare forward passes, medians over the rounds. */
        public double ratio() {
            return fullMedian() / bareMedian();
        }

        private static double median(List<Double> v) {
            return SummaryStatistics.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median();
        }
    }

    /**
     * One untimed round warms the file cache, the JIT and the data decoders; then the two variants alternate, so that
     * drifting machine load affects both alike. The request's output folder and resume flag are ignored: the runs
     * write into a temporary folder.
     *
     * @param rounds timed rounds, at least 1
     */
    public static Result run(SignatureRequest req, int rounds, ProgressListener progress) throws IOException {
        if (rounds < 1) {
            throw new UserInputException("--repeat must be at least 1, got " + rounds);
        }
        Path out = Files.createTempDirectory("nlsig-bench");
        SignatureRequest timed = req.withOut(out).withResume(false).withOverwrite(true);
        // the signature rounds are silent; a named dataset is downloaded by the first bare round, which says so
        bareForward(req, progress);
        SignatureRun.run(timed, ProgressListener.SILENT);
        Double[] bare = new Double[rounds];
        Double[] full = new Double[rounds];
        int batches = 0;
        Signature s = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            batches = bareForward(req, progress);
            bare[r] = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            s = SignatureRun.run(timed, ProgressListener.SILENT);
            full[r] = (System.nanoTime() - t1) / 1e9;
            progress.notice(String.format(java.util.Locale.ROOT, "round %d of %d: bare %.2f s, signature %.2f s",
                    r + 1, rounds, bare[r], full[r]));
        }
        return new Result(s, batches, List.of(bare), List.of(full));
    }

    /** The same batches through the unmodified model (a capture session with no sites adds no graph nodes). */
    private static int bareForward(SignatureRequest req, ProgressListener progress) throws IOException {
        OnnxModel model = ModelLoader.load(req.model());
        try (DataSource source = DataSources.open(DataSpec.parse(req.data().spec()), req.data().options(),
                progress::notice)) {
            int planned = req.data().plannedBatches(source.size());
            StreamOptions so = req.streamOptions(0, planned);
            CaptureOptions co = CaptureOptions.defaults().withDevice(req.execution().device())
                    .withThreads(req.execution().threads()).withNotices(m -> { });
            int k = 0;
            org.nlsig.onnx.runtime.ModelFeed feed = org.nlsig.onnx.runtime.ModelFeed.of(model, req.data().inputs());
            BatchInputs inputs = BatchInputs.plan(model, feed, source, req.scoring().mask(), 0,
                    SignatureRun.dataName(req));
            // the bare model: no If is inlined, nothing pooled; the same inputs as the signature run feeds
            try (CaptureSession session = CaptureSession.open(model, List.of(), co, feed);
                    BatchStream stream = BatchStream.open(source, so)) {
                while (k < planned && stream.hasNext()) {
                    org.nlsig.data.batch.Batch b = stream.next();
                    session.run(inputs.complete(b, k, (long) k * req.data().batchSize()));
                    k++;
                }
            }
            return k;
        }
    }
}
