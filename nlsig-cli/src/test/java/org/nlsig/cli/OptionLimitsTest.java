package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 items 3 and 8: NaN/Inf in floating-point options, thread counts, pixel limits and huge shapes. */
class OptionLimitsTest {
    @TempDir
    Path tmp;

    private static ScoreCommandTest.Run run(String... args) {
        return ScoreCommandTest.run(args);
    }

    private void assertRefused(String option, ScoreCommandTest.Run r) {
        assertTrue(r.exit() == 1 || r.exit() == 2, "exit " + r.exit() + ": " + r.err());
        assertTrue(r.err().contains("'" + option + "'") && r.err().contains("finite")
                || r.err().contains("'" + option + "'") && r.err().contains("not a number")
                || r.err().contains(option + " must be"), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace: " + r.err());
    }

    @Test
    void nanAndInfinityInFloatingPointOptionsAreRefusedNamingTheOption() {
        String out = tmp.resolve("x.npy").toString();
        for (String v : new String[] {"NaN", "nan", "Infinity", "-Infinity", "1e400", "0.5,NaN,0.5"}) {
            ScoreCommandTest.Run r = run("data", "preview", "random:3x4x4", "--mean", v, "--std", "1", "--out", out);
            assertRefused("--mean", r);
        }
        assertRefused("--std", run("data", "preview", "random:3x4x4", "--std", "Infinity", "--out", out));
        assertRefused("--half-width", run("activations", "input-range", "--half-width", "NaN"));
        assertRefused("--std", run("activations", "dimension", "--std", "Infinity"));
        assertRefused("--mean-range", run("activations", "sliding-mean", "--mean-range", "0,NaN"));
        assertRefused("--range", run("activations", "polynomial", "--range", "-Infinity,1"));
        assertFalse(Files.exists(tmp.resolve("x.npy")));
    }

    @Test
    void threadsAboveFourTimesTheCoresAreRefusedNamingTheOption() {
        int tooMany = Runtime.getRuntime().availableProcessors() * 4 + 1;
        ScoreCommandTest.Run r = run("activations", "sliding-mean", "--threads", "100000");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--threads must be at most " + (tooMany - 1)), r.err());
        assertRefused("--threads", run("score", tmp.resolve("x.npy").toString(), tmp.resolve("y.npy").toString(), "--threads",
                String.valueOf(tooMany)));
        assertRefused("--threads", run("signature", tmp.resolve("m.onnx").toString(), "--data", "random:3x4x4",
                "--threads", "100000", "--out", tmp.resolve("o").toString()));
        assertRefused("--threads", run("geodesic", tmp.resolve("m.onnx").toString(), "--data", "random:3x4x4",
                "--threads", "100000", "--out", tmp.resolve("g").toString()));
    }

    @Test
    void aHugeRandomShapeIsAMessageNamingTheSpec() {
        ScoreCommandTest.Run r = run("data", "preview", "random:1x100000x100000", "--out", tmp.resolve("x.npy").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("random:1x100000x100000"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void maxPixelsIsAnOptionOfTheDataMixin() throws Exception {
        Path root = tmp.resolve("imgs/cls");
        Files.createDirectories(root);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 40,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        javax.imageio.ImageIO.write(img, "png", root.resolve("a.png").toFile());
        String out = tmp.resolve("x.npy").toString();
        ScoreCommandTest.Run small = run("data", "preview", "imagefolder:" + tmp.resolve("imgs"), "--crop", "32", "--resize", "32",
                "--max-pixels", "1000", "--out", out);
        assertEquals(1, small.exit(), small.err());
        assertTrue(small.err().contains("a.png") && small.err().contains("--max-pixels"), small.err());
        ScoreCommandTest.Run ok = run("data", "preview", "imagefolder:" + tmp.resolve("imgs"), "--crop", "32", "--resize", "32",
                "--max-pixels", "1600", "--out", out);
        assertEquals(0, ok.exit(), ok.err());
        assertRefused("--max-pixels", run("data", "preview", "random:3x4x4", "--max-pixels", "0", "--out", out));
    }
}
