package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyFile;

/** The signature command as a user runs it, on a small exported network and random data. */
class SignatureCommandTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path input;

    @TempDir
    Path out;

    @BeforeAll
    static void fixtures() throws IOException {
        model = shared.resolve("model.onnx");
        try (var in = SignatureCommandTest.class.getResourceAsStream("/signature/model.onnx")) {
            Files.copy(in, model);
        }
        float[] x = new float[48 * 3 * 32 * 32];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        input = shared.resolve("input.npy");
        NpyFile.writeFloats(input, x, 48, 3, 32, 32);
    }

    @Test
    void writesSignatureFilesAndATable() throws IOException {
        ScoreCommandTest.Run r = ScoreCommandTest.run("signature", model.toString(), "--data", "npy:" + input,
                "--batch-size", "16", "--metrics", "affinity,cka,r2", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("layer1.0.relu_1") && r.out().contains("affinity min"), r.out());
        assertTrue(r.err().contains("8 activation sites, 3 batches of 16"), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("signature.json").toFile());
        assertEquals("nlsig.signature/1", j.get("schema").asText());
        assertEquals(8, j.get("sites").size());
        assertEquals(3, j.get("sites").get(0).get("affinity").get("per_batch").size());
        assertTrue(j.get("sites").get(5).get("metrics").has("cka"));
        assertEquals(48, j.get("data").get("samples_used").asInt());
        assertTrue(Files.readString(out.resolve("signature.csv")).startsWith("index,name,kind"));
    }

    @Test
    void resumeAfterAFinishedRunGivesTheSameFilesAndChangedArgumentsAreRefused() throws IOException {
        String[] args = {"signature", model.toString(), "--data", "npy:" + input, "--batch-size", "16",
            "--out", out.toString()};
        assertEquals(0, ScoreCommandTest.run(args).exit());
        String first = Files.readString(out.resolve("signature.csv"));
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        ScoreCommandTest.Run again = ScoreCommandTest.run(resume);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("3 done before, resuming"), again.err());
        assertEquals(first, Files.readString(out.resolve("signature.csv")));

        ScoreCommandTest.Run changed = ScoreCommandTest.run("signature", model.toString(), "--data", "npy:" + input,
                "--batch-size", "16", "--pooling", "reference", "--out", out.toString(), "--resume");
        assertEquals(1, changed.exit());
        assertTrue(changed.err().contains("another run"), changed.err());
    }

    @Test
    void userErrorsAreOneLineWithExitCode1() throws IOException {
        ScoreCommandTest.Run missing = ScoreCommandTest.run("signature", out.resolve("none.onnx").toString(),
                "--data", "npy:" + input, "--out", out.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("none.onnx"), missing.err());

        ScoreCommandTest.Run shape = ScoreCommandTest.run("signature", model.toString(), "--data",
                "random:3x8x8,n=64", "--batch-size", "16", "--out", out.toString());
        assertEquals(1, shape.exit());
        assertTrue(shape.err().contains("model input 'input' has shape [batch, 3, 32, 32]")
                && shape.err().contains("samples of shape [3, 8, 8]")
                && shape.err().contains("the model needs an array of shape [batch, 3, 32, 32]"), shape.err());

        Path file = out.resolve("a-file");
        Files.writeString(file, "x");
        ScoreCommandTest.Run notDir = ScoreCommandTest.run("signature", model.toString(), "--data", "npy:" + input,
                "--batch-size", "16", "--out", file.toString());
        assertEquals(1, notDir.exit());
        assertTrue(notDir.err().contains("a-file"), notDir.err());

        ScoreCommandTest.Run badMetric = ScoreCommandTest.run("signature", model.toString(), "--data",
                "npy:" + input, "--metrics", "affinity,foo", "--out", out.toString());
        assertEquals(2, badMetric.exit(), "a value of the wrong type is a usage error, found by picocli");
        assertTrue(badMetric.err().contains("Invalid value for option '--metrics'")
                && badMetric.err().contains("unknown metric 'foo'"), badMetric.err());
        ScoreCommandTest.Run badPooling = ScoreCommandTest.run("signature", model.toString(), "--data",
                "npy:" + input, "--pooling", "mean", "--out", out.toString());
        assertEquals(2, badPooling.exit());
        assertTrue(badPooling.err().contains("Invalid value for option '--pooling'"), badPooling.err());
        assertFalse(Files.exists(out.resolve("signature.json")), "no result file after a failed run");
    }
}
