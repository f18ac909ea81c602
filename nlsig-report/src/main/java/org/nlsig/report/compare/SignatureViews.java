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
        return series(s, s.model().name());
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
