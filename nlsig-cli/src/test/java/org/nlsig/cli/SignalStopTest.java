package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a run, in a child JVM running {@link NlsigCommand#main}: the run stops between batches, exit code
 * 143, a one-line resume hint, the journal intact (every line whole), no JVM crash; then --resume completes.
 */
class SignalStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsBetweenBatchesWithExitCode143AndAResumeFinishes() throws Exception {
        Path model = dir.resolve("model.onnx");
        try (var in = SignalStopTest.class.getResourceAsStream("/signature/model.onnx")) {
            Files.copy(in, model);
        }
        Path out = dir.resolve("out");
        List<String> args = List.of("signature", model.toString(), "--data", "random:3x32x32,n=16000,seed=1",
                "--batch-size", "16", "--batches", "200", "--threads", "1", "--out", out.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), NlsigCommand.class.getName()));
        command.addAll(args);
        // stderr to a file: Process.destroy() closes the pipes, which would lose the child's last words
        Path errFile = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Path journal = out.resolve(".nlsig-journal.jsonl");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lines(journal) < 3 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10); // header and two batches: the next forward pass is running
            }
            assertTrue(p.isAlive(), "still running when signalled: " + Files.readString(errFile));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(errFile);
        assertEquals(143, p.exitValue(), stderr);
        assertTrue(stderr.contains("stopped after") && stderr.contains("--resume"), stderr);
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
        List<String> journalLines = Files.readAllLines(journal);
        ObjectMapper json = new ObjectMapper();
        for (String line : journalLines) {
            json.readTree(line); // every line whole
        }
        int done = journalLines.size() - 1;
        assertTrue(stderr.contains("stopped after " + done + " of 200 batches"), stderr);
        assertFalse(Files.exists(out.resolve("signature.json")));
        assertEquals(0, Files.size(out.resolve(".nlsig-lock")), "lock released");

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        ScoreCommandTest.Run r = ScoreCommandTest.run(resume.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains(done + " done before, resuming"), r.err());
        assertEquals(200, json.readTree(out.resolve("signature.json").toFile()).get("data").get("batches").asInt());
    }

    private static long lines(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        return Files.readAllBytes(journal).length == 0 ? 0
                : new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).chars().filter(c -> c == '\n')
                        .count();
    }
}
