package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationsCommandTest {
    @TempDir
    Path dir;

    @Test
    void slidingMeanWithAReducedProtocolWritesBoxesPerMean() throws Exception {
        Path out = dir.resolve("sm");
        ScoreCommandTest.Run r = ScoreCommandTest.run("activations", "sliding-mean", "--means", "3", "--mean-range",
                "-10,10", "--stds", "1,0.1", "-n", "100", "-d", "5", "--activations", "relu,sigmoid", "--threads",
                "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> boxes = Files.readAllLines(out.resolve("tables/sliding_mean_boxes.csv"));
        assertEquals("activation,mean,min,q1,median,q3,max", boxes.get(0));
        assertEquals(1 + 2 * 3, boxes.size());
        // ReLU at mean -10 with std <= 1: every input negative, constant output, score 1
        String[] first = boxes.get(1).split(",");
        assertEquals("relu", first[0]);
        assertEquals(-10.0, Double.parseDouble(first[1]));
        assertEquals(1.0, Double.parseDouble(first[2]), 1e-9);
        assertEquals(1 + 3 * 2 * 2, Files.readAllLines(out.resolve("tables/sliding_mean_scores.csv")).size());
        assertTrue(Files.exists(out.resolve("tables/sliding_mean_baselines.csv")));
        assertTrue(Files.size(out.resolve("figures/sliding_mean.png")) > 1000);
        assertTrue(Files.readString(out.resolve("figures/sliding_mean.svg")).contains("<svg"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("figure-sliding_mean"));
    }

    @Test
    void polynomialAndInputRangeAndDimensionStudiesRunWithChangedParameters() throws Exception {
        ScoreCommandTest.Run poly = ScoreCommandTest.run("activations", "polynomial", "--points", "60", "--degrees",
                "1,2,3", "--out", dir.resolve("p").toString());
        assertEquals(0, poly.exit(), poly.err());
        List<String> rows = Files.readAllLines(dir.resolve("p/tables/polynomial.csv"));
        assertEquals(List.of("degree", "1", "2", "3"), rows.stream().map(l -> l.split(",")[0]).toList());
        assertEquals(1.0, Double.parseDouble(rows.get(1).split(",")[1]), 1e-9);

        ScoreCommandTest.Run range = ScoreCommandTest.run("activations", "input-range", "--means", "3",
                "--mean-range", "-5,5", "-n", "50", "--activation", "relu6", "--out", dir.resolve("r").toString());
        assertEquals(0, range.exit(), range.err());
        assertEquals(4, Files.readAllLines(dir.resolve("r/tables/input_range.csv")).size());

        ScoreCommandTest.Run dim = ScoreCommandTest.run("activations", "dimension", "-n", "40", "--dimensions",
                "5,20", "--out", dir.resolve("d").toString());
        assertEquals(0, dim.exit(), dim.err());
        assertEquals(1 + 2 * 2, Files.readAllLines(dir.resolve("d/tables/dimension.csv")).size());
    }

    @Test
    void badParametersGiveOneClearLine() {
        ScoreCommandTest.Run r = ScoreCommandTest.run("activations", "sliding-mean", "--activations", "relu,mish",
                "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit(), "a value picocli cannot convert is a usage error");
        assertTrue(r.err().contains("Invalid value for option '--activations'") && r.err().contains("mish")
                && r.err().contains("hardswish"), r.err());
        ScoreCommandTest.Run stds = ScoreCommandTest.run("activations", "sliding-mean", "--stds", "1,-2",
                "--out", dir.resolve("x").toString());
        assertEquals(1, stds.exit());
        assertTrue(stds.err().contains("-2"), stds.err());
        ScoreCommandTest.Run range = ScoreCommandTest.run("activations", "polynomial", "--range", "1",
                "--out", dir.resolve("x").toString());
        assertEquals(1, range.exit());
        assertTrue(range.err().contains("--range"), range.err());
    }

    @Test
    void redshiftWritesScoresAndImagesAndPrintsItsTable() throws Exception {
        Path out = dir.resolve("rs");
        String[] args = {"activations", "redshift", "--grid", "8", "--width", "6", "--hidden-layers", "2",
            "--networks", "2", "--threads", "1", "--seed", "3", "--out", out.toString()};
        ScoreCommandTest.Run r = ScoreCommandTest.run(args);
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("tables/redshift_scores.csv"));
        assertEquals("network,scale,activation,layer_1,layer_2,mean,std,output_range", rows.get(0));
        // 2 networks x 2 scales x 2 activations, in (network, scale, activation) order
        assertEquals(1 + 8, rows.size());
        assertEquals(List.of("0", "1.0", "relu"), List.of(rows.get(1).split(",")).subList(0, 3));
        assertEquals(List.of("0", "1.0", "tanh"), List.of(rows.get(2).split(",")).subList(0, 3));
        assertEquals(List.of("0", "6.0", "relu"), List.of(rows.get(3).split(",")).subList(0, 3));
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            double l1 = Double.parseDouble(c[3]);
            double l2 = Double.parseDouble(c[4]);
            assertTrue(l1 >= 0 && l1 <= 1 && l2 >= 0 && l2 <= 1, row);
            assertEquals((l1 + l2) / 2, Double.parseDouble(c[5]), 1e-12, row);
        }
        assertTrue(Files.size(out.resolve("figures/redshift.png")) > 1000);
        assertTrue(Files.readString(out.resolve("figures/redshift.svg")).contains("<svg"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("figure-redshift"));
        assertTrue(Files.exists(out.resolve("tables/redshift_summary.csv")));
        assertTrue(r.out().contains("Affinity score of each hidden layer's activation on the grid:"), r.out());
        assertTrue(r.out().contains("network scale activation layer_1 layer_2  mean   std output_range"), r.out());
        assertTrue(r.out().contains("report: " + out.resolve("report.html")), r.out());
        assertTrue(r.err().contains("nlsig: redshift: 4 of 4 inputs scored, done in"), r.err());

        // the same seed gives the same scores, whatever the threads
        Path again = dir.resolve("rs2");
        args[args.length - 1] = again.toString();
        args[11] = "2";
        assertEquals(0, ScoreCommandTest.run(args).exit());
        assertEquals(rows, Files.readAllLines(again.resolve("tables/redshift_scores.csv")));
    }

    @Test
    void redshiftRefusesBadOptionsNamingThem() {
        String out = dir.resolve("x").toString();
        ScoreCommandTest.Run grid = ScoreCommandTest.run("activations", "redshift", "--grid", "1", "--out", out);
        assertEquals(1, grid.exit());
        assertTrue(grid.err().contains("--grid must be at least 2, got 1"), grid.err());
        ScoreCommandTest.Run big = ScoreCommandTest.run("activations", "redshift", "--grid", "500", "--out", out);
        assertEquals(1, big.exit());
        assertTrue(big.err().contains("--grid must be at most 64, got 500"), big.err());
        ScoreCommandTest.Run scales = ScoreCommandTest.run("activations", "redshift", "--scales", "1,-2", "--out",
                out);
        assertEquals(1, scales.exit());
        assertTrue(scales.err().contains("--scales values must be positive, got -2.0 in [1.0, -2.0]"), scales.err());
        ScoreCommandTest.Run range = ScoreCommandTest.run("activations", "redshift", "--range", "1,-1", "--out", out);
        assertEquals(1, range.exit());
        assertTrue(range.err().contains("--range 1.0,-1.0: LO must be below HI"), range.err());
        ScoreCommandTest.Run shift = ScoreCommandTest.run("activations", "redshift", "--shift", "NaN", "--out", out);
        assertTrue(shift.exit() != 0, shift.err());
        assertTrue(shift.err().contains("--shift"), shift.err());
        ScoreCommandTest.Run act = ScoreCommandTest.run("activations", "redshift", "--activations", "relu,mish",
                "--out", out);
        assertEquals(2, act.exit());
        assertTrue(act.err().contains("Invalid value for option '--activations'"), act.err());
    }
}
