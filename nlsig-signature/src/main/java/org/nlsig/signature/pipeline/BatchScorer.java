package org.nlsig.signature.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.nlsig.math.NonFiniteValueException;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityResult;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.metrics.LinearCka;
import org.nlsig.math.metrics.LinearFitR2;
import org.nlsig.math.metrics.NormDifference;
import org.nlsig.math.metrics.RowEntropy;
import org.nlsig.onnx.runtime.BatchCapture;
import org.nlsig.onnx.runtime.ModelOutput;
import org.nlsig.onnx.runtime.SiteActivations;
import org.nlsig.onnx.runtime.SparsityCounts;
import org.nlsig.signature.journal.BatchRecord;
import org.nlsig.signature.result.BatchScoring;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.MetricName;

/**
 * Scores one captured batch: for every site the affinity score and the asked-for metrics, sites in parallel on the
 * given pool; plus top-1/top-5 counts. Each site's computation is sequential and deterministic, so the result does
 * not depend on how many threads the pool has.
 */
final class BatchScorer {
    private final AffinityScorer scorer;
    private final List<MetricName> metrics;
    private final boolean strict;
    private final ExecutorService pool;

    BatchScorer(AffinityScorer scorer, List<MetricName> metrics, boolean strict, ExecutorService pool) {
        this.scorer = scorer;
        this.metrics = List.copyOf(metrics);
        this.strict = strict;
        this.pool = pool;
    }

    AffinityScorer affinity() {
        return scorer;
    }

    /** One site's values for one batch; null entries could not be computed. */
    private record SiteValues(Double affinity, BatchScoring scoring, Map<MetricName, Double> metrics,
            String warning) {
    }

    BatchRecord score(int batchIndex, BatchCapture capture, long[] labels, List<DataInfo.SkippedFile> skipped,
            String inputSha256) {
        List<Future<SiteValues>> futures = new ArrayList<>();
        for (SiteActivations s : capture.sites()) {
            futures.add(pool.submit(() -> scoreSite(batchIndex, s)));
        }
        List<Double> affinity = new ArrayList<>();
        Map<MetricName, List<Double>> metricValues = new LinkedHashMap<>();
        for (MetricName m : metrics) {
            metricValues.put(m, new ArrayList<>());
        }
        List<Integer> dims = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<BatchScoring> scoring = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            SiteValues v = join(futures.get(i));
            affinity.add(v.affinity());
            scoring.add(v.scoring());
            for (MetricName m : metrics) {
                metricValues.get(m).add(v.metrics().get(m));
            }
            dims.add(capture.sites().get(i).x().cols());
            if (v.warning() != null) {
                warnings.add(v.warning());
            }
        }
        long[] acc = accuracy(capture.output(), labels);
        if (acc[3] > 0) {
            warnings.add("batch " + batchIndex + ": the model's class scores are NaN or infinite for " + acc[3]
                    + " of " + labels.length + " labelled samples; they are left out of the accuracy");
        }
        return new BatchRecord(batchIndex, capture.samples(), affinity, metricValues, dims, acc[0], acc[1], acc[2],
                skipped, warnings, scoring, inputSha256);
    }

    private SiteValues scoreSite(int batchIndex, SiteActivations s) {
        SampleMatrix x = SampleMatrix.ofFloats(s.x().values(), s.x().rows(), s.x().cols());
        SampleMatrix y = SampleMatrix.ofFloats(s.y().values(), s.y().rows(), s.y().cols());
        Map<MetricName, Double> values = new LinkedHashMap<>();
        try {
            AffinityResult r = scorer.score(x, y);
            for (MetricName m : metrics) {
                values.put(m, metric(m, x, y, s));
            }
            return new SiteValues(r.rho(), BatchScoring.of(r), values, null);
        } catch (NonFiniteValueException e) {
            String where = "site " + s.site().index() + " (" + s.site().name() + "), batch " + batchIndex
                    + ": non-finite activation " + (e.matrix().equals(AffinityScorer.INPUT) ? "input" : "output")
                    + " for sample " + e.row() + " of the batch, pooled feature " + e.column();
            if (strict) {
                throw new NonFiniteActivationException(where + " (stopped by --strict)");
            }
            return new SiteValues(null, null, values, where + "; the batch is left out of this site's scores");
        }
    }

    private static Double metric(MetricName m, SampleMatrix x, SampleMatrix y, SiteActivations s) {
        double v = switch (m) {
            case CKA -> LinearCka.of(x, y);
            case NORM -> NormDifference.of(x, y);
            case R2 -> LinearFitR2.of(x, y);
            case ENTROPY -> RowEntropy.of(y) - RowEntropy.of(x);
            case SPARSITY -> s.sparsity().map(BatchScorer::sparsityChange).orElse(Double.NaN);
            case AFFINITY -> throw new IllegalArgumentException("affinity is not a comparison metric");
        };
        return Double.isFinite(v) ? v : null;
    }

    /** Whole-batch fraction of near-zero entries after the activation minus before, as the official code. */
    private static double sparsityChange(SparsityCounts c) {
        long before = 0;
        long after = 0;
        for (long v : c.nearZeroBefore()) {
            before += v;
        }
        for (long v : c.nearZeroAfter()) {
            after += v;
        }
        int n = c.nearZeroBefore().length;
        return (double) after / ((double) c.elementsAfter() * n) - (double) before / ((double) c.elementsBefore() * n);
    }

    /**
     * {top1 hits, top5 hits, counted samples, samples with non-finite class scores}; zeros when there are no labels or
     * the output is not class scores. A sample whose scores hold a NaN or an infinity is not counted: every
     * comparison with NaN is false, so it would otherwise count as a top-1 hit.
     */
    static long[] accuracy(ModelOutput output, long[] labels) {
        if (labels == null || output == null) {
            return new long[4];
        }
        long[] shape = output.shape();
        if (shape.length != 2 || shape[0] != labels.length || shape[1] < 2) {
            return new long[4];
        }
        long nonFinite = 0;
        int classes = (int) shape[1];
        float[] v = output.values();
        long top1 = 0;
        long top5 = 0;
        long counted = 0;
        for (int i = 0; i < labels.length; i++) {
            long label = labels[i];
            if (label < 0 || label >= classes) {
                continue;
            }
            if (!finiteRow(v, i * classes, classes)) {
                nonFinite++;
                continue;
            }
            float mine = v[i * classes + (int) label];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                float o = v[i * classes + c];
                // ties broken by class index, as argmax/topk take the first maximum
                if (o > mine || (o == mine && c < label)) {
                    higher++;
                }
            }
            counted++;
            if (higher == 0) {
                top1++;
            }
            if (higher < 5) {
                top5++;
            }
        }
        return new long[] {top1, top5, counted, nonFinite};
    }

    private static boolean finiteRow(float[] v, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (!Float.isFinite(v[k])) {
                return false;
            }
        }
        return true;
    }

    private static SiteValues join(Future<SiteValues> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err; // an OutOfMemoryError must reach the command line as itself, for its hint
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
