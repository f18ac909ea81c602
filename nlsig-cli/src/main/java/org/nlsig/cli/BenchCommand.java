package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.ElementType;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.CaptureSession;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.result.Signature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nlsig bench}: measures nlsig's own cost on the user's model and data. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.SignatureOverhead.class,
        description = {"Benchmarks. Math kernels have JMH benchmarks: java -jar nlsig-bench/target/benchmarks.jar"})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Signature wall time against bare ONNX Runtime forward passes over the same batches with the same threads: the
     * overhead of pooling in the graph, scoring and journalling (both include reading the data).
     */
    @Command(name = "signature", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times a signature run against bare forward passes of the same model over the same "
                    + "batches (same threads, data reading included in both) and prints the ratio."})
    static final class SignatureOverhead implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SignatureCommand signature;

        @Override
        public Integer call() throws IOException {
            SignatureRequest req = signature.request();
            Path out = Files.createTempDirectory("nlsig-bench");
            PrintWriter o = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            int batches = bareForward(req);
            double bare = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            Signature s = SignatureRun.run(req.withOut(out).withResume(false), ProgressListener.SILENT);
            double full = (System.nanoTime() - t1) / 1e9;
            o.printf(Locale.ROOT, "model %s, %d batches of %d, %d sites, pooling %s, threads %d%n",
                    req.model().getFileName(), batches, req.batchSize(), s.sites().size(),
                    s.config().pooling(), req.threads());
            o.printf(Locale.ROOT, "bare forward passes   %8.2f s%n", bare);
            o.printf(Locale.ROOT, "signature (%s)  %8.2f s%n", String.join(",", s.config().metrics()), full);
            o.printf(Locale.ROOT, "overhead ratio        %8.3f%n", full / bare);
            o.flush();
            return 0;
        }

        /** The same batches through the unmodified model (a capture session with no sites adds no graph nodes). */
        private static int bareForward(SignatureRequest req) throws IOException {
            OnnxModel model = ModelLoader.load(req.model());
            try (DataSource source = DataSources.open(req.dataSpec(), req.dataOptions())) {
                long available = source.size() / req.batchSize();
                long planned = req.maxBatches() > 0 ? Math.min(req.maxBatches(), available) : available;
                StreamOptions so = StreamOptions.of(req.batchSize()).withLimit(planned * req.batchSize())
                        .withOnBadFile(req.onBadFile())
                        .withWorkers(Math.max(1, Math.min(req.threads(), Runtime.getRuntime().availableProcessors())));
                CaptureOptions co = CaptureOptions.defaults().withDevice(req.device()).withThreads(req.threads())
                        .withNotices(m -> { });
                int k = 0;
                try (CaptureSession session = CaptureSession.open(model, List.of(), co);
                        BatchStream stream = BatchStream.open(source, so)) {
                    while (k < planned && stream.hasNext()) {
                        Batch b = stream.next();
                        if (b.elementType() == ElementType.INT64) {
                            session.run(b.longArray(), b.shape());
                        } else {
                            session.run(b.floatArray(), b.shape());
                        }
                        k++;
                    }
                }
                return k;
            }
        }
    }
}
