package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nlsig.io.UserInputException;
import org.nlsig.math.analysis.SummaryStatistics;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.Device;
import org.nlsig.signature.output.SignatureOutputs;
import org.nlsig.signature.pipeline.RunStoppedException;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nlsig signature}: a model's non-linearity signature over a dataset. */
@Command(name = "signature", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes the non-linearity signature of an ONNX model: the affinity score of every "
                + "activation function (docs/method.md sections 1 and 3), per batch, over a dataset.",
            "Writes DIR/signature.json (schema nlsig.signature/1) and DIR/signature.csv atomically; an interrupted "
                + "run continues with --resume. DATA is a data spec (see: nlsig help data)."},
        footer = {"", "Example:", "  nlsig signature resnet18.onnx --data imagefolder:/data/imagenet/val "
                + "--preset imagenet --batch-size 512 --out sig-resnet18"})
final class SignatureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the model")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "the data (nlsig help data)")
    String data;

    @Mixin
    DataCommand.DataArgs dataArgs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "512",
            description = "samples per batch (default ${DEFAULT-VALUE}, the paper's); the last partial batch is dropped")
    int batchSize;

    @Option(names = "--batches", paramLabel = "N|all", defaultValue = "all", converter = OptionTypes.BatchCount.class,
            description = "how many batches to use (default: all)")
    int maxBatches;

    @Option(names = "--shuffle", paramLabel = "SEED", description = "draw the batches from the whole data set in an "
            + "order fixed by SEED (default: the data's own order, so --batches takes its first samples)")
    Long shuffle;

    @Option(names = "--pooling", paramLabel = "MODE", defaultValue = "channels", converter = OptionTypes.Pooling.class,
            description = "channels (the paper's definition, default) or reference (the official code's)")
    PoolingMode pooling;

    @Option(names = "--covariance", paramLabel = "EST", defaultValue = "ledoit-wolf",
            converter = OptionTypes.Covariance.class, description = "ledoit-wolf (default) or sample")
    CovarianceEstimator covariance;

    @Option(names = "--metrics", paramLabel = "LIST", defaultValue = "affinity", converter = OptionTypes.Metrics.class,
            description = "affinity plus any of cka,norm,sparsity,entropy,r2 (or all); default affinity")
    List<MetricName> metrics;

    @Option(names = "--feature-axis", paramLabel = "SITE=AXIS", split = ",",
            description = "keep another axis when pooling a site, e.g. 3=-1 (site index = axis)")
    List<String> featureAxes = new ArrayList<>();

    @Option(names = "--mask", paramLabel = "NAME", description = "the model input whose 1s mark the real tokens "
            + "of token data (default: attention_mask when the data gives it); token tensors are pooled over those")
    String mask;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "0", description = "draw N real tokens per batch "
            + "(fixed seed), each a sample of the token sites, instead of one masked mean per sequence")
    int tokens;

    @Option(names = "--include-softmax", description = "make Softmax nodes sites too (skipped by default: they "
            + "normalise attention and class scores)")
    boolean includeSoftmax;

    @Mixin
    ModelInputOptions modelInputs;

    @Option(names = "--threads", paramLabel = "T", description = "thread budget (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", converter = OptionTypes.DeviceName.class,
            description = "cpu (default) or cuda[:i]; falls back to the CPU with a message when CUDA is unavailable")
    Device device;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "nlsig-signature",
            description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--resume", description = "continue an interrupted run with the same arguments in DIR")
    boolean resume;

    @Option(names = "--overwrite", description = "replace the results, or the unfinished run, that DIR holds "
            + "(without it a run into such a folder is refused)")
    boolean overwrite;

    @Option(names = "--strict", description = "stop at the first NaN or infinite activation instead of leaving that "
            + "batch out of the site's scores")
    boolean strict;

    @Option(names = "--report", description = "also write DIR/report.html: this model's signature over depth, its "
            + "score distribution and tables")
    boolean report;

    /** Exit code of a run stopped by SIGINT (128 + 2); on a signal the JVM exits with 128 + its number itself. */
    static final int STOPPED = 130;

    @Override
    public Integer call() throws IOException {
        InputChecks.threads("--threads", threads, 1);
        SignatureRequest req = request();
        PrintWriter err = spec.commandLine().getErr();
        TerminalProgress progress = new TerminalProgress(err, System.console() != null);
        // the report is part of the published set: written into its staging folder, moved into place with it
        SignatureOutputs.Extra extra = report
                ? (sig, staging) -> org.nlsig.report.ReportWriter.create().writeSingleModel(sig, staging)
                : SignatureOutputs.Extra.NONE;
        Signature s;
        try (StopOnSignal stop = StopOnSignal.install()) {
            try {
                s = SignatureRun.run(req, progress, stop.token(), extra);
            } catch (RunStoppedException e) {
                progress.finish();
                err.println("nlsig signature: stopped after " + e.done() + " of " + e.planned() + " batches (the "
                        + "journal in " + out + " keeps them); continue with: " + resumeCommand());
                err.flush();
                return STOPPED;
            }
        }
        progress.finish();
        PrintWriter o = spec.commandLine().getOut();
        printTable(o, s);
        if (report) {
            o.println("report: " + out.resolve(org.nlsig.report.ReportWriter.PAGE));
        }
        o.println("wrote " + out.resolve(SignatureRun.SIGNATURE_JSON) + " and " + out.resolve(SignatureRun.SIGNATURE_CSV));
        o.flush();
        return 0;
    }

    /** This command line again, with --resume. */
    String resumeCommand() {
        List<String> args = new ArrayList<>(List.of("nlsig"));
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> given = parsed == null ? List.of() : parsed.originalArgs();
        if (given.isEmpty() || !given.get(0).equals("signature")) {
            args.add("signature");
        }
        args.addAll(given);
        if (!resume) {
            args.add("--resume");
        }
        return String.join(" ", args.stream().map(SignatureCommand::quote).toList());
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    SignatureRequest request() {
        Map<Integer, Integer> axes = new HashMap<>();
        for (String a : featureAxes) {
            String[] kv = a.split("=");
            try {
                axes.put(Integer.parseInt(kv[0].trim()), Integer.parseInt(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new UserInputException("--feature-axis takes SITE=AXIS (e.g. 3=-1), not '" + a + "'");
            }
        }
        return new SignatureRequest(model,
                new SignatureRequest.DataSelection(data, dataArgs.options(), dataArgs.badFilePolicy(), batchSize,
                        maxBatches, shuffle, modelInputs.assignments()),
                new SignatureRequest.Scoring(pooling, axes, covariance, metrics, strict, mask, tokens, includeSoftmax),
                new SignatureRequest.Execution(threads, device, modelInputs.logging()), new SignatureRequest.Output(out, resume, overwrite));
    }

    static void printTable(PrintWriter o, Signature s) {
        int nameWidth = Math.max(4, s.sites().stream().mapToInt(x -> x.name().length()).max().orElse(4));
        String row = "%5s  %-" + nameWidth + "s  %-11s %6s  %s%n";
        o.printf(Locale.ROOT, row, "site", "name", "kind", "d", "affinity (mean ± std over "
                + Plural.of(s.data().batches(), "batch") + ")");
        for (SiteResult r : s.sites()) {
            String score = Double.isNaN(r.affinity().mean()) ? "n/a (no finite batch)"
                    : String.format(Locale.ROOT, "%.4f ± %.4f", r.affinity().mean(), r.affinity().std());
            o.printf(Locale.ROOT, row, r.index(), r.name(), r.kind(), r.pooledDim(), score);
        }
        double[] means = Arrays.stream(s.meanScores()).filter(Double::isFinite).toArray();
        if (means.length > 0) {
            SummaryStatistics st = SummaryStatistics.of(means);
            o.printf(Locale.ROOT, "%s: %d sites, affinity min %.4f / median %.4f / max %.4f%n", s.model().name(),
                    s.sites().size(), st.min(), st.median(), st.max());
        }
        if (s.accuracy() != null) {
            o.printf(Locale.ROOT, "accuracy on %d labelled samples: top-1 %.2f%%, top-5 %.2f%%%n",
                    s.accuracy().samples(), 100 * s.accuracy().top1(), 100 * s.accuracy().top5());
        }
    }
}
