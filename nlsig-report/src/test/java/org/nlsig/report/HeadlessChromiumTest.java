package org.nlsig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.math.analysis.LinkageMethod;

/**
 * Opens the comparison report in headless Chromium, as a user's browser would: the page must load without console
 * errors, every figure must be in the DOM, and a screenshot must show the figures. Skipped when
 * {@code /usr/bin/chromium} (Debian's chromium package) is not installed.
 */
class HeadlessChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void reportLoadsWithoutConsoleErrorsAndTheScreenshotShowsTheFigures() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        Path page = ReportWriter.create().writeComparison(ReportWriterTest.signatures(), ReportWriterTest.metadata(),
                LinkageMethod.WARD, dir.resolve("report"));
        String url = page.toUri().toString();

        Run dom = chromium(Files.createDirectory(dir.resolve("profile1")), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--dump-dom", url);
        assertEquals(0, dom.exit(), dom.err());
        assertFalse(dom.err().contains("Uncaught"), dom.err());
        assertFalse(dom.err().contains("ERROR:CONSOLE") || dom.err().contains(":CONSOLE("),
                "console messages: " + dom.err());
        List<String> expected = ReportWriterTest.embeddedFigures(Files.readString(page));
        assertEquals(12, expected.size(), "the comparison figures, the overlay of all signatures among them");
        assertEquals(expected, ReportWriterTest.embeddedFigures(dom.out()), "every figure is in the loaded DOM");

        Path shot = dir.resolve("shot.png");
        Run screenshot = chromium(Files.createDirectory(dir.resolve("profile2")), "--hide-scrollbars",
                "--window-size=1300,2400", "--virtual-time-budget=5000", "--screenshot=" + shot, url);
        assertEquals(0, screenshot.exit(), screenshot.err());
        assertTrue(Files.size(shot) > 10_000, "screenshot size " + Files.size(shot));
        ReportWriterTest.assertNonBlankPng(Files.readAllBytes(shot), "screenshot");
        String keep = System.getProperty("nlsig.test.screenshot");
        if (keep != null) {
            Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
