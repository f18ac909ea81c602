package org.nlsig.report.compare;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nlsig.math.analysis.SignatureSeries;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.Statistic;

/** The math-level view of a signature file: per-site means of the affinity score and of each metric. */
public final class SignatureViews {
    private SignatureViews() {
    }

    public static SignatureSeries series(Signature s) {
        return series(s, name(s));
    }

    /**
     * The model's name as reports show it: the name in the signature, or when that is missing or blank (a
     * hand-edited or foreign file) the model file's name without {@code .onnx}, else "model".
     */
    public static String name(Signature s) {
        if (s.model() == null) {
            return "model";
        }
        String n = s.model().name();
        if (n != null && !n.isBlank()) {
            return n;
        }
        String path = s.model().path();
        if (path != null && !path.isBlank()) {
            String file = path.replace('\\', '/');
            file = file.substring(file.lastIndexOf('/') + 1).replaceFirst("(?i)\\.onnx$", "");
            if (!file.isBlank()) {
                return file;
            }
        }
        return "model";
    }

    /** The view under another name (to tell apart two signatures of models with the same name). */
    public static SignatureSeries series(Signature s, String name) {
        List<SiteResult> sites = s.sites();
        double[] scores = new double[sites.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = sites.get(i).affinity().mean();
        }
        Set<String> metricNames = new LinkedHashSet<>();
        sites.forEach(site -> metricNames.addAll(site.metrics().keySet()));
        Map<String, double[]> metrics = new LinkedHashMap<>();
        for (String m : metricNames) {
            double[] v = new double[sites.size()];
            for (int i = 0; i < v.length; i++) {
                Statistic st = sites.get(i).metrics().get(m);
                v[i] = st == null ? Double.NaN : st.mean();
            }
            metrics.put(m, v);
        }
        return new SignatureSeries(name, scores, sites.stream().map(SiteResult::kind).toList(), metrics);
    }
}
