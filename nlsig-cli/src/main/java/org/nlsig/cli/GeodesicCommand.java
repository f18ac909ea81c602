package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.UserInputException;
import org.nlsig.math.NonFiniteValueException;
import org.nlsig.math.geodesic.DegenerateTrackException;
import org.nlsig.math.geodesic.Distribution;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.CaptureOptions;
import org.nlsig.onnx.runtime.Device;
import org.nlsig.report.figure.FigureRenderer;
import org.nlsig.report.geodesic.GeodesicFigures;
import org.nlsig.signature.geodesic.GeodesicOptions;
import org.nlsig.signature.geodesic.GeodesicOutputs;
import org.nlsig.signature.geodesic.GeodesicResult;
import org.nlsig.signature.geodesic.GeodesicRun;
import org.nlsig.signature.pipeline.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nlsig geodesic MODEL.onnx --data SPEC}: how close the network's data tracks are to a geodesic (line-shape
 * score per sample, optimal-transport score over the samples), written to geodesic.json, geodesic.csv and a PNG of
 * the tracks' PCA projection.
 */
@Command(name = "geodesic", mixinStandardHelpOptions = true,
        description = {"Geodesic metrics of a network's data tracks (docs/method.md section 7; docs/geodesic.md): the "
                + "line-shape score (LSS, 1 = straight) of every sample's track and the optimal-transport score "
                + "(OTS, share of samples the network maps where optimal transport would) over the samples.",
            "Writes DIR/geodesic.json (schema nlsig.geodesic/1), DIR/geodesic.csv (per-sample LSS) and "
                + "DIR/geodesic.png (the first tracks in the plane of their two principal components)."},
        footer = {"", "Track: 'auto' follows the residual stream (outputs of Add nodes whose two inputs have the "
                + "output's shape, after the first one's skip input). Otherwise comma-separated tensor names, or a "
                + "regular expression searched in tensor names, e.g. --track 'relu_1/Relu_output_0$'.",
            "A track whose shape changes (ResNet stages) needs --segments: each run of equal shape is scored."})
public final class GeodesicCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "data spec (nlsig help data)")
    String data;
    @CommandLine.Mixin
    ModelInputOptions modelInputs;

    @CommandLine.Mixin
    DataCommand.DataArgs dataArgs;
    @Option(names = "--track", paramLabel = "auto|NAME,...|REGEX", defaultValue = "auto",
            description = "the track's tensors (default ${DEFAULT-VALUE})")
    String track;
    @Option(names = "--samples", paramLabel = "m",
            description = "the first m samples (default: all, at most " + GeodesicOptions.DEFAULT_SAMPLES + ")")
    int samples;
    @Option(names = "--flatten", description = "keep every value of the track tensors instead of pooling them")
    boolean flatten;
    @Option(names = "--pooling", paramLabel = "MODE", defaultValue = "channels", converter = OptionTypes.Pooling.class,
            description = "channels (spatial mean, default) or reference")
    PoolingMode pooling;
    @Option(names = "--segments", description = "also score every run of consecutive tensors of equal shape")
    boolean segments;
    @Option(names = "--batch-size", paramLabel = "B", description = "samples per model run (default ${DEFAULT-VALUE})")
    int batchSize = GeodesicOptions.DEFAULT_BATCH;
    @Option(names = "--plot-tracks", paramLabel = "K", description = "tracks drawn in the figure (default ${DEFAULT-VALUE})")
    int plotTracks = GeodesicOptions.DEFAULT_PROJECTED;
    @Option(names = "--threads", paramLabel = "T", description = "ONNX Runtime threads (default: all cores)")
    int threads;
    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", converter = OptionTypes.DeviceName.class,
            description = "cpu or cuda[:N]")
    Device device;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "output folder (default: .)")
    Path out;

    @Override
    public Integer call() throws IOException {
        InputChecks.threads("--threads", threads, 0);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        GeodesicOptions options = new GeodesicOptions(track, samples, pooling, flatten, segments,
                batchSize, plotTracks, dataArgs.options(), CaptureOptions.defaults().withDevice(device)
                .withThreads(threads).withNotices(stderr::println).withLogging(modelInputs.logging()),
                modelInputs.assignments());
        GeodesicResult r;
        try {
            r = GeodesicRun.compute(model, data, options, new ProgressListener() {
                @Override
                public void notice(String line) {
                    stderr.println(line);
                    stderr.flush();
                }
            });
        } catch (NonFiniteValueException | DegenerateTrackException e) {
            // nlsig-math's input errors on the captured track: the model on this data, not a bug.
            throw new UserInputException(model + " on " + data + ": " + e.getMessage(), e);
        }
        Path json = out.resolve(GeodesicOutputs.JSON);
        Path csv = out.resolve(GeodesicOutputs.CSV);
        Path png = out.resolve("geodesic.png");
        GeodesicOutputs.write(out, r);
        writeFigure(png, r);
        printSummary(stdout, r);
        stdout.println("wrote    " + json + ", " + csv + ", " + png);
        stdout.flush();
        return 0;
    }

    static void printSummary(PrintWriter o, GeodesicResult r) {
        o.printf(Locale.ROOT, "model    %s (sha256 %s)%n", r.model().path(), r.model().sha256());
        o.printf(Locale.ROOT, "data     %s: %d samples%n", r.data().description(), r.samples());
        o.printf(Locale.ROOT, "track    %s, %d tensors (%s%s)%n", r.track().source(), r.track().tensors().size(),
                r.config().flatten() ? "flattened" : r.config().pooling() + " pooling",
                r.config().segments() ? ", segments" : "");
        for (int l = 0; l < r.track().tensors().size(); l++) {
            GeodesicResult.TensorRef t = r.track().tensors().get(l);
            o.printf(Locale.ROOT, "  %3d  %-48s %-18s width %d%n", l, t.name(), shapeText(t.shape()), t.width());
        }
        if (r.whole() != null) {
            o.println("whole track");
            printScores(o, r.whole());
        }
        if (r.config().segments()) {
            for (GeodesicResult.Scores s : r.segments()) {
                o.printf(Locale.ROOT, "segment  positions %d..%d (%s .. %s)%n", s.from(), s.to(), s.tensors().get(0),
                        s.tensors().get(s.tensors().size() - 1));
                printScores(o, s);
            }
        }
    }

    private static void printScores(PrintWriter o, GeodesicResult.Scores s) {
        Distribution d = s.lssSummary();
        o.printf(Locale.ROOT, "  LSS    %.4f ± %.4f  (median %.4f, 5%%..95%% %.4f..%.4f, min %.4f, max %.4f%s)%n",
                d.mean(), d.std(), d.median(), d.p05(), d.p95(), d.min(), d.max(),
                d.infinite() > 0 ? ", " + d.infinite() + " infinite" : "");
        o.printf(Locale.ROOT, "  OTS    %.4f  (%d of %d samples paired with their own output by optimal transport)%n",
                s.ots().score(), s.ots().matched(), s.ots().samples());
    }

    private static String shapeText(List<Long> dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(dims.get(i) < 0 ? "?" : dims.get(i).toString());
        }
        return sb.append(']').toString();
    }

    /** One panel per projection, drawn by nlsig-report (the one place a charting library is used). */
    static void writeFigure(Path file, GeodesicResult r) throws IOException {
        byte[] png = FigureRenderer.xchart().png(GeodesicFigures.tracks(r));
        AtomicFile.write(file, o -> o.write(png));
    }
}
