package org.nlsig.signature.pipeline;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.SkippedSample;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.io.Sha256;
import org.nlsig.io.UserInputException;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.linalg.Blas;
import org.nlsig.onnx.model.ComputeCost;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.onnx.runtime.ForwardCancelledException;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.DiscoveryOptions;
import org.nlsig.onnx.sites.FeatureAxes;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;
import org.nlsig.signature.journal.BatchRecord;
import org.nlsig.signature.journal.RunJournal;
import org.nlsig.signature.output.OutputLock;
import org.nlsig.signature.output.OutputSet;
import org.nlsig.signature.output.SignatureOutputs;
import org.nlsig.signature.result.Accuracy;
import org.nlsig.signature.result.BatchScoring;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Provenance;
import org.nlsig.signature.result.RunConfig;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.SiteScoring;
import org.nlsig.signature.result.Statistic;

/**
 * Computes a model's non-linearity signature over a dataset: data batches go through the model in ONNX Runtime
 * (which pools every activation site's input and output in the graph), and while batch k+1 runs forward the scoring
 * lane scores batch k (sites in parallel), journals it, and reports progress. The journal makes the run resumable;
 * the outputs are written atomically at the end.
 */
public final class SignatureRun {
    public static final String SIGNATURE_JSON = SignatureOutputs.JSON;
    public static final String SIGNATURE_CSV = SignatureOutputs.CSV;

    private SignatureRun() {
    }

    /** Runs the request and writes {@code signature.json} and {@code signature.csv} into its output folder. */
    public static Signature run(SignatureRequest req, ProgressListener progress) throws IOException {
        return run(req, progress, StopToken.NEVER, SignatureOutputs.Extra.NONE);
    }

    /**
     * Runs the request as the only writer of its output folder ({@link OutputLock}; another run there is refused)
     * and publishes signature.json, signature.csv and the extra files there as one set ({@link OutputSet}). A fresh
     * run removes the folder's previous results first; any run removes a killed run's leftovers.
     *
     * @param stop  stops the run between batches with {@link RunStoppedException} (journalled, resumable)
     * @param extra more files of the published set (the command line's report)
     */
    public static Signature run(SignatureRequest req, ProgressListener progress, StopToken stop,
            SignatureOutputs.Extra extra) throws IOException {
        return run(req, progress, stop, extra, null);
    }

    /**
     * {@link #run(SignatureRequest, ProgressListener, StopToken, SignatureOutputs.Extra)} with the unfinished
     * batches scored by {@code remote} (nlsig-spark's executors) instead of on this machine; the journal, the
     * assembly and the published set are this run's, so the outputs are those of a local run.
     *
     * @param remote null to score here
     */
    public static Signature run(SignatureRequest req, ProgressListener progress, StopToken stop,
            SignatureOutputs.Extra extra, RemoteBatches remote) throws IOException {
        Instant started = Instant.now();
        // Scoring parallelises across sites; native BLAS stays single-threaded so sites do not fight over cores
        // and every value is bitwise the same whatever the thread budget.
        Blas.setNativeThreads(1);
        OnnxModel model = ModelLoader.load(req.model());
        Path out = req.output().dir();
        requireWritable(out);
        try (OutputLock lock = OutputLock.acquire(out, progress::notice)) {
            if (req.output().resume()) {
                OutputSet.clearLeftovers(out);
            } else {
                if (!req.output().overwrite()) {
                    requireNothingToLose(out);
                }
                OutputSet.clearPrevious(out);
            }
            return runLocked(req, progress, stop, extra, started, model, out, remote);
        }
    }

    /** What a run's output folder holds, as far as this request is concerned. */
    public enum Existing {
        /** no journal: nothing of any run */
        NONE,
        /** this request's run, finished and published as a complete set: nothing to recompute */
        COMPLETE,
        /** this request's run, interrupted: resumable from its journal */
        UNFINISHED,
        /** another run's (another model, data or configuration): a run of this request starts over */
        OTHER
    }

