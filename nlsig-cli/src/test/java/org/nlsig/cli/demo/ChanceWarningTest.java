package org.nlsig.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.cli.NlsigCommand;

/** The bundled models on the bundled data without their preset score near chance, and nlsig says why. */
class ChanceWarningTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = NlsigCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void chanceLevelAccuracyWarnsAboutPreprocessingAndThePresetFixesIt() throws IOException {
        DemoAssets assets = DemoAssets.extract(dir.resolve("inputs"));
        String model = assets.models().get(0).file().toString();
        String[] raw = run("signature", model, "--data", assets.dataSpec(), "--batch-size", "128", "--batches", "2",
                "--threads", "2", "--out", dir.resolve("raw").toString());
        assertEquals("0", raw[0], raw[2]);
        assertTrue(raw[2].contains("is near chance for 10 classes") && raw[2].contains("--preset"), raw[2]);
        String[] preset = run("signature", model, "--data", assets.dataSpec(), "--preset", "fashion-mnist",
                "--batch-size", "128", "--batches", "2", "--threads", "2", "--out", dir.resolve("preset").toString());
        assertEquals("0", preset[0], preset[2]);
        assertFalse(preset[2].contains("near chance"), preset[2]);
    }
}
