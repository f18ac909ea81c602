package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.result.Signature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

        @Option(names = "--repeat", paramLabel = "R", defaultValue = "3",
                description = "timed rounds after one warm-up round (default ${DEFAULT-VALUE}); medians are reported")
        int repeat;

        @Override
        public Integer call() throws IOException {
            SignatureRequest req = signature.request();
            if (repeat < 1) {
                throw new UserInputException("--repeat must be at least 1");
            }
            Path out = Files.createTempDirectory("nlsig-bench");
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // The signature rounds are silent; a named dataset is downloaded by the first bare round, so it says so.
            Consumer<String> progress = line -> {
                err.println("nlsig: " + line);
                err.flush();
            };
            // One untimed round warms the file cache, the JIT and the data decoders; then the two variants
            // alternate so that drifting machine load affects both alike.
            bareForward(req, progress);
            SignatureRun.run(req.withOut(out).withResume(false), ProgressListener.SILENT);
            double[] bare = new double[repeat];
            double[] full = new double[repeat];
            int batches = 0;
            Signature s = null;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                batches = bareForward(req, progress);
                bare[r] = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                s = SignatureRun.run(req.withOut(out).withResume(false), ProgressListener.SILENT);
                full[r] = (System.nanoTime() - t1) / 1e9;
            }
            o.printf(Locale.ROOT, "model %s, %d batches of %d, %d sites, pooling %s, threads %d, %d rounds%n",
                    req.model().getFileName(), batches, req.batchSize(), s.sites().size(), s.config().pooling(),
                    req.threads(), repeat);
            o.printf(Locale.ROOT, "bare forward passes   median %8.2f s  (%s)%n", median(bare), list(bare));
            o.printf(Locale.ROOT, "signature (%s)  median %8.2f s  (%s)%n", String.join(",", s.config().metrics()),
                    median(full), list(full));
            o.printf(Locale.ROOT, "overhead ratio        %8.3f%n", median(full) / median(bare));
            o.flush();
            return 0;
        }

        private static double median(double[] v) {
            return SummaryStatistics.of(v).median();
        }

        private static String list(double[] v) {
            StringBuilder sb = new StringBuilder();
            for (double x : v) {
                sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
            }
            return sb.toString();
        }

        /** The same batches through the unmodified model (a capture session with no sites adds no graph nodes). */
        private static int bareForward(SignatureRequest req, Consumer<String> progress) throws IOException {
            OnnxModel model = ModelLoader.load(req.model());
            try (DataSource source = DataSources.open(DataSpec.parse(req.dataSpec()), req.dataOptions(), progress)) {
                int planned = req.plannedBatches(source.size());
                StreamOptions so = req.streamOptions(0, planned);
                CaptureOptions co = CaptureOptions.defaults().withDevice(req.device()).withThreads(req.threads())
                        .withNotices(m -> { });
                int k = 0;
                try (CaptureSession session = CaptureSession.open(model, List.of(), co);
                        BatchStream stream = BatchStream.open(source, so)) {
                    while (k < planned && stream.hasNext()) {
                        SignatureRun.forward(session, stream.next());
                        k++;
                    }
                }
                return k;
            }
        }
    }
}