    /**
     * Compares the run in req's output folder with what req would compute: the journal's fingerprint against this
     * request's (model hash, data, configuration and sites; {@link RunIdentity}), and the published set. Opens the
     * model and the data, reads no batch.
     */
    public static Existing existing(SignatureRequest req) throws IOException {
        Path out = req.output().dir();
        RunJournal.Header header = RunJournal.readHeader(out);
        if (header == null) {
            return Existing.NONE;
        }
        OnnxModel model = ModelLoader.load(req.model());
        String fingerprint;
        try (DataSource source = DataSources.open(DataSpec.parse(req.data().spec()), req.data().options(),
                s -> { })) {
            fingerprint = plan(req, model, source, ProgressListener.SILENT).fingerprint();
        }
        if (!fingerprint.equals(header.fingerprint()) || header.schema() != RunJournal.SCHEMA) {
            return Existing.OTHER;
        }
        try {
            OutputSet.readVerified(out.resolve(SIGNATURE_JSON));
            return Files.exists(out.resolve(OutputSet.MANIFEST)) ? Existing.COMPLETE : Existing.UNFINISHED;
        } catch (IOException e) {
            return Existing.UNFINISHED;
        }
    }

    private static Signature runLocked(SignatureRequest req, ProgressListener progress, StopToken stop,
            SignatureOutputs.Extra extra, Instant started, OnnxModel loaded, Path out, RemoteBatches remote)
            throws IOException {
        try (DataSource source = DataSources.open(DataSpec.parse(req.data().spec()), req.data().options(),
                progress::notice)) {
            RunPlan plan = plan(req, loaded, source, progress);
            OnnxModel model = plan.model(); // If branches fixed by the fed values inlined
            TensorShapes shapes = plan.shapes();
            BatchInputs inputs = plan.inputs();
            List<ActivationSite> sites = plan.sites();
            int planned = plan.planned();
            RunConfig config = plan.config();
            String describe = plan.describe();
            String fingerprint = plan.fingerprint();

            RunJournal journal = req.output().resume() ? RunJournal.resume(out, fingerprint, describe,
                    new RunJournal.Layout(sites.size(), java.util.Set.copyOf(req.scoring().metrics()),
                            req.data().batchSize())) : null;
            if (journal == null) {
                journal = RunJournal.create(out,
                        new RunJournal.Header(fingerprint, describe, started.toString(), 0));
            }
            String device;
            try (RunJournal j = journal) {
                device = remote == null ? runBatches(req, model, source, inputs, sites, planned, j, progress, stop)
                        : scoreRemotely(remote, req, plan, j, progress, stop);
            }
            Signature signature = assemble(req, model, shapes, source, inputs, sites, config, journal, device,
                    Instant.now());
            warnIfAtChance(signature, model, progress);
            SignatureOutputs.publish(out, signature, extra);
            return signature;
        }
    }

