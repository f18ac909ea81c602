package org.nlsig.math.analysis;

import java.util.List;

/**
 * Per site, the spread of the scores over several runs of one model that differ in one setting (the paper's
 * Figure 8: VGG16 on CIFAR-10 with batch sizes 128 to 1024, and retrained from 9 seeds). The standard deviation is
 * the population one (ddof 0, NumPy's default), as everywhere in nlsig. A site that is NaN in some run is summarised
 * over the runs where it is finite; NaN everywhere when it is finite in none.
 *
 * @param runs   the number of runs
 * @param mean   per site, the mean over the runs
 * @param std    per site, the standard deviation over the runs
 * @param min    per site, the least score
 * @param max    per site, the greatest score
 */
public record SiteSpread(int runs, double[] mean, double[] std, double[] min, double[] max) {

    public SiteSpread {
        mean = mean.clone();
        std = std.clone();
        min = min.clone();
        max = max.clone();
    }

    /**
     * @param signatures each run's per-site scores, all of the same length
     * @throws IllegalArgumentException when there are no runs or their lengths differ
     */
    public static SiteSpread of(List<double[]> signatures) {
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one run");
        }
        int sites = signatures.get(0).length;
        for (double[] s : signatures) {
            if (s.length != sites) {
                throw new IllegalArgumentException("runs compared site by site need the same sites: got " + sites
                        + " and " + s.length + " sites");
            }
        }
        double[] mean = new double[sites];
        double[] std = new double[sites];
        double[] min = new double[sites];
        double[] max = new double[sites];
        double[] column = new double[signatures.size()];
        for (int i = 0; i < sites; i++) {
            for (int r = 0; r < column.length; r++) {
                column[r] = signatures.get(r)[i];
            }
            SummaryStatistics st = SummaryStatistics.of(column);
            mean[i] = st.mean();
            std[i] = st.std();
            min[i] = st.min();
            max[i] = st.max();
        }
        return new SiteSpread(signatures.size(), mean, std, min, max);
    }

    public int sites() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }

    /** The mean over sites of the per-site standard deviations: one number for how much the setting moves scores. */
    public double meanStd() {
        return SummaryStatistics.of(std).mean();
    }

    /** The largest per-site standard deviation. */
    public double maxStd() {
        return SummaryStatistics.of(std).max();
    }
}
