package org.nlsig.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.ReportWriter;
import org.nlsig.report.TestSignatures;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.figure.FigureRenderer;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

class StudyReportTest {
    @TempDir
    Path dir;

    private static StudyEntry run(String name, String family, String group, String dataset, String checkpoint,
            Integer batchSize, Long seed, double... means) {
        return new StudyEntry(name, family, group, dataset, checkpoint, batchSize, seed, null, null,
                TestSignatures.exact(name, means));
    }

    private static StudyAnalysis analysis(StudyReport r, String name) {
        return r.analyses().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static Table table(ReportSection s, String name) {
        return s.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static double number(Object cell) {
        return ((Number) cell).doubleValue();
    }

    @Test
    void datasetDeviationsAreTheEuclideanDistancesFromImagenetByDefault() {
        List<StudyEntry> entries = List.of(
                run("vgg-c10", null, "vgg16", "cifar10", null, null, null, 0.4, 0.1, 0.9),
                run("vgg-in", null, "vgg16", "imagenet", null, null, null, 0.1, 0.5, 0.9),
                run("vgg-rand", null, "vgg16", "random", null, null, null, 0.1, 0.5, 0.9),
                // two imagenet runs of resnet are averaged site by site: (0.3, 0.4)
                run("rn-in-1", null, "resnet", "imagenet", null, null, null, 0.2, 0.4),
                run("rn-in-2", null, "resnet", "imagenet", null, null, null, 0.4, 0.4),
                run("rn-c10", null, "resnet", "cifar10", null, null, null, 0.3, 0.4),
                run("alone", null, "alone", "imagenet", null, null, null, 0.5));
        StudyReport r = StudyReport.of(entries, StudyReport.Options.defaults());
        ReportSection s = analysis(r, DatasetDeviations.NAME).section();
        Table t = table(s, "dataset_deviation");
        assertEquals(List.of("group", "fixed", "reference", "dataset", "runs", "sites", "euclidean", "dtw"),
                t.columns());
        assertEquals(3, t.rows().size());
        assertEquals(List.of("vgg16", "all runs", "imagenet", "cifar10", 1, 3), t.rows().get(0).subList(0, 6));
        assertEquals(0.5, number(t.rows().get(0).get(6)), 1e-15);
        assertEquals(0.5, number(t.rows().get(0).get(7)), 1e-12);
        // identical signatures: no deviation
        assertEquals("random", t.rows().get(1).get(3));
        assertEquals(0.0, number(t.rows().get(1).get(6)));
        assertEquals(List.of("resnet", "all runs", "imagenet", "cifar10", 1, 2), t.rows().get(2).subList(0, 6));
        assertEquals(0.0, number(t.rows().get(2).get(6)), 1e-15);
        Figure.Bars bars = (Figure.Bars) s.figures().get(0);
        assertEquals(List.of("vgg16", "resnet"), bars.categories());
        assertEquals(List.of("cifar10", "random"), bars.seriesLabels());
        assertTrue(Double.isNaN(bars.values().get(1)[1]), "resnet has no random run");
    }

    @Test
    void onlyRunsThatDifferInTheDatasetAloneAreCompared() {
        List<StudyEntry> entries = List.of(
                run("in-final", null, "vgg", "imagenet", "final", 128, 0L, 0.1, 0.5),
                run("c10-final", null, "vgg", "cifar10", "final", 128, 0L, 0.4, 0.9),
                // at initialisation: its own comparison, not averaged into the trained cifar10 signature
                run("c10-init", null, "vgg", "cifar10", "0", 128, 0L, 0.9, 0.9),
                run("in-init", null, "vgg", "imagenet", "0", 128, 0L, 0.9, 0.9));
        ReportSection s = analysis(StudyReport.of(entries, StudyReport.Options.defaults()), DatasetDeviations.NAME)
                .section();
        Table t = table(s, "dataset_deviation");
        assertEquals(2, t.rows().size());
        assertEquals(List.of("vgg", "checkpoint final, batch size 128, seed 0", "imagenet", "cifar10", 1),
                t.rows().get(0).subList(0, 5));
        assertEquals(0.5, number(t.rows().get(0).get(6)), 1e-15);
        assertEquals(0.0, number(t.rows().get(1).get(6)));
        assertEquals(List.of("vgg (checkpoint final, batch size 128, seed 0)", "vgg (checkpoint 0, batch size 128, "
                + "seed 0)"), ((Figure.Bars) s.figures().get(0)).categories());
    }

    @Test
    void aGivenReferenceIsUsedAndAGroupWithoutItIsNamed() {
        List<StudyEntry> entries = List.of(
                run("a", null, "g", "imagenet", null, null, null, 0.1, 0.5),
                run("b", null, "g", "cifar10", null, null, null, 0.4, 0.9));
        Table t = table(analysis(StudyReport.of(entries, new StudyReport.Options("cifar10", LinkageMethod.AVERAGE)),
                DatasetDeviations.NAME).section(), "dataset_deviation");
        assertEquals(List.of("g", "all runs", "cifar10", "imagenet"), t.rows().get(0).subList(0, 4));
        assertEquals(0.5, number(t.rows().get(0).get(6)), 1e-15);
        StudyAnalysis missing = analysis(StudyReport.of(entries, new StudyReport.Options("svhn",
                LinkageMethod.AVERAGE)), DatasetDeviations.NAME);
        assertNull(missing.section());
        assertEquals("g has no run on the reference dataset svhn", missing.skipped());
        // without imagenet and without a given reference, the group's first dataset is the reference
        assertEquals("x", DatasetDeviations.reference(new java.util.LinkedHashSet<>(List.of("x", "y")), null));
        assertEquals("ImageNet", DatasetDeviations.reference(new java.util.LinkedHashSet<>(List.of("x",
                "ImageNet")), null));
    }

    @Test
    void spreadsOverBatchSizesAndSeedsHoldTheOtherSettingsFixed() {
        List<StudyEntry> entries = List.of(
                run("bs128", null, "vgg", "cifar10", null, 128, 0L, 0.2, 0.4),
                run("bs256", null, "vgg", "cifar10", null, 256, 0L, 0.4, 0.4),
                run("bs384", null, "vgg", "cifar10", null, 384, 0L, 0.6, 0.4),
                run("s1", null, "vgg", "cifar10", null, 512, 1L, 0.5, 0.5),
                run("s2", null, "vgg", "cifar10", null, 512, 2L, 0.7, 0.5),
                // another dataset: not a batch-size variation of the runs above
                run("other", null, "vgg", "svhn", null, 640, 0L, 0.9, 0.9));
        ReportSection s = analysis(StudyReport.of(entries, StudyReport.Options.defaults()), RunSpreads.NAME)
                .section();
        Table t = table(s, "run_spread");
        assertEquals(2, t.rows().size());
        List<Object> bs = t.rows().get(0);
        assertEquals(List.of("vgg", "batch size", "dataset cifar10, seed 0", 3, "128 256 384", 2), bs.subList(0, 6));
        assertEquals(Math.sqrt(0.08 / 3) / 2, number(bs.get(6)), 1e-15);
        assertEquals(Math.sqrt(0.08 / 3), number(bs.get(7)), 1e-15);
        List<Object> seeds = t.rows().get(1);
        assertEquals(List.of("vgg", "seed", "dataset cifar10, batch size 512", 2, "1 2"), seeds.subList(0, 5));
        assertEquals(0.05, number(seeds.get(6)), 1e-15);
        Table sites = table(s, "run_spread_sites");
        assertEquals(List.of("vgg", "batch size", "dataset cifar10, seed 0", 0, "layer0.relu"),
                sites.rows().get(0).subList(0, 5));
        List<Object> site0 = sites.rows().get(0);
        assertEquals(0.4, number(site0.get(5)), 1e-15);
        assertEquals(Math.sqrt(0.08 / 3), number(site0.get(6)), 1e-15);
        assertEquals(0.2, number(site0.get(7)));
        assertEquals(0.6, number(site0.get(8)));
        assertEquals(2, s.figures().size());
        Figure.Lines f = (Figure.Lines) s.figures().get(0);
        assertEquals(4, f.series().size());
        assertEquals(1, f.bands().size());
    }

    @Test
    void numericCheckpointsAreOrderedByValueWithTheDistanceToTheLast() {
        List<StudyEntry> entries = List.of(
                run("e10", null, "vgg", "cifar10", "10", null, null, 0.5, 0.5),
                run("e2", null, "vgg", "cifar10", "2", null, null, 0.8, 0.9),
                run("e0", null, "vgg", "cifar10", "0", null, null, 0.8, 0.1),
                run("init", null, "rn", "cifar10", "init", null, null, 0.9, 0.9),
                run("final", null, "rn", "cifar10", "final", null, null, 0.6, 0.5));
        ReportSection s = analysis(StudyReport.of(entries, StudyReport.Options.defaults()), CheckpointSeries.NAME)
                .section();
        Table t = table(s, "checkpoints");
        assertEquals(List.of("0", "2", "10", "init", "final"), t.rows().stream().map(r -> r.get(2)).toList());
        // (0.8, 0.1) to (0.5, 0.5): 0.3 and 0.4 apart
        assertEquals(0.5, number(t.rows().get(0).get(9)), 1e-15);
        assertEquals(0.0, number(t.rows().get(2).get(9)));
        assertEquals(0.45, number(t.rows().get(0).get(5)), 1e-15);
        assertEquals(2, s.figures().size());
    }

    @Test
    void table3IsTheMeanAndStdOfTheVariantsMeansAndTheVariantsAreClustered() {
        List<StudyEntry> entries = List.of(
                run("supervised", "resnet50", null, "imagenet", null, null, null, 0.7, 0.8),
                run("dino", "resnet50", null, "imagenet", null, null, null, 0.8, 0.9),
                run("swav", "resnet50", null, "imagenet", null, null, null, 0.95, 1.0),
                run("vit-a", "vit", null, "imagenet", null, null, null, 0.3, 0.3),
                run("vit-b", "vit", null, "imagenet", null, null, null, 0.3, 0.3),
                run("lonely", "alexnet", null, "imagenet", null, null, null, 0.9));
        ReportSection s = analysis(StudyReport.of(entries, StudyReport.Options.defaults()), VariantRobustness.NAME)
                .section();
        Table t = table(s, "variant_spread");
        assertEquals(2, t.rows().size());
        List<Object> rn = t.rows().get(0);
        assertEquals(List.of("resnet50", "imagenet", 3, "affinity"), rn.subList(0, 4));
        // variant means 0.75, 0.85, 0.975
        double mean = (0.75 + 0.85 + 0.975) / 3;
        double var = (Math.pow(0.75 - mean, 2) + Math.pow(0.85 - mean, 2) + Math.pow(0.975 - mean, 2)) / 3;
        assertEquals(mean, number(rn.get(4)), 1e-15);
        assertEquals(Math.sqrt(var), number(rn.get(5)), 1e-15);
        assertEquals("0.86 ± 0.09", rn.get(6));
        assertEquals(0.0, number(t.rows().get(1).get(5)));
        // resnet50 has 3 variants: clustered; vit's 2 are not
        Table d = table(s, "variant_distances_resnet50_imagenet");
        // supervised-dino sqrt(0.02) merge first; swav joins last and leads the leaf order; DTW between (0.95, 1.0)
        // and (0.7, 0.8) takes the diagonal: sqrt(0.0625 + 0.04)
        assertEquals(List.of("variant", "swav", "supervised", "dino"), d.columns());
        assertEquals(Math.sqrt(0.1025), number(d.rows().get(0).get(2)), 1e-12);
        assertEquals(List.of("variant_dendrogram_resnet50_imagenet", "variant_distances_resnet50_imagenet"),
                s.figures().stream().map(Figure::name).toList());
    }

    @Test
    void analysesTheRunsDoNotSupportAreSkippedWithOneLineEach() {
        StudyReport r = StudyReport.of(List.of(StudyEntry.of("a", TestSignatures.exact("a", 0.5)),
                StudyEntry.of("b", TestSignatures.exact("b", 0.6))), StudyReport.Options.defaults());
        assertTrue(r.sections().isEmpty());
        assertEquals(List.of(
                "Dataset deviation (Figure 15): no group has runs on two or more datasets (columns group and dataset)"
                        + " with checkpoint, batch size and seed equal",
                "Robustness to batch size and seed (Figure 8): no group has runs that differ only in batch_size or "
                        + "only in shuffle seed (with dataset and checkpoint equal)",
                "Signature over training (Figure 9): no group has runs at two or more checkpoints (column checkpoint)"
                        + " with dataset, batch size and seed equal",
                "Robustness over pretraining variants (Table 3, Figures 16-17): no family has two or more runs "
                        + "(column family; each run a pretraining variant)"), r.skipped());
        StudyAnalysis depth = analysis(StudyReport.of(List.of(
                run("a", null, "g", null, null, 128, null, 0.5),
                run("b", null, "g", null, null, 256, null, 0.5, 0.6)), StudyReport.Options.defaults()),
                RunSpreads.NAME);
        assertEquals("group g (batch size, all runs) left out: its runs have different numbers of sites (a 1, b 2)",
                depth.skipped());
    }

    @Test
    void everyStudySectionIsWrittenAsAReport() throws Exception {
        List<StudyEntry> entries = List.of(
                run("bs128", "vgg16", "vgg", "cifar10", "final", 128, 0L, 0.5, 0.6, 0.7),
                run("bs256", "vgg16", "vgg", "cifar10", "final", 256, 0L, 0.6, 0.6, 0.6),
                run("init", "vgg16", "vgg", "cifar10", "0", 128, 0L, 0.9, 0.95, 1.0),
                run("in", "vgg16", "vgg", "imagenet", "final", 128, 0L, 0.5, 0.6, 0.7));
        StudyReport r = StudyReport.of(entries, StudyReport.Options.defaults());
        assertEquals(List.of(), r.skipped());
        Path page = ReportWriter.create().write("Study", "test", r.sections(), dir);
        String html = Files.readString(page);
        assertTrue(html.contains("id=\"dataset-deviation\"") && html.contains("id=\"variants\""));
        for (ReportSection s : r.sections()) {
            for (Figure f : s.figures()) {
                assertTrue(Files.size(dir.resolve("figures/" + f.name() + ".png")) > 1000, f.name());
            }
        }
    }

    @Test
    void aRasterIsPaintedWhiteToBlackWithRowZeroAtTheBottom() throws Exception {
        Figure.Raster f = new Figure.Raster("r", "raster", new double[][] {{0, 1}, {1, 0}}, 0, 1, 108, 132);
        BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(FigureRenderer.xchart().png(f)));
        // cells of 50 px from x = 4, y = 24: row 0 (0, 1) is the lower row
        assertEquals(0xffffff, im.getRGB(20, 100) & 0xffffff);
        assertEquals(0x000000, im.getRGB(80, 100) & 0xffffff);
        assertEquals(0x000000, im.getRGB(20, 50) & 0xffffff);
        assertEquals(0xffffff, im.getRGB(80, 50) & 0xffffff);
        assertFalse(new String(FigureRenderer.xchart().svg(f), java.nio.charset.StandardCharsets.UTF_8).isEmpty());
    }
}