    /**
     * What a run of req computes, before any batch is read: the model's inputs checked against the data, the sites
     * discovered (feature axes resolved), the batches planned, and the identity whose SHA-256 is the fingerprint.
     */
    static RunPlan plan(SignatureRequest req, OnnxModel loaded, DataSource source, ProgressListener progress) {
        ModelFeed feed = ModelFeed.of(loaded, req.data().inputs());
        BatchInputs inputs = BatchInputs.plan(loaded, feed, source, req.scoring().mask(), req.scoring().tokens(),
                dataName(req));
        inputs.fills().forEach(p -> progress.notice(p.notice()));
        OnnxModel model = inputs.inlinedModel();
        TensorShapes shapes = inputs.probeShapes(model, source.sampleShape(), req.execution().logging());
        if (!shapes.note().isEmpty()) {
            progress.notice(shapes.note());
        }
        SiteReport report = SiteDiscovery.discover(model, shapes,
                new DiscoveryOptions(req.scoring().includeSoftmax()));
        // a site the user gave an axis for has been looked at: no warning about its guessed one
        report.notes().stream().filter(n -> !req.scoring().featureAxes().containsKey(n.site()))
                .forEach(n -> progress.notice(n.text()));
        if (report.sites().isEmpty()) {
            throw new UserInputException(model.path() + ": the model has no activation sites to score ("
                    + report.skipped().size() + " candidates skipped; see nlsig inspect " + model.path() + ")");
        }
        // the feature axes are resolved here, once: pooling, signature.json and the identity all see these
        List<ActivationSite> sites = FeatureAxes.resolve(model.path(), report.sites(),
                req.scoring().featureAxes());
        int planned = req.data().plannedBatches(source.size());
        if (planned == 0) {
            throw new UserInputException("the data has " + source.size() + " samples, fewer than one batch of "
                    + req.data().batchSize() + " (" + source.description() + "); lower --batch-size");
        }
        RunConfig config = req.runConfig(source.preprocessing().map(p -> p.name()).orElse(null));
        RunIdentity identity = RunIdentity.of(model, req, source.description(), planned, sites,
                inputs.tokenMask().map(m -> m.input()).orElse(null));
        String describe = identity.canonicalJson();
        String fingerprint = Sha256.of(describe);
        return new RunPlan(model, shapes, inputs, sites, planned, config, identity, describe, fingerprint);
    }

    /**
     * The batches the journal lacks, scored by remote: each returned line decoded (and range-checked) into the
     * journal in order. A stop request is honoured before the remote work starts.
     */
    private static String scoreRemotely(RemoteBatches remote, SignatureRequest req, RunPlan plan,
            RunJournal journal, ProgressListener progress, StopToken stop) throws IOException {
        int batchSize = req.data().batchSize();
        int done = journal.batches().size();
        progress.started(plan.sites().size(), plan.planned(), done, batchSize);
        if (done >= plan.planned()) {
            return remote.device();
        }
        if (stop.stopRequested()) {
            throw new RunStoppedException(done, plan.planned(), journal.file().getParent());
        }
        List<ScoredRange> ranges = remote.score(plan.identity(), done, plan.planned());
        String device = remote.device();
        RunJournal.Layout layout = new RunJournal.Layout(plan.sites().size(),
                java.util.Set.copyOf(req.scoring().metrics()), batchSize);
        for (ScoredRange r : ranges) {
            for (String line : r.journalLines()) {
                BatchRecord b = RunJournal.decodeBatch(line, journal.batches().size(), layout);
                journal.append(b);
                progress.batchDone(b.batch() + 1, plan.planned(), (long) (b.batch() + 1) * batchSize);
            }
            device = r.device();
        }
        if (journal.batches().size() != plan.planned()) {
            throw new IllegalStateException("the remote scoring returned " + journal.batches().size() + " of "
                    + plan.planned() + " batches");
        }
        return device;
    }

    /**
     * Scores batches [first, end) of req on this machine without a journal or output folder: the work of one
     * remote task. The model is opened by the caller (an executor keeps it per JVM).
     *
     * @param expected the run's identity as the driver computed it: an executor that sees another model or other
     *                 data refuses the task instead of returning other numbers
     */
    public static ScoredRange scoreRange(SignatureRequest req, OnnxModel model, RunIdentity expected, int first,
            int end) throws IOException {
        Blas.setNativeThreads(1);
        try (DataSource source = DataSources.open(DataSpec.parse(req.data().spec()), req.data().options(),
                s -> { })) {
            RunPlan plan = plan(req, model, source, ProgressListener.SILENT);
            if (!plan.identity().equals(expected)) {
                throw new UserInputException(model.path() + " with " + req.data().spec() + ": this machine sees"
                        + " another model or other data than the driver (its run identity " + plan.describe()
                        + ", the driver's " + expected.canonicalJson() + ")");
            }
            List<String> lines = new ArrayList<>();
            String device = scoreBatches(req, plan.model(), source, plan.inputs(), plan.sites(), first, end, List.of(),
                    r -> lines.add(RunJournal.encodeBatch(r)), null, ProgressListener.SILENT, StopToken.NEVER);
            return new ScoredRange(first, device, lines);
        }
    }

