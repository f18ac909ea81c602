package org.nlsig.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.compare.ComparisonReport;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.model.SignatureFigures;
import org.nlsig.report.compare.ModelMetadata;
import org.nlsig.signature.result.Signature;

class ReportWriterTest {
    @TempDir
    static Path dir;

    static Path comparisonPage;

    static List<Signature> signatures() {
        return List.of(TestSignatures.random("vit_b_16", 12, 0.3, 86_000_000, 0.81),
                TestSignatures.random("alexnet", 7, 0.8, 61_000_000, 0.56),
                TestSignatures.random("vgg16", 15, 0.75, 138_000_000, 0.716),
                TestSignatures.random("resnet18", 17, 0.6, 11_000_000, 0.697),
                TestSignatures.random("resnet50", 49, 0.55, 25_000_000, 0.76),
                TestSignatures.random("resnet101", 100, 0.5, 44_000_000, 0.774));
    }

    static List<ModelMetadata> metadata() {
        return List.of(new ModelMetadata("alexnet", "convnet", 2012, 0.565, Double.NaN, Double.NaN),
                new ModelMetadata("vgg16", "convnet", 2014, 0.716, Double.NaN, Double.NaN),
                new ModelMetadata("resnet18", "resnet", 2016, 0.697, Double.NaN, Double.NaN),
                new ModelMetadata("resnet50", "resnet", 2016, 0.761, Double.NaN, Double.NaN),
                new ModelMetadata("resnet101", "resnet", 2016, 0.774, Double.NaN, Double.NaN),
                new ModelMetadata("vit_b_16", "vit", 2020, 0.81, Double.NaN, Double.NaN));
    }

    @BeforeAll
    static void writeComparison() throws IOException {
        comparisonPage = ReportWriter.create().writeComparison(signatures(), metadata(), LinkageMethod.AVERAGE,
                dir.resolve("cmp"));
    }

