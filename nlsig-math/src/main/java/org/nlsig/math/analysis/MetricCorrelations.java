package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables 1 and 2: for each model, the Pearson correlation over its sites between the affinity scores and each
 * comparison metric; and the mean and standard deviation of those correlations over a group of models.
 */
public final class MetricCorrelations {
    private MetricCorrelations() {
    }

    /** A mean and population standard deviation over {@code count} finite values (NaN when count is 0). */
    public record MeanStd(double mean, double std, int count) {
        public static MeanStd of(List<Double> values) {
            double[] v = values.stream().filter(x -> x != null && Double.isFinite(x)).mapToDouble(x -> x).toArray();
            if (v.length == 0) {
                return new MeanStd(Double.NaN, Double.NaN, 0);
            }
            double s = 0;
            for (double x : v) {
                s += x;
            }
            double m = s / v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - m) * (x - m);
            }
            return new MeanStd(m, Math.sqrt(ss / v.length), v.length);
        }
    }

    /** Table 2's row of one model: metric name to Pearson r (NaN where undefined), in the signature's order. */
    public static Map<String, Double> ofModel(SignatureSeries s) {
        Map<String, Double> r = new LinkedHashMap<>();
        double[] scores = s.scores();
        for (Map.Entry<String, double[]> e : s.metrics().entrySet()) {
            r.put(e.getKey(), Correlation.pearson(scores, e.getValue()));
        }
        return r;
    }

    /** Table 1's cell values: per metric, mean ± std of the models' correlations (models lacking it are left out). */
    public static Map<String, MeanStd> summarise(List<Map<String, Double>> perModel) {
        Set<String> names = new LinkedHashSet<>();
        perModel.forEach(m -> names.addAll(m.keySet()));
        Map<String, MeanStd> out = new LinkedHashMap<>();
        for (String name : names) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Double> m : perModel) {
                if (m.containsKey(name)) {
                    values.add(m.get(name));
                }
            }
            out.put(name, MeanStd.of(values));
        }
        return out;
    }
}