    /** The journal's batches, then the rest up to planned, scored here into the journal. */
    private static String runBatches(SignatureRequest req, OnnxModel model, DataSource source, BatchInputs inputs,
            List<ActivationSite> sites, int planned, RunJournal journal, ProgressListener progress, StopToken stop)
            throws IOException {
        return scoreBatches(req, model, source, inputs, sites, 0, planned, journal.batches(), journal::append,
                journal.file(), progress, stop);
    }

    /** Where scored batches go, in order: the journal, or the list a batch range returns. */
    @FunctionalInterface
    interface BatchSink {
        void append(BatchRecord r) throws IOException;
    }

    /**
     * Forward passes on this thread, scoring on the lane; returns the device the model ran on. Streams batches
     * [first, planned): the finished ones (from first on) are read again and checked, the others scored into sink.
     *
     * @param journalFile named when a finished batch's data changed
     */
    private static String scoreBatches(SignatureRequest req, OnnxModel model, DataSource source, BatchInputs inputs,
            List<ActivationSite> sites, int first, int planned, List<BatchRecord> finished, BatchSink journal,
            Path journalFile, ProgressListener progress, StopToken stop) throws IOException {
        int done = finished.size();
        int batchSize = req.data().batchSize();
        SignatureRequest.Scoring scoring = req.scoring();
        progress.started(sites.size(), planned, done, batchSize);
        // the sites carry their resolved feature axes: no overrides are passed on
        CaptureOptions options = CaptureOptions.defaults().withPooling(scoring.pooling())
                .withDevice(req.execution().device()).withThreads(req.execution().threads())
                .withSparsity(scoring.metrics().contains(MetricName.SPARSITY))
                .withNotices(progress::notice).withTokenMask(inputs.tokenMask())
                .withLogging(req.execution().logging());
        // The finished batches are read again, without running the model: each must have the bytes and the skipped
        // files the journal recorded (a resume on changed data is refused before any new batch is scored), and
        // reading from the start lands on the same batch boundaries whatever files were skipped.
        StreamOptions stream = req.streamOptions(first, planned - first);
        ExecutorService lane = Executors.newSingleThreadExecutor(daemon("nlsig-scoring"));
        ExecutorService pool = Executors.newFixedThreadPool(req.execution().threads(), daemon("nlsig-site"));
        BatchScorer scorer = new BatchScorer(AffinityScorer.defaults().withCovariance(scoring.covariance()),
                scoring.metrics(), scoring.strict(), pool);
        // While ONNX Runtime builds the session (on about one core), the lane compiles the scoring code on a small
        // synthetic problem, so that the first batch is not scored by the interpreter beside the second's forward
        // pass. The results are discarded.
        Future<?> warmUp = first + done >= planned ? null : lane.submit(() -> warmUp(scorer.affinity(), batchSize));
        // The stream's workers start decoding the first batch while ONNX Runtime builds the session.
        try (BatchStream batches = BatchStream.open(source, stream);
                CaptureSession session = first + done >= planned ? null
                        : CaptureSession.open(model, sites, options, inputs.feed())) {
            Future<?> pending = warmUp;
            int k = first + done;
            int reread = 0;
            while (reread < done && batches.hasNext()) {
                Batch b = batches.next();
                requireUnchanged(finished.get(reread++), b, req, journalFile);
            }
            if (reread < done) {
                throw new UserInputException("cannot resume in " + req.output().dir() + ": the data ("
                        + req.data().spec() + ") now yields " + reread + " batches, fewer than the " + done
                        + " the interrupted run finished; run without --resume to start over");
            }
            if (session == null) {
                return req.execution().device().toString();
            }
            boolean stopped = false;
            java.util.Set<Integer> fewSamplesWarned = new java.util.HashSet<>(); // touched by the lane thread only
            AutoCloseable cancelOnStop = stop.whenStopped(session::cancel);
            while (k < planned && batches.hasNext()) {
                if (stop.stopRequested()) {
                    stopped = true; // a safe point: the batch in flight is scored and journalled below
                    break;
                }
                Batch b = batches.next();
                // hashed on the site pool beside the forward pass: the digest costs the run no wall time
                Future<String> digest = pool.submit(() -> BatchDigest.of(b));
                BatchCapture capture;
                try {
                    // the run's batch index, not the stream's: a range of batches (a Spark task) starts its stream at 0
                    capture = session.run(inputs.complete(b, k, (long) k * batchSize));
                } catch (ForwardCancelledException e) {
                    stopped = true; // cancelled by the stop request: this batch is redone on resume
                    break;
                }
                List<DataInfo.SkippedFile> skipped = skippedFiles(b);
                await(pending);
                int index = k;
                long[] labels = b.hasLabels() ? b.labels() : null;
                pending = lane.submit(() -> {
                    BatchRecord r = scorer.score(index, capture, labels, skipped, digest.get());
                    journal.append(r);
                    r.warnings().forEach(progress::notice);
                    warnFewSamples(capture, fewSamplesWarned, progress);
                    progress.batchDone(index + 1, planned, (long) (index + 1) * batchSize);
                    return null;
                });
                k++;
            }
            await(pending);
            close(cancelOnStop);
            if (stopped) {
                throw new RunStoppedException(k, planned, req.output().dir());
            }
            return session.device().toString();
        } finally {
            lane.shutdownNow();
            pool.shutdownNow();
        }
    }

