package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyFile;
import picocli.CommandLine;

class ScoreCommandTest {
    @TempDir
    Path dir;

    /** Runs the command line as a user would; returns exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NlsigCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ScoreCommandTest.class.getResource("/score/" + name).toURI());
    }

    @Test
    void printsTheScoreAsJsonUnderRho() throws Exception {
        Run r = run("score", resource("x.npy").toString(), resource("y.npy").toString(), "--json", "--metrics");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(0.7583657472895589, j.get("rho").asDouble(), 1e-6); // golden c010, Ledoit-Wolf
        assertEquals(64, j.get("n").asInt());
        assertEquals("direct", j.get("path").asText());
        assertEquals(0.8852534890174866, j.get("metrics").get("cka").asDouble(), 1e-4);

        Run sample = run("score", resource("x.npy").toString(), resource("y.npy").toString(), "--json",
                "--covariance", "sample");
        assertEquals(0.7625708398842095, new ObjectMapper().readTree(sample.out()).get("rho").asDouble(), 1e-6);
    }

    @Test
    void printsAReadableReport() throws Exception {
        Run r = run("score", resource("x.npy").toString(), resource("y.npy").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("affinity score rho = 0.7583657"), r.out());
        assertTrue(r.out().contains("Bures"));
    }

    /**
     * The report's case: X ~ N(17.5, 0.25 I) and Y = tanh(X), numerically constant. Before the constant-output path
     * this threw "dstebz info=2" (exit 70); now it scores 1 up to the output's spread and says how.
     */
    @Test
    void aSaturatedTanhOutputIsScoredAndFlagged() throws Exception {
        int n = 1000;
        int d = 300;
        java.util.Random rnd = new java.util.Random(1);
        double[] x = new double[n * d];
        double[] y = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = 17.5 + 0.5 * rnd.nextGaussian();
            y[k] = Math.tanh(x[k]);
        }
        Path xf = dir.resolve("x.npy");
        Path yf = dir.resolve("tanh.npy");
        NpyFile.writeDoubles(xf, x, n, d);
        NpyFile.writeDoubles(yf, y, n, d);
        Run r = run("score", xf.toString(), yf.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("rho").asDouble() > 0.999999, r.out());
        assertTrue(j.get("constant_output").asBoolean(), r.out());
        assertEquals("constant-output", j.get("route").asText());
        assertEquals(0.0, j.get("clamped_by").asDouble());
        assertTrue(j.get("fallbacks").isArray() && j.get("fallbacks").isEmpty(), r.out());
        Run readable = run("score", xf.toString(), yf.toString());
        assertTrue(readable.out().contains("map by constant-output") && readable.out().contains("Y is constant"),
                readable.out());
    }

    @Test
    void badInputGivesOneClearLineAndExitCode1() throws Exception {
        Run missing = run("score", dir.resolve("nope.npy").toString(), resource("y.npy").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.npy"), missing.err());

        Path wide = dir.resolve("wide.npy");
        NpyFile.writeFloats(wide, new float[64 * 3], 64, 3);
        Run shape = run("score", resource("x.npy").toString(), wide.toString());
        assertEquals(1, shape.exit());
        assertTrue(shape.err().contains("64 x 2") && shape.err().contains("64 x 3"), shape.err());

        Path nan = dir.resolve("nan.npy");
        float[] v = new float[64 * 2];
        v[7] = Float.NaN;
        NpyFile.writeFloats(nan, v, 64, 2);
        Run nanRun = run("score", nan.toString(), resource("y.npy").toString());
        assertEquals(1, nanRun.exit());
        assertTrue(nanRun.err().contains("nan.npy") && nanRun.err().contains("row 3, column 1"), nanRun.err());

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy");
        Run notNpy = run("score", text.toString(), resource("y.npy").toString());
        assertEquals(1, notNpy.exit());
        assertTrue(notNpy.err().contains("text.npy") && notNpy.err().contains("not a .npy file"), notNpy.err());

        Run badCov = run("score", resource("x.npy").toString(), resource("y.npy").toString(), "--covariance", "x");
        assertEquals(2, badCov.exit(), "a value picocli cannot convert is a usage error");
        assertTrue(badCov.err().contains("Invalid value for option '--covariance'")
                && badCov.err().contains("ledoit-wolf or sample"), badCov.err());
    }
}
