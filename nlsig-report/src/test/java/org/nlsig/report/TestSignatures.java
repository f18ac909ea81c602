package org.nlsig.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nlsig.signature.result.Accuracy;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Provenance;
import org.nlsig.signature.result.RunConfig;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.Statistic;

/** Signatures for tests, built as the signature pipeline builds them. */
public final class TestSignatures {
    private TestSignatures() {
    }

    /**
     * A signature whose per-site means are {@code means}, with 4 batches spread around each mean, alternating
     * activation kinds, and the five comparison metrics (cka rising with the score, norm falling).
     */
    public static Signature of(String name, long parameters, Double top1, double... means) {
        Random r = new Random(name.hashCode());
        List<SiteResult> sites = new ArrayList<>();
        String[] kinds = {"relu", "relu", "gelu", "silu"};
        for (int i = 0; i < means.length; i++) {
            List<Double> batches = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                batches.add(Math.min(1, Math.max(0, means[i] + 0.08 * (r.nextDouble() - 0.5))));
            }
            Map<String, Statistic> metrics = new LinkedHashMap<>();
            metrics.put("cka", Statistic.of(List.of(0.5 * means[i] + 0.1 * r.nextDouble())));
            metrics.put("norm", Statistic.of(List.of(10 - 5 * means[i] + r.nextDouble())));
            metrics.put("r2", Statistic.of(Arrays.asList(r.nextDouble(), null)));
            metrics.put("entropy", Statistic.of(List.of(r.nextGaussian())));
            metrics.put("sparsity", Statistic.of(List.of(r.nextDouble() * 0.5)));
            sites.add(new SiteResult(i, "block" + i + ".act", kinds[i % kinds.length], "Relu", "in" + i, "out" + i,
                    List.of(64L, 16L, 8L, 8L), 1, 16, Statistic.of(batches), metrics, null));
        }
        return new Signature(new ModelInfo("/models/" + name + ".onnx", name, "ab".repeat(32), null, parameters,
                parameters * 20, 3 * means.length, 13),
                new DataInfo("random:3x8x8", "random Gaussian", 256, 4, List.of()),
                new RunConfig(64, -1, "channels", "ledoit-wolf", List.of("affinity", "cka", "norm", "r2", "entropy",
                        "sparsity"), null, 2, "cpu", false),
                new Provenance("0.1.0", "1.24.2", "17", "Linux amd64", "cpu", "2026-11-23T00:00:00Z",
                        "2026-11-23T00:01:00Z", 0),
                top1 == null ? null : new Accuracy(top1, 0.99, 256), sites);
    }

    /** A deterministic pseudo-random signature of the given depth, centred on {@code level}. */
    public static Signature random(String name, int depth, double level, long parameters, Double top1) {
        Random r = new Random(name.hashCode() * 31L + depth);
        double[] m = new double[depth];
        for (int i = 0; i < depth; i++) {
            // residual-like alternation: every other site near-linear
            m[i] = i % 2 == 1 ? 0.95 + 0.04 * r.nextDouble() : Math.min(1, Math.max(0, level + 0.15 * r.nextGaussian()));
        }
        return of(name, parameters, top1, m);
    }

    /**
     * A signature whose per-site means are exactly {@code means} (one batch per site), kind relu, no metrics: for
     * analyses checked against hand-computed values.
     */
    public static Signature exact(String name, double... means) {
        List<SiteResult> sites = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            sites.add(new SiteResult(i, "layer" + i + ".relu", "relu", "Relu", "in" + i, "out" + i,
                    List.of(64L, 16L), 1, 16, Statistic.of(List.of(means[i])), Map.of(), null));
        }
        Signature base = of(name, 1000, null, means);
        return new Signature(base.model(), base.data(), base.config(), base.provenance(), null, sites);
    }
}