    /**
     * A site whose batch has no more samples than its pooled dimension is fitted exactly by an affine map (r2 is
     * identically 1) and its affinity score is biased upward: said once per site, with what to change.
     */
    private static void warnFewSamples(BatchCapture capture, java.util.Set<Integer> warned,
            ProgressListener progress) {
        for (var s : capture.sites()) {
            int n = s.x().rows();
            int d = s.x().cols();
            if (n <= d && warned.add(s.site().index())) {
                progress.notice("site " + s.site().index() + " (" + s.site().name() + "): " + n + " samples per batch"
                        + " for " + d + " pooled features; with no more samples than features the affine fit is exact"
                        + " (r2 = 1) and the affinity score is biased upward: use a --batch-size above " + d
                        + " (or --tokens N for token data)");
            }
        }
    }

    /**
     * A fresh run does not silently replace what a folder holds: an unfinished run (its journal) or an earlier run's
     * results are kept unless the user says --overwrite.
     */
    private static void requireNothingToLose(Path out) throws IOException {
        Path journal = out.resolve(RunJournal.FILE_NAME);
        boolean results = OutputSet.RESULTS.stream().anyMatch(name -> Files.exists(out.resolve(name)));
        if (Files.exists(journal) && !results) {
            long lines;
            // ISO-8859-1 decodes any byte: only the line count matters here, not the text
            try (Stream<String> l = Files.lines(journal, StandardCharsets.ISO_8859_1)) {
                lines = l.count();
            }
            throw new UserInputException(out + " holds an unfinished run (its journal has " + Math.max(0, lines - 1)
                    + " finished batches): continue it with --resume, or start over with --overwrite");
        }
        if (results) {
            throw new UserInputException(out + " holds the results of an earlier run: use another --out, or"
                    + " --overwrite to replace them");
        }
    }

