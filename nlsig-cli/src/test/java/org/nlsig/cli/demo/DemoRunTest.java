package org.nlsig.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.signature.pipeline.ProgressListener;

/** The demo pipeline on a reduced slice (512 of the 2,048 bundled images): the structural facts it shows. */
class DemoRunTest {
    @TempDir
    Path out;

    @Test
    void residualAndPlainTwinsShowThePapersFinding() throws IOException {
        List<DemoRun.ModelSummary> models = DemoRun.run(new DemoRun.Options(out, 512, 256, 2),
                ProgressListener.SILENT);
        assertEquals(2, models.size());
        DemoRun.ModelSummary residual = models.stream().filter(DemoRun.ModelSummary::residual).findFirst().orElseThrow();
        DemoRun.ModelSummary plain = models.stream().filter(m -> !m.residual()).findFirst().orElseThrow();

        // same architecture but for the shortcuts: 1 stem ReLU + 9 blocks x 2 ReLUs each
        assertEquals(19, residual.signature().sites().size());
        assertEquals(19, plain.signature().sites().size());
        for (int i = 0; i < 19; i++) {
            assertEquals(residual.signature().sites().get(i).name(), plain.signature().sites().get(i).name());
        }
        assertEquals(9, residual.blockOutputSites().size(), "the second ReLU of every block reads a residual sum");
        assertTrue(residual.blockOutputMean() > residual.otherMean() + 0.04,
                "post-residual sites score higher: " + residual.blockOutputMean() + " vs " + residual.otherMean());
        double residualGap = residual.blockOutputMean() - residual.otherMean();
        double plainGap = plain.blockOutputMean() - plain.otherMean();
        assertTrue(residualGap > plainGap + 0.03, "the gap comes from the residual additions: residual "
                + residualGap + ", plain twin at the same positions " + plainGap);
        assertTrue(Files.exists(out.resolve("report.html")), "the comparison page");
        assertReportHoldsTheDemosNumbers(out, models);

        // the second paper: the residual network transports samples where optimal transport would, the plain not
        assertEquals(3, residual.geodesic().segments().size(), "one segment per stage");
        for (int k = 0; k < 3; k++) {
            var r = residual.geodesic().segments().get(k);
            var p = plain.geodesic().segments().get(k);
            assertTrue(r.ots().score() > 0.9 && p.ots().score() < 0.1, "stage " + k + ": OTS residual "
                    + r.ots().score() + ", plain " + p.ots().score());
            assertTrue(r.lssSummary().mean() < p.lssSummary().mean(), "stage " + k + ": straighter residual track");
        }
        assertTrue(Files.exists(out.resolve(residual.name()).resolve("geodesic.json")));

        assertEquals(2, residual.signature().data().batches());
        assertTrue(residual.signature().accuracy().top1() > 0.8, "a trained model: " + residual.signature().accuracy());
        assertTrue(Files.exists(out.resolve(residual.name()).resolve("signature.json")));
        assertTrue(Files.exists(out.resolve(plain.name()).resolve("signature.csv")));
        assertFalse(Double.isNaN(plain.otherMean()));
    }

    /** report.html holds what the demo computes besides the signatures: the block-output table and the geodesics. */
    static void assertReportHoldsTheDemosNumbers(Path out, List<DemoRun.ModelSummary> models) throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        for (String id : List.of("table-block_outputs", "table-geodesic_metrics", "figure-geodesic_resnet20",
                "figure-geodesic_plain20", "figure-signatures_overlay")) {
            assertTrue(html.contains("id=\"" + id + "\""), "report.html lacks " + id);
        }
        assertTrue(html.contains("flattened") && html.contains("per stage"), "the page says the geodesic settings");
        List<String> geodesic = Files.readAllLines(out.resolve("tables/geodesic_metrics.csv"));
        assertEquals(1 + 2 * 3, geodesic.size(), "a row per model and stage: " + geodesic);
        List<String> blocks = Files.readAllLines(out.resolve("tables/block_outputs.csv"));
        assertEquals(3, blocks.size(), blocks.toString());
        int row = 1;
        for (DemoRun.ModelSummary m : models) {
            String[] b = blocks.get(models.indexOf(m) + 1).split(",");
            assertEquals(m.name(), b[0]);
            assertEquals(m.blockOutputMean(), Double.parseDouble(b[4]), 1e-12);
            assertEquals(m.otherMean(), Double.parseDouble(b[5]), 1e-12);
            for (var seg : m.geodesic().segments()) {
                String[] g = geodesic.get(row++).split(",");
                assertEquals(m.name(), g[0]);
                assertEquals(seg.lssSummary().mean(), Double.parseDouble(g[6]), 1e-12);
                assertEquals(seg.ots().score(), Double.parseDouble(g[10]), 1e-12);
            }
        }
    }
}
