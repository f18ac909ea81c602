package org.nlsig.math.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analyses over many runs (Figures 8, 9, 15, 16, 17 and Table 3) on inputs small enough to compute by hand. */
class StudyAnalysesTest {

    @Test
    void euclideanDeviationIsHandComputedAndZeroForIdenticalSignatures() {
        // differences 0.3, 0.4, 0: a 3-4-5 triangle scaled by 0.1
        assertEquals(0.5, DatasetDeviation.euclidean(new double[] {0.1, 0.5, 0.9}, new double[] {0.4, 0.1, 0.9}),
                1e-15);
        assertEquals(0.0, DatasetDeviation.euclidean(new double[] {0.3, 0.7}, new double[] {0.3, 0.7}));
        // a site that failed (NaN) in either run is left out of the sum
        assertEquals(0.5, DatasetDeviation.euclidean(new double[] {0.1, Double.NaN, 0.5},
                new double[] {0.4, 0.2, 0.9}), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetDeviation.euclidean(new double[] {0.1}, new double[] {0.1, 0.2}));
        assertTrue(e.getMessage().contains("equal length, got 1 and 2 sites"), e.getMessage());
    }

    @Test
    void deviationsFromTheReferenceInTheGivenOrderWithTheirDtw() {
        Map<String, double[]> byDataset = new LinkedHashMap<>();
        byDataset.put("cifar10", new double[] {0.4, 0.1, 0.9});
        byDataset.put("imagenet", new double[] {0.1, 0.5, 0.9});
        byDataset.put("random", new double[] {0.1, 0.5, 0.9});
        List<DatasetDeviation.Deviation> d = DatasetDeviation.fromReference(byDataset, "imagenet");
        assertEquals(List.of("cifar10", "random"), d.stream().map(DatasetDeviation.Deviation::dataset).toList());
        assertEquals(3, d.get(0).sites());
        assertEquals(0.5, d.get(0).euclidean(), 1e-15);
        // DTW worked by hand on the 3 x 3 cost matrix: the least cumulative cost is 0.25
        assertEquals(0.5, d.get(0).dtw(), 1e-12);
        assertEquals(0.0, d.get(1).euclidean());
        assertEquals(0.0, d.get(1).dtw());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetDeviation.fromReference(byDataset, "svhn"));
        assertTrue(e.getMessage().contains("reference dataset 'svhn' is not among [cifar10, imagenet, random]"),
                e.getMessage());
    }

    @Test
    void dtwNeverExceedsTheEuclideanDistanceOfOneModelsSignatures() {
        Random r = new Random(7);
        for (int t = 0; t < 200; t++) {
            double[] a = new double[1 + r.nextInt(12)];
            double[] b = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextDouble();
                b[i] = r.nextDouble();
            }
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("ref", a);
            m.put("other", b);
            DatasetDeviation.Deviation d = DatasetDeviation.fromReference(m, "ref").get(0);
            assertTrue(d.dtw() <= d.euclidean() + 1e-12, d.toString());
        }
    }

    @Test
    void siteSpreadIsThePopulationStdPerSite() {
        SiteSpread s = SiteSpread.of(List.of(new double[] {0.2, 0.4}, new double[] {0.4, 0.4},
                new double[] {0.6, 0.4}));
        assertEquals(3, s.runs());
        assertEquals(2, s.sites());
        assertArrayEquals(new double[] {0.4, 0.4}, s.mean(), 1e-15);
        // deviations -0.2, 0, 0.2: variance 0.08 / 3
        assertArrayEquals(new double[] {Math.sqrt(0.08 / 3), 0}, s.std(), 1e-15);
        assertArrayEquals(new double[] {0.2, 0.4}, s.min());
        assertArrayEquals(new double[] {0.6, 0.4}, s.max());
        assertEquals(Math.sqrt(0.08 / 3) / 2, s.meanStd(), 1e-15);
        assertEquals(Math.sqrt(0.08 / 3), s.maxStd(), 1e-15);
    }

    @Test
    void siteSpreadOfIdenticalRunsIsZeroAndNaNSitesUseTheOtherRuns() {
        double[] sig = {0.9, 0.3, 0.55};
        SiteSpread same = SiteSpread.of(List.of(sig, sig.clone(), sig.clone()));
        assertArrayEquals(new double[3], same.std());
        assertArrayEquals(sig, same.mean());
        SiteSpread partial = SiteSpread.of(List.of(new double[] {Double.NaN, 0.5}, new double[] {0.7, 0.5}));
        assertEquals(0.7, partial.mean()[0]);
        assertEquals(0.0, partial.std()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteSpread.of(List.of(new double[2], new double[3])));
        assertTrue(e.getMessage().contains("got 2 and 3 sites"), e.getMessage());
    }

    @Test
    void numericCheckpointsAreOrderedByValueOthersKeepTheirOrder() {
        assertArrayEquals(new int[] {2, 1, 3, 0}, CheckpointOrder.order(List.of("10", "2", "0.5", "9")));
        assertTrue(CheckpointOrder.numeric(List.of("10", " 2 ", "1e1")));
        // ties keep their given order
        assertArrayEquals(new int[] {1, 0, 2}, CheckpointOrder.order(List.of("3", "1", "3")));
        assertFalse(CheckpointOrder.numeric(List.of("init", "10")));
        assertArrayEquals(new int[] {0, 1, 2}, CheckpointOrder.order(List.of("init", "10", "final")));
        assertArrayEquals(new int[] {0, 1}, CheckpointOrder.order(List.of("NaN", "1")));
    }

    @Test
    void variantSpreadIsTheMeanAndStdOfEachVariantsMean() {
        VariantSpread v = VariantSpread.of(List.of(new double[] {0.7, 0.8}, new double[] {0.8, 0.9, 1.0}));
        assertArrayEquals(new double[] {0.75, 0.9}, v.variantMeans(), 1e-15);
        assertEquals(2, v.count());
        assertEquals(0.825, v.mean(), 1e-15);
        assertEquals(0.075, v.std(), 1e-15);
        VariantSpread same = VariantSpread.of(List.of(new double[] {0.6, 0.2}, new double[] {0.2, 0.6}));
        assertEquals(0.0, same.std());
        VariantSpread withNaN = VariantSpread.of(List.of(new double[] {Double.NaN}, new double[] {0.5}));
        assertEquals(1, withNaN.count());
        assertEquals(0.5, withNaN.mean());
    }

    @Test
    void variantClusteringOrdersTheDistanceMatrixByTheDendrogram() {
        // a and b are 0.1 apart; c is sqrt(2) from a and sqrt(1 + 0.81) from b (DTW takes the diagonal)
        VariantSpread.Clustering c = VariantSpread.cluster(List.of(SignatureSeries.of("a", 0, 0),
                SignatureSeries.of("b", 0, 0.1), SignatureSeries.of("c", 1, 1)), LinkageMethod.AVERAGE);
        assertEquals(0.1, c.distances()[0][1], 1e-15);
        assertEquals(Math.sqrt(2), c.distances()[0][2], 1e-15);
        assertEquals(Math.sqrt(1.81), c.distances()[1][2], 1e-15);
        List<Linkage.Merge> m = c.linkage().merges();
        assertEquals(new Linkage.Merge(0, 1, 0.1, 2), m.get(0));
        assertEquals(2, m.get(1).left());
        assertEquals(3, m.get(1).right());
        assertEquals((Math.sqrt(2) + Math.sqrt(1.81)) / 2, m.get(1).distance(), 1e-15);
        assertArrayEquals(new int[] {2, 0, 1}, c.order());
        assertArrayEquals(new double[] {0, Math.sqrt(2), Math.sqrt(1.81)}, c.ordered()[0], 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(2), 0, 0.1}, c.ordered()[1], 1e-15);
    }
}
