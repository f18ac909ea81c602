package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 4: within each family, how well a straight line through (statistic, accuracy) explains accuracy, as R^2, for
 * each signature statistic and for the usual architecture characteristics (depth, parameters, multiply-accumulates).
 */
public final class AccuracyFits {
    /** The architecture characteristics the signature statistics are compared against. */
    public static final List<String> ARCHITECTURE_PREDICTORS = List.of("depth", "parameters", "macs");

    private AccuracyFits() {
    }

    /** One predictor's fit within a family. */
    public record PredictorFit(String predictor, boolean fromSignature, Correlation.LinearFit fit) {
    }

    /**
     * A family's fits, in the order of {@link SummaryStatistics#NAMES} then {@link #ARCHITECTURE_PREDICTORS}.
     *
     * @param bestSignature     the signature statistic with the highest R^2 (null if none could be fitted)
     * @param bestArchitecture  the architecture characteristic with the highest R^2 (null if none)
     */
    public record FamilyFit(String family, List<String> models, List<PredictorFit> fits, String bestSignature,
            String bestArchitecture) {

        public FamilyFit {
            models = List.copyOf(models);
            fits = List.copyOf(fits);
        }

        /** The predictor with the highest R^2 overall (null if none could be fitted). */
        public String best() {
            return bestOf(fits, null);
        }

        public double r2(String predictor) {
            return fits.stream().filter(f -> f.predictor().equals(predictor)).findFirst()
                    .map(f -> f.fit().r2()).orElse(Double.NaN);
        }
    }

    /**
     * Fits every family with at least {@code minModels} models having an accuracy (at least 2 are needed for a
     * line; with 2 every non-constant predictor gives R^2 = 1, so 3 is the useful minimum). Models without a family
     * are left out of the families; when {@code includeAll} is true a group named {@code all} over every model
     * with an accuracy is added.
     */
    public static List<FamilyFit> byFamily(List<ComparedModel> models, int minModels, boolean includeAll) {
        Map<String, List<ComparedModel>> families = new LinkedHashMap<>();
        for (ComparedModel m : models) {
            if (m.family() != null && Double.isFinite(m.accuracy())) {
                families.computeIfAbsent(m.family(), f -> new ArrayList<>()).add(m);
            }
        }
        if (includeAll) {
            List<ComparedModel> all = models.stream().filter(m -> Double.isFinite(m.accuracy())).toList();
            families.put("all", all);
        }
        List<FamilyFit> out = new ArrayList<>();
        for (Map.Entry<String, List<ComparedModel>> e : families.entrySet()) {
            if (e.getValue().size() >= Math.max(2, minModels)) {
                out.add(fit(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** The fits of one group of models (each with an accuracy). */
    public static FamilyFit fit(String family, List<ComparedModel> models) {
        double[] accuracy = models.stream().mapToDouble(ComparedModel::accuracy).toArray();
        List<SummaryStatistics> stats = models.stream().map(ComparedModel::summary).toList();
        List<PredictorFit> fits = new ArrayList<>();
        for (String s : SummaryStatistics.NAMES) {
            double[] x = stats.stream().mapToDouble(st -> st.get(s)).toArray();
            fits.add(new PredictorFit(s, true, Correlation.linearFit(x, accuracy)));
        }
        fits.add(new PredictorFit("depth", false,
                Correlation.linearFit(models.stream().mapToDouble(ComparedModel::depth).toArray(), accuracy)));
        fits.add(new PredictorFit("parameters", false,
                Correlation.linearFit(models.stream().mapToDouble(ComparedModel::parameters).toArray(), accuracy)));
        fits.add(new PredictorFit("macs", false,
                Correlation.linearFit(models.stream().mapToDouble(ComparedModel::macs).toArray(), accuracy)));
        return new FamilyFit(family, models.stream().map(ComparedModel::name).toList(), fits,
                bestOf(fits, Boolean.TRUE), bestOf(fits, Boolean.FALSE));
    }

    private static String bestOf(List<PredictorFit> fits, Boolean fromSignature) {
        String best = null;
        double bestR2 = Double.NEGATIVE_INFINITY;
        for (PredictorFit f : fits) {
            if ((fromSignature == null || f.fromSignature() == fromSignature) && f.fit().points() >= 2
                    && Double.isFinite(f.fit().r2()) && f.fit().r2() > bestR2) {
                best = f.predictor();
                bestR2 = f.fit().r2();
            }
        }
        return best;
    }
}
