package org.nlsig.cli.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.preprocess.CropSize;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.preprocess.Resize;
import org.nlsig.data.source.DataOptions;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.ReportWriter;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.geodesic.GeodesicReport;
import org.nlsig.signature.geodesic.GeodesicOptions;
import org.nlsig.signature.geodesic.GeodesicOutputs;
import org.nlsig.signature.geodesic.GeodesicResult;
import org.nlsig.signature.geodesic.GeodesicRun;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.Signature;

/**
 * The demo: the signatures of a residual network and its plain twin on the bundled Fashion-MNIST slice, and what
 * they show (the paper's Figure 5D: residual connections make the score distribution bimodal, with the activations
 * that read a residual sum close to 1).
 */
public final class DemoRun {
    /** The stem's ReLU and every block's output ReLU: the same tensors in both networks. */
    public static final String BLOCK_OUTPUTS = "^/relu/Relu_output_0$|relu_1/Relu_output_0$";

    /** How the demo's geodesic runs are set up, and why; said on the report page and in the README. */
    static final String GEODESIC_SETTINGS = "The track is the stem's output and every block's output, named by a "
            + "regex because the plain twin has no residual additions for automatic track finding to follow; each "
            + "is flattened (the whole representation, as the second paper's residual stream), and scored per stage "
            + "(--segments), because the width changes between stages. At most 1,024 samples are measured (OTS "
            + "solves an m x m assignment); the figures draw the first " + GeodesicOptions.DEFAULT_PROJECTED
            + " tracks of each stage on that stage's first two principal components, start and end marked.";

    private DemoRun() {
    }

    /**
     * @param out       the output folder ({@code nlsig-demo})
     * @param samples   how many of the 2,048 bundled images to use
     * @param batchSize samples per batch
     * @param threads   thread budget
     */
    public record Options(Path out, int samples, int batchSize, int threads) {
        public static Options defaults(Path out) {
            return new Options(out, 2048, 256, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * What the demo found for one model.
     *
     * @param blockOutputSites the sites that read a residual sum in the residual network (by name, so the plain twin
     *                         is compared at the same positions)
     * @param blockOutputMean  mean score of those sites
     * @param otherMean        mean score of the other sites
     * @param shareAbove09     share of sites scoring above 0.9
     * @param geodesic         line-shape and optimal-transport scores of the block outputs, per stage
     */
    public record ModelSummary(String name, boolean residual, Signature signature, Set<String> blockOutputSites,
            double blockOutputMean, double otherMean, double shareAbove09, GeodesicResult geodesic) {

        public double[] sortedMeans() {
            double[] m = signature.meanScores().clone();
            Arrays.sort(m);
            return m;
        }
    }

    public static List<ModelSummary> run(Options o, ProgressListener progress) throws IOException {
        DemoAssets assets = DemoAssets.extract(o.out().resolve("inputs"));
        List<Signature> signatures = new ArrayList<>();
        List<GeodesicResult> geodesics = new ArrayList<>();
        for (DemoAssets.DemoModel m : assets.models()) {
            DataOptions data = DataOptions.defaults().withPreprocessing(Presets.resolve(null, Resize.NONE,
                    CropSize.NONE, null, new float[] {m.mean()}, new float[] {m.std()}));
            SignatureRequest req = SignatureRequest.defaults(m.file(), assets.dataSpec(), o.out().resolve(m.name()))
                    .withBatches(o.batchSize(), o.samples() / o.batchSize()).withThreads(o.threads())
                    .withMetrics(MetricName.parseList("cka,norm,r2,entropy,sparsity"))
                    .withDataOptions(data, BadFilePolicy.FAIL)
                    .withOverwrite(true); // the demo's own folder: a second demo replaces the first
            signatures.add(SignatureRun.run(req, progress));
            // The data track: the stem's output, then every block's output, flattened (the second paper's setting),
            // scored per stage because the width changes between stages.
            GeodesicResult g = GeodesicRun.compute(m.file(), assets.dataSpec(), GeodesicOptions.defaults()
                    .withTrack(BLOCK_OUTPUTS).withFlatten(true).withSegments(true)
                    .withSamples(Math.min(o.samples(), 1024)).withBatchSize(o.batchSize()).withData(data),
                    progress);
            GeodesicOutputs.write(o.out().resolve(m.name()), g);
            geodesics.add(g);
        }
        Set<String> blockOutputs = new TreeSet<>();
        for (int i = 0; i < signatures.size(); i++) {
            blockOutputs.addAll(ResidualSites.of(assets.models().get(i).file(), signatures.get(i)));
        }
        List<ModelSummary> summaries = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            summaries.add(summarise(assets.models().get(i), signatures.get(i), blockOutputs, geodesics.get(i)));
        }
        // One page comparing both: signatures over depth, score distributions (Figure 5C/5D), DTW, metric tables,
        // and what the demo itself computes: the block-output comparison and the geodesic metrics.
        Comparison comparison = Comparison.of(summaries.stream().map(ModelSummary::signature).toList(), List.of(),
                LinkageMethod.AVERAGE);
        ReportWriter.create().writeComparison(comparison, List.of(DemoReport.blockOutputs(summaries),
                GeodesicReport.section(summaries.stream().map(ModelSummary::name).toList(), geodesics,
                        GEODESIC_SETTINGS)), o.out());
        return summaries;
    }

    static ModelSummary summarise(DemoAssets.DemoModel m, Signature s, Set<String> blockOutputs,
            GeodesicResult geodesic) {
        double postSum = 0;
        double otherSum = 0;
        int post = 0;
        int above = 0;
        for (var site : s.sites()) {
            double v = site.affinity().mean();
            if (blockOutputs.contains(site.name())) {
                postSum += v;
                post++;
            } else {
                otherSum += v;
            }
            if (v > 0.9) {
                above++;
            }
        }
        int others = s.sites().size() - post;
        return new ModelSummary(m.name(), m.residual(), s, blockOutputs, post == 0 ? Double.NaN : postSum / post,
                others == 0 ? Double.NaN : otherSum / others, (double) above / s.sites().size(), geodesic);
    }
}
