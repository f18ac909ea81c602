package org.nlsig.math.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    /** Rounded distances between 7 random points of the plane; scipy 1.10.1 linkages of it below. */
    static final double[][] D = {
        {0.0, 2.566179, 3.41962, 4.678748, 6.557766, 2.854482, 2.992615},
        {2.566179, 0.0, 0.93927, 2.461106, 4.096947, 0.288563, 0.706538},
        {3.41962, 0.93927, 0.0, 1.567422, 3.562566, 0.692137, 0.483813},
        {4.678748, 2.461106, 1.567422, 0.0, 3.737786, 2.249014, 1.792559},
        {6.557766, 4.096947, 3.562566, 3.737786, 0.0, 3.834128, 4.033536},
        {2.854482, 0.288563, 0.692137, 2.249014, 3.834128, 0.0, 0.597169},
        {2.992615, 0.706538, 0.483813, 1.792559, 4.033536, 0.597169, 0.0}};

    @Test
    void linkagesMatchScipy() {
        assertLinkage(LinkageMethod.SINGLE, new double[][] {{1, 5, 0.288563, 2}, {2, 6, 0.483813, 2},
            {7, 8, 0.597169, 4}, {3, 9, 1.567422, 5}, {0, 10, 2.566179, 6}, {4, 11, 3.562566, 7}},
                new int[] {4, 0, 3, 1, 5, 2, 6});
        assertLinkage(LinkageMethod.COMPLETE, new double[][] {{1, 5, 0.288563, 2}, {2, 6, 0.483813, 2},
            {7, 8, 0.93927, 4}, {3, 9, 2.461106, 5}, {4, 10, 4.096947, 6}, {0, 11, 6.557766, 7}},
                new int[] {0, 4, 3, 1, 5, 2, 6});
        assertLinkage(LinkageMethod.AVERAGE, new double[][] {{1, 5, 0.288563, 2}, {2, 6, 0.483813, 2},
            {7, 8, 0.7337785, 4}, {3, 9, 2.0175252500000003, 5}, {0, 10, 3.3023288, 6},
            {4, 11, 4.303788166666667, 7}}, new int[] {4, 0, 3, 1, 5, 2, 6});
        assertLinkage(LinkageMethod.WARD, new double[][] {{1, 5, 0.288563, 2}, {2, 6, 0.483813, 2},
            {7, 8, 0.9746139994213093, 4}, {3, 9, 2.541777187252573, 5}, {0, 10, 4.219385690191255, 6},
            {4, 11, 5.468261907965686, 7}}, new int[] {4, 0, 3, 1, 5, 2, 6});
    }

    private static void assertLinkage(LinkageMethod m, double[][] expected, int[] leaves) {
        Linkage l = HierarchicalClustering.cluster(D, m);
        double[][] z = l.toMatrix();
        assertEquals(expected.length, z.length);
        for (int i = 0; i < z.length; i++) {
            assertArrayEquals(expected[i], z[i], 1e-12, m + " row " + i);
        }
        assertArrayEquals(leaves, l.leafOrder(), m + " leaves");
        List<Linkage.Link> links = l.layout();
        assertEquals(6, links.size());
        assertEquals(expected[5][2], links.get(5).height(), 1e-12);
    }

    @Test
    void clusteringRejectsBadMatrices() {
        assertThrows(IllegalArgumentException.class,
                () -> HierarchicalClustering.cluster(new double[][] {{0, 1}, {2, 0}}, LinkageMethod.AVERAGE));
        assertThrows(IllegalArgumentException.class,
                () -> HierarchicalClustering.cluster(new double[][] {{0, Double.NaN}, {Double.NaN, 0}},
                        LinkageMethod.AVERAGE));
        assertEquals(LinkageMethod.WARD, LinkageMethod.named("Ward"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkageMethod.named("x"));
        assertTrue(e.getMessage().contains("average"));
        Linkage one = HierarchicalClustering.cluster(new double[][] {{0}}, LinkageMethod.AVERAGE);
        assertArrayEquals(new int[] {0}, one.leafOrder());
    }

    @Test
    void dtwFollowsTslearn() {
        // the examples of tslearn.metrics.dtw's documentation
        assertEquals(0.0, DynamicTimeWarping.distance(new double[] {1, 2, 3}, new double[] {1, 2, 2, 3}), 0);
        assertEquals(1.0, DynamicTimeWarping.distance(new double[] {1, 2, 3}, new double[] {1, 2, 2, 3, 4}), 1e-15);
        // 1-2, 2-2, 2-2, 3-2: cost 2, the square root of the cumulative squared differences
        assertEquals(Math.sqrt(2), DynamicTimeWarping.distance(new double[] {1, 2, 3}, new double[] {2, 2, 2, 2}),
                1e-15);
        double[][] m = DynamicTimeWarping.pairwise(List.of(SignatureSeries.of("a", 1, 2, 3),
                SignatureSeries.of("b", 1, 2, 2, 3, 4), SignatureSeries.of("c", 0.5, Double.NaN)));
        assertEquals(1.0, m[0][1], 1e-15);
        assertEquals(m[1][0], m[0][1]);
        // NaN sites are dropped: c is the sequence (0.5)
        assertEquals(Math.sqrt(0.25 + 2.25 + 6.25), m[0][2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DynamicTimeWarping.distance(new double[0], new double[1]));
    }

    @Test
    void summaryUsesLinearQuantilesAndPopulationStd() {
        SummaryStatistics s = SummaryStatistics.of(new double[] {4, 1, 3, 2, Double.NaN});
        assertEquals(4, s.count());
        assertEquals(1, s.min());
        assertEquals(1.75, s.q1(), 1e-15); // numpy.quantile([1,2,3,4], 0.25)
        assertEquals(2.5, s.median(), 1e-15);
        assertEquals(3.25, s.q3(), 1e-15);
        assertEquals(Math.sqrt(1.25), s.std(), 1e-15);
        assertEquals(3, s.get("spread"));
        assertTrue(Double.isNaN(SummaryStatistics.of(new double[0]).median()));
        assertThrows(IllegalArgumentException.class, () -> s.get("nope"));
    }

    @Test
    void pearsonAndLinearFitMatchScipy() {
        double[] x = {1, 2, 3, 4, 5.5};
        double[] y = {2.1, 3.9, 6.2, 7.8, 11.0};
        assertEquals(0.9990286377578895, Correlation.pearson(x, y), 1e-13);
        Correlation.LinearFit f = Correlation.linearFit(x, y);
        assertEquals(0.9980582190603845, f.r2(), 1e-13);
        assertEquals(1.9754098360655739, f.slope(), 1e-13);
        assertEquals(0.07622950819672081, f.intercept(), 1e-13);
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertEquals(-1, Correlation.pearson(new double[] {1, 2, Double.NaN, 3}, new double[] {3, 2, 7, 1}), 1e-15);
    }

    @Test
    void histogramCountsTheUpperEdgeInTheLastBin() {
        Histogram h = Histogram.of(new double[] {0, 0.1, 0.5, 0.99, 1.0, 1.5, Double.NaN}, 4, 0, 1);
        assertArrayEquals(new long[] {2, 0, 1, 2}, h.counts());
        assertEquals(5, h.total());
        assertEquals(0.125, h.center(0), 1e-15);
        double area = 0;
        for (double d : h.density()) {
            area += d * 0.25;
        }
        assertEquals(1, area, 1e-12);
    }

    @Test
    void accuracyFitsMarkTheBestPredictorPerFamily() {
        // accuracy grows exactly with the median score in family "a"; parameters are noise
        List<ComparedModel> models = List.of(
                new ComparedModel(SignatureSeries.of("a1", 0.1, 0.5, 0.9), "a", 2015, 70, 5, 1),
                new ComparedModel(SignatureSeries.of("a2", 0.1, 0.6, 0.9), "a", 2016, 75, 1, 9),
                new ComparedModel(SignatureSeries.of("a3", 0.1, 0.8, 0.9, 0.95), "a", 2017, 80, 3, 2),
                new ComparedModel(SignatureSeries.of("b1", 0.5), "b", 2018, 60, 1, 1),
                new ComparedModel(SignatureSeries.of("x", 0.5), null, null, Double.NaN, 1, 1));
        List<AccuracyFits.FamilyFit> fits = AccuracyFits.byFamily(models, 3, false);
        assertEquals(1, fits.size(), "family b has one model, x has none");
        AccuracyFits.FamilyFit a = fits.get(0);
        assertEquals(List.of("a1", "a2", "a3"), a.models());
        // medians 0.5, 0.6, 0.85 against 70, 75, 80 are not collinear; mean and q1/q3 compete. The best is the max R^2.
        double bestR2 = a.fits().stream().filter(AccuracyFits.PredictorFit::fromSignature)
                .mapToDouble(p -> p.fit().r2()).max().orElseThrow();
        assertEquals(bestR2, a.r2(a.bestSignature()), 0);
        assertTrue(a.r2("parameters") < 0.5, "noise predictor");
        assertEquals(a.bestSignature(), a.best());
        assertTrue(List.of("depth", "parameters", "macs").contains(a.bestArchitecture()));
        assertEquals(2, AccuracyFits.byFamily(models, 3, true).size(), "plus the group 'all'");
    }

    @Test
    void metricCorrelationsPerModelAndSummary() {
        SignatureSeries s1 = new SignatureSeries("m1", new double[] {0.1, 0.5, 0.9}, List.of("relu", "relu", "gelu"),
                Map.of("cka", new double[] {0.2, 0.6, 1.0}));
        SignatureSeries s2 = new SignatureSeries("m2", new double[] {0.1, 0.5, 0.9}, List.of("relu", "relu", "gelu"),
                Map.of("cka", new double[] {1.0, 0.6, 0.2}));
        Map<String, Double> r1 = MetricCorrelations.ofModel(s1);
        assertEquals(1, r1.get("cka"), 1e-12);
        Map<String, MetricCorrelations.MeanStd> t = MetricCorrelations.summarise(
                List.of(r1, MetricCorrelations.ofModel(s2)));
        assertEquals(0, t.get("cka").mean(), 1e-12);
        assertEquals(1, t.get("cka").std(), 1e-12);
        assertEquals(2, t.get("cka").count());
        assertThrows(IllegalArgumentException.class, () -> new SignatureSeries("bad", new double[] {1},
                List.of("relu"), Map.of("cka", new double[] {1, 2})));
    }
}