    /**
     * A top-1 accuracy near chance almost always means the data is not preprocessed as the model was trained (the
     * bundled Fashion-MNIST models score 12.7% without their normalisation): said once, naming the options.
     */
    static void warnIfAtChance(Signature s, OnnxModel model, ProgressListener progress) {
        List<Long> dims = model.outputs().get(0).dims();
        if (s.accuracy() == null || dims.size() != 2 || dims.get(1) < 2) {
            return;
        }
        double chance = 1.0 / dims.get(1);
        if (s.accuracy().top1() <= 1.5 * chance) {
            progress.notice(String.format(java.util.Locale.ROOT, "top-1 accuracy %.1f%% is near chance for %d classes"
                    + " (%.1f%%): the data is probably not preprocessed as the model expects (check --preset, --mean,"
                    + " --std, --resize; nlsig data preview shows the inputs)", 100 * s.accuracy().top1(), dims.get(1),
                    100 * chance));
        }
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DataInfo.SkippedFile> skippedFiles(Batch b) {
        List<DataInfo.SkippedFile> skipped = new ArrayList<>();
        for (SkippedSample s : b.skipped()) {
            skipped.add(new DataInfo.SkippedFile(s.sampleId(), s.reason()));
        }
        return skipped;
    }

    /** A finished batch read again on resume must be what the journal recorded: same bytes, same skipped files. */
    private static void requireUnchanged(BatchRecord journalled, Batch b, SignatureRequest req, Path journal) {
        List<DataInfo.SkippedFile> skipped = skippedFiles(b);
        String what = null;
        if (!skipped.equals(journalled.skipped())) {
            what = "skips " + names(skipped) + " where the interrupted run skipped " + names(journalled.skipped());
        } else {
            String digest = BatchDigest.of(b);
            if (b.size() != journalled.samples() || !digest.equals(journalled.inputSha256())) {
                what = "holds other values than when the interrupted run scored it (SHA-256 " + digest
                        + ", journalled " + journalled.inputSha256() + ")";
            }
        }
        if (what != null) {
            List<String> ids = b.sampleIds();
            String which = "batch " + journalled.batch() + " (samples " + (ids.isEmpty() ? "none"
                    : ids.get(0) + " to " + ids.get(ids.size() - 1)) + ")";
            throw new UserInputException("cannot resume in " + req.output().dir() + ": the data changed since the"
                    + " interrupted run: " + which + " of " + req.data().spec() + " " + what + "; run without"
                    + " --resume to start over (journal " + journal + ")");
        }
    }

    private static String names(List<DataInfo.SkippedFile> files) {
        return files.isEmpty() ? "nothing" : files.stream().map(DataInfo.SkippedFile::id).toList().toString();
    }

    /** Scores a few small synthetic pairs on both evaluation paths (d below and above n). */
    private static void warmUp(AffinityScorer scorer, int batchSize) {
        int n = Math.max(2, Math.min(batchSize, 64));
        Random rnd = new Random(1);
        for (int d : new int[] {Math.max(1, n / 4), 2 * n}) {
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(0, y[i]);
            }
            for (int rep = 0; rep < 3; rep++) {
                try {
                    scorer.score(new SampleMatrix(n, d, x), new SampleMatrix(n, d, y));
                } catch (RuntimeException e) {
                    return; // only a head start: the real batches report their own errors
                }
            }
        }
    }

    /** The data as messages name it: the spec, and for text the tokenizer that made the ids. */
    static String dataName(SignatureRequest req) {
        var tokenizer = req.data().options().tokenizer();
        boolean text = tokenizer != null && DataSpec.parse(req.data().spec()) instanceof DataSpec.TextSpec;
        return req.data().spec() + (text ? " tokenized by " + tokenizer.file() : "");
    }

