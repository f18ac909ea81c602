package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nlsig.signature.pipeline.OverheadRun;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.SignatureRequest;
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
        /** Options of {@code signature} that a benchmark, which times into a temporary folder, does not offer. */
        static final java.util.List<String> UNUSED_OPTIONS = java.util.List.of("--out", "--resume", "--overwrite",
                "--report");

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
            PrintWriter err = spec.commandLine().getErr();
            OverheadRun.Result r = OverheadRun.run(req, repeat, new ProgressListener() {
                @Override
                public void notice(String message) {
                    err.println("nlsig: " + message);
                    err.flush();
                }
            });
            Signature s = r.signature();
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "model %s, %s of %d, %s, pooling %s, threads %d, %s%n",
                    req.model().getFileName(), Plural.of(r.batches(), "batch"), req.data().batchSize(),
                    Plural.of(s.sites().size(), "site"), s.config().pooling(), req.execution().threads(),
                    Plural.of(repeat, "round"));
            o.printf(Locale.ROOT, "bare forward passes   median %8.2f s  (%s)%n", r.bareMedian(),
                    list(r.bareSeconds()));
            o.printf(Locale.ROOT, "signature (%s)  median %8.2f s  (%s)%n", String.join(",", s.config().metrics()),
                    r.fullMedian(), list(r.fullSeconds()));
            o.printf(Locale.ROOT, "overhead ratio        %8.3f%n", r.ratio());
            o.flush();
            return 0;
        }

        private static String list(List<Double> v) {
            StringBuilder sb = new StringBuilder();
            for (double x : v) {
                sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
            }
            return sb.toString();
        }
    }
}