    /** The figure names the page embeds, in order. */
    static List<String> embeddedFigures(String html) {
        Matcher m = Pattern.compile("<figure class=\"nlsig-figure\" id=\"figure-([^\"]+)\">").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void comparisonWritesEveryTableAndFigureAndOnePageHoldingThemAll() throws IOException {
        Path out = dir.resolve("cmp");
        String html = Files.readString(comparisonPage);
        List<String> figures = embeddedFigures(html);
        assertEquals(List.of("summary", "dendrogram", "dtw_distances", "score_distributions", "accuracy_fits",
                "signatures_overlay", "signature_alexnet", "signature_vgg16", "signature_resnet18",
                "signature_resnet50",
                "signature_resnet101", "signature_vit_b_16"), figures, "ordered by year; Figure 10 per model");
        for (String f : figures) {
            byte[] png = Files.readAllBytes(out.resolve("figures").resolve(f + ".png"));
            assertNonBlankPng(png, f);
            String svg = Files.readString(out.resolve("figures").resolve(f + ".svg"));
            assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), f + ".svg is an SVG document");
        }
        for (String t : List.of("summary", "dtw_distances", "linkage", "score_distribution", "accuracy_best",
                "accuracy_fits", "metric_correlations", "metric_correlations_summary", "metric_correlations_table1")) {
            assertTrue(Files.size(out.resolve("tables").resolve(t + ".csv")) > 0, t);
            assertTrue(Files.readString(out.resolve("tables").resolve(t + ".md")).contains("|---|"), t);
            assertTrue(html.contains("id=\"table-" + t + "\""), "page holds table " + t);
        }
        // self-contained: nothing loaded from elsewhere
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("src=\"(?!data:)").matcher(html).find(), "every image is a data URI");
        assertFalse(html.contains("<link"), "no external style sheets");
    }

    @Test
    void theOverlayHoldsEverySignatureOverRelativeDepth() {
        Comparison c = Comparison.of(signatures(), metadata(), LinkageMethod.AVERAGE);
        Figure.Lines overlay = (Figure.Lines) ComparisonReport.sections(c).stream()
                .filter(s -> s.id().equals("overlay")).findFirst().orElseThrow().figures().get(0);
        assertEquals(List.of("alexnet", "vgg16", "resnet18", "resnet50", "resnet101", "vit_b_16"),
                overlay.series().stream().map(Figure.Series::label).toList(), "one line per model, in report order");
        assertEquals("relative depth (site index / (sites - 1))", overlay.xAxis());
        assertEquals("affinity score", overlay.yAxis());
        for (int k = 0; k < overlay.series().size(); k++) {
            Figure.Series s = overlay.series().get(k);
            double[] scores = c.models().get(k).signature().scores();
            assertArrayEquals(scores, s.y(), 0);
            assertEquals(0, s.x()[0], 0);
            assertEquals(1, s.x()[s.x().length - 1], 0);
            assertEquals(1.0 / (scores.length - 1), s.x()[1], 1e-15);
            assertEquals(k, s.colour(), "each model its own colour");
        }
        Figure.Lines single = SignatureFigures.overlay(List.of("one"), List.of(new double[] {0.4}));
        assertArrayEquals(new double[] {0}, single.series().get(0).x(), 0);
    }

    @Test
    void tablesHoldTheAnalyses() throws IOException {
        Path tables = dir.resolve("cmp").resolve("tables");
        List<String> summary = Files.readAllLines(tables.resolve("summary.csv"));
        assertEquals("model,family,year,sites,min,q1,median,q3,max,mean,std,accuracy,parameters,macs",
                summary.get(0));
        assertTrue(summary.get(1).startsWith("alexnet,convnet,2012,7,"), summary.get(1));
        assertTrue(summary.get(6).startsWith("vit_b_16,vit,2020,12,"), summary.get(6));
        List<String> dtw = Files.readAllLines(tables.resolve("dtw_distances.csv"));
        assertEquals(7, dtw.size());
        assertTrue(dtw.get(1).startsWith("alexnet,0.0,"), "zero diagonal: " + dtw.get(1));
        List<String> fits = Files.readAllLines(tables.resolve("accuracy_best.csv"));
        assertEquals(2, fits.size(), "only resnet has 3 models with an accuracy: " + fits);
        assertTrue(fits.get(1).startsWith("resnet,"), fits.get(1));
        String corr = Files.readString(tables.resolve("metric_correlations.csv"));
        assertTrue(corr.startsWith("model,cka,norm,r2,entropy,sparsity\n"), corr);
        String table1 = Files.readString(tables.resolve("metric_correlations_table1.md"));
        assertTrue(table1.contains("| all models | 6 |"), table1);
        // TestSignatures builds cka rising and norm falling with the score: strong correlations of those signs
        Comparison c = Comparison.of(signatures(), metadata(), LinkageMethod.AVERAGE);
        for (var r : c.correlations()) {
            assertTrue(r.get("cka") > 0.8, r.toString());
            assertTrue(r.get("norm") < -0.8, r.toString());
        }
    }

    @Test
    void comparisonRejectsMetadataOfUnknownModels() {
        UserInputException e = assertThrows(UserInputException.class, () -> Comparison.of(signatures(),
                List.of(new ModelMetadata("resnet999", null, null, 0.7, Double.NaN, Double.NaN)),
                LinkageMethod.AVERAGE));
        assertTrue(e.getMessage().contains("resnet999"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Comparison.of(List.of(), List.of(), LinkageMethod.WARD));
    }

    @Test
    void singleModelPageHasTheRawSignatureAndTheSites() throws IOException {
        Signature s = TestSignatures.random("resnet50", 49, 0.55, 25_000_000, 0.76);
        Path page = ReportWriter.create().writeSingleModel(s, dir.resolve("one"));
        String html = Files.readString(page);
        assertEquals(List.of("signature_resnet50", "distribution_resnet50"), embeddedFigures(html));
        assertNonBlankPng(Files.readAllBytes(dir.resolve("one/figures/signature_resnet50.png")), "raw signature");
        List<String> sites = Files.readAllLines(dir.resolve("one/tables/sites_resnet50.csv"));
        assertEquals(50, sites.size());
        assertTrue(sites.get(0).startsWith("index,name,kind,op,pooled_dim,affinity_mean,affinity_std"));
        assertTrue(Files.exists(dir.resolve("one/tables/metric_correlations_resnet50.csv")));
    }

    /** Decodes a PNG and checks it shows something besides background: many distinct colours, coloured pixels. */
    static void assertNonBlankPng(byte[] png, String what) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, what + " decodes");
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        assertTrue(colours.size() > 20, what + ": only " + colours.size() + " colours");
        assertTrue(coloured > 50, what + ": only " + coloured + " coloured pixels");
    }
}