    private static void await(Future<?> pending) throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err; // an OutOfMemoryError must reach the command line as itself, for its hint
            }
            throw new IllegalStateException(c);
        }
    }

    private static Signature assemble(SignatureRequest req, OnnxModel model, TensorShapes shapes, DataSource source,
            BatchInputs inputs, List<ActivationSite> sites, RunConfig config, RunJournal journal, String device,
            Instant finished) {
        List<BatchRecord> batches = journal.batches();
        List<SiteResult> results = new ArrayList<>();
        for (int s = 0; s < sites.size(); s++) {
            ActivationSite site = sites.get(s);
            List<Double> affinity = new ArrayList<>();
            Map<String, List<Double>> metricSeries = new LinkedHashMap<>();
            for (MetricName m : req.scoring().metrics()) {
                metricSeries.put(m.id(), new ArrayList<>());
            }
            List<BatchScoring> scoring = new ArrayList<>();
            for (BatchRecord b : batches) {
                affinity.add(b.affinity().get(s));
                scoring.add(b.scoring().get(s));
                for (MetricName m : req.scoring().metrics()) {
                    metricSeries.get(m.id()).add(b.metrics().get(m).get(s));
                }
            }
            Map<String, Statistic> metrics = new LinkedHashMap<>();
            metricSeries.forEach((k, v) -> metrics.put(k, Statistic.of(v)));
            int pooled = batches.isEmpty() ? -1 : batches.get(0).pooledDims().get(s);
            results.add(new SiteResult(site.index(), site.name(), site.kind().label(),
                    String.join("+", site.opTypes()), site.inputTensor(), site.outputTensor(),
                    runShape(site, req.data().batchSize()), site.featureAxis(), pooled, Statistic.of(affinity),
                    metrics,
                    SiteScoring.of(scoring).withSamples(isSampledTokens(site, inputs, req)
                            ? req.scoring().tokens() : fewestSamples(batches), pooled)));
        }
        long top1 = 0;
        long top5 = 0;
        long labelled = 0;
        List<DataInfo.SkippedFile> skipped = new ArrayList<>();
        for (BatchRecord b : batches) {
            top1 += b.top1();
            top5 += b.top5();
            labelled += b.labelled();
            skipped.addAll(b.skipped());
        }
        Accuracy accuracy = labelled == 0 ? null
                : new Accuracy((double) top1 / labelled, (double) top5 / labelled, labelled);
        String fileName = model.path() == null ? "model" : model.path().getFileName().toString();
        ModelInfo info = new ModelInfo(String.valueOf(model.path()), fileName.replaceFirst("\\.onnx$", ""),
                model.sha256(), model.externalDataSha256().orElse(null), model.parameterCount(),
                ComputeCost.macsPerSample(model, shapes).macsPerSample(), model.nodeCount(), model.opset());
        long samples = batches.stream().mapToLong(BatchRecord::samples).sum();
        DataInfo.TextInfo text = source.textStatistics().map(t -> new DataInfo.TextInfo(t.lines(), t.empty(),
                t.truncated(), t.maxLength(), t.tokenizer())).orElse(null);
        DataInfo data = new DataInfo(req.data().spec(), source.description(), samples, batches.size(), skipped,
                inputs.inputNames(), inputs.tokenMask().map(m -> m.input()).orElse(null), text,
                req.scoring().tokens(), inputs.otherInputs());
        Provenance provenance = new Provenance(version(), OrtEnvironment.getEnvironment().getVersion(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), device,
                journal.header().started(), finished.toString(), journal.header().resumed());
        return new Signature(info, data, config, provenance, accuracy, results);
    }

    /** Whether the site's samples are drawn tokens ({@code --tokens}) rather than sequences. */
    private static boolean isSampledTokens(ActivationSite site, BatchInputs inputs, SignatureRequest req) {
        return req.scoring().tokens() > 0 && site.outputInfo() != null && site.outputInfo().rankKnown()
                && org.nlsig.onnx.pooling.SitePooling.of(site, site.outputInfo().rank(), site.featureAxis(),
                        req.scoring().pooling(), inputs.tokenMask()).masked();
    }

    private static long fewestSamples(List<BatchRecord> batches) {
        return batches.stream().mapToLong(BatchRecord::samples).min().orElse(Long.MAX_VALUE);
    }

    private static List<Long> runShape(ActivationSite site, int batchSize) {
        if (site.outputInfo() == null || !site.outputInfo().rankKnown()) {
            return null;
        }
        List<Long> dims = new ArrayList<>(site.outputInfo().dims());
        if (!dims.isEmpty()) {
            dims.set(0, (long) batchSize);
        }
        return dims;
    }

    private static void requireWritable(Path out) throws IOException {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create the output folder " + out + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(out) || !Files.isWritable(out)) {
            throw new IOException("the output folder " + out + " is not a writable directory");
        }
    }

    static String version() {
        String v = SignatureRun.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
