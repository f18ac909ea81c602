package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nlsig.cli.demo.DemoAssets;
import org.nlsig.cli.demo.DemoRun;
import org.nlsig.io.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nlsig demo}: the paper's residual-vs-plain finding on bundled, really trained models. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes the signatures of two ResNet-20-style networks trained on Fashion-MNIST, one with "
                + "residual connections and its plain twin, on 2,048 bundled test images, and writes the results to "
                + "DIR. Nothing is downloaded."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "nlsig-demo", description = "output folder "
            + "(default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "2048", description = "images to use, up to 2048")
    int samples;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "samples per batch")
    int batchSize;

    @Option(names = "--threads", paramLabel = "T", description = "thread budget (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        InputChecks.threads("--threads", threads, 1);
        if (samples < batchSize || samples > 2048) {
            throw new UserInputException("--samples must be between --batch-size (" + batchSize + ") and 2048");
        }
        PrintWriter err = spec.commandLine().getErr();
        TerminalProgress progress = new TerminalProgress(err, System.console() != null);
        long start = System.nanoTime();
        List<DemoRun.ModelSummary> models = DemoRun.run(new DemoRun.Options(out, samples, batchSize, threads),
                progress);
        progress.finish();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%nnlsig demo: %d Fashion-MNIST test images, batches of %d (%.0f s)%n", samples,
                batchSize, (System.nanoTime() - start) / 1e9);
        o.printf(Locale.ROOT, "%-9s %-9s %6s  %-24s %6s  %s%n", "model", "", "top-1", "affinity min/median/max",
                "> 0.9", "block outputs vs other sites");
        for (DemoRun.ModelSummary m : models) {
            double[] s = m.sortedMeans();
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            String acc = m.signature().accuracy() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.1f%%", 100 * m.signature().accuracy().top1());
            o.printf(Locale.ROOT, "%-9s %-9s %6s  %.3f / %.3f / %.3f   %5.0f%%  %.3f vs %.3f%s%n", m.name(),
                    m.residual() ? "residual" : "plain", acc, s[0], median, s[s.length - 1], 100 * m.shareAbove09(),
                    m.blockOutputMean(), m.otherMean(), m.residual() ? " (ReLU after the residual addition)"
                            : " (same positions, no addition)");
        }
        o.println();
        o.println("Geodesic metrics of the data track (stem, then each block's output; flattened; per stage):");
        for (DemoRun.ModelSummary m : models) {
            StringBuilder lss = new StringBuilder();
            StringBuilder ots = new StringBuilder();
            for (var seg : m.geodesic().segments()) {
                lss.append(lss.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f",
                        seg.lssSummary().mean()));
                ots.append(ots.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f",
                        seg.ots().score()));
            }
            o.printf(Locale.ROOT, "%-9s LSS %s   OTS %s%n", m.name(), lss, ots);
        }
        o.println("(LSS = 1 is a straight path; OTS = share of samples the network maps where optimal transport "
                + "would: residual networks follow the geodesic, LSS near 1 and OTS near 1; plain ones do not)");
        o.println();
        o.println("What to look at: the activations that read a residual sum act more affinely (higher scores) than "
                + "the other activations, which pulls part of the residual network's scores into a second, higher "
                + "group (the paper's Figure 5D); the plain twin, at the same positions, shows no such gap. Open "
                + out.resolve("report.html") + " for the signatures over depth and the score distributions.");
        o.println("Results: " + out.toAbsolutePath() + " (report.html; per model: signature.json, signature.csv, "
                + "geodesic.json, geodesic.csv)");
        o.println();
        o.println("The same numbers with the general commands (the models need the fashion-mnist preset, the "
                + "normalisation they were trained with):");
        Path inputs = out.resolve("inputs");
        String data = DemoAssets.dataSpecIn(inputs);
        o.printf(Locale.ROOT, "  nlsig signature %s --data %s --preset fashion-mnist --batch-size %d --batches %d "
                + "--metrics cka,norm,r2,entropy,sparsity --out nlsig-signature-resnet20%n",
                inputs.resolve("resnet20.onnx"), data, batchSize, samples / batchSize);
        o.printf(Locale.ROOT, "  nlsig geodesic %s --data %s --preset fashion-mnist --flatten --segments --track '%s' "
                + "--samples %d --batch-size %d%n", inputs.resolve("resnet20.onnx"), data, DemoRun.BLOCK_OUTPUTS,
                Math.min(samples, 1024), batchSize);
        o.flush();
        return 0;
    }
}
