package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder as the command line leaves it: the report in the published set, readers trusting it. */
class OutputFolderCommandTest {
    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path model = dir.resolve("model.onnx");
        if (!Files.exists(model)) {
            try (var in = OutputFolderCommandTest.class.getResourceAsStream("/signature/model.onnx")) {
                Files.copy(in, model);
            }
        }
        return model;
    }

    @Test
    void theReportIsPublishedWithTheSignatureAndAFreshRunWithoutItRemovesIt() throws IOException {
        Path out = dir.resolve("out");
        ScoreCommandTest.Run r = ScoreCommandTest.run("signature", model().toString(), "--data",
                "random:3x32x32,n=32,seed=1", "--batch-size", "16", "--threads", "1", "--out", out.toString(),
                "--report");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("report: " + out.resolve("report.html")), r.out());
        String manifest = Files.readString(out.resolve(".nlsig-complete"));
        assertTrue(manifest.contains("\"report.html\"") && manifest.contains("\"figures/") && manifest.contains(
                "\"tables/") && manifest.contains("\"signature.json\""), manifest);
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".nlsig-publish-")));
        }

        r = ScoreCommandTest.run("signature", model().toString(), "--data", "random:3x32x32,n=32,seed=2",
                "--batch-size", "16", "--threads", "1", "--out", out.toString());
        assertEquals(1, r.exit(), "a folder with results is not replaced without --overwrite");
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertTrue(Files.exists(out.resolve("report.html")));
        r = ScoreCommandTest.run("signature", model().toString(), "--data", "random:3x32x32,n=32,seed=2",
                "--batch-size", "16", "--threads", "1", "--out", out.toString(), "--overwrite");
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(out.resolve("report.html")), "the earlier run's report is not shown as current");
        assertFalse(Files.exists(out.resolve("figures")));
        assertFalse(Files.exists(out.resolve("tables")));
    }

    @Test
    void compareRefusesAFolderWhoseSetIsIncomplete() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, ScoreCommandTest.run("signature", model().toString(), "--data", "random:3x32x32,n=32",
                "--batch-size", "16", "--threads", "1", "--out", out.toString()).exit());
        Files.writeString(out.resolve(".nlsig-complete"), "{\"schema\":\"nlsig.outputs/1\",\"complete\":false}");
        ScoreCommandTest.Run r = ScoreCommandTest.run("compare", out.toString(), out.toString(), "--out",
                dir.resolve("cmp").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("not a complete set of results"), r.err());
    }
}
