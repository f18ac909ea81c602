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
}
