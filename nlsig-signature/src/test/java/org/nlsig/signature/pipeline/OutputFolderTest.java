package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.signature.journal.RunJournal;
import org.nlsig.signature.output.OutputLock;
import org.nlsig.signature.output.OutputSet;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.output.SignatureOutputs;
import org.nlsig.signature.result.Signature;

/** Issue 17 items 6, 7 and 9: one writer per output folder, a stop between batches, the outputs as one set. */
class OutputFolderTest {
    private static final int BATCHES = 8;

    @TempDir
    Path dir;

    private SignatureRequest request(Path out) throws IOException {
        Path model = dir.resolve("relu.onnx");
        if (!Files.exists(model)) {
            TinyModels.chain(dir, "relu.onnx", 6, "Tanh", "Relu");
        }
        return SignatureRequest.defaults(model, "random:6,n=" + 8 * BATCHES + ",seed=3", out).withBatches(8, 0)
                .withThreads(1);
    }

    private static int journalledBatches(Path out) throws IOException {
        return (int) Files.readAllLines(out.resolve(RunJournal.FILE_NAME)).stream().filter(l -> !l.isBlank())
                .count() - 1;
    }

    // item 6

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws Exception {
        Path out = dir.resolve("out");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailed = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                SignatureRun.run(request(out), new ProgressListener() {
                    @Override
                    public void batchDone(int done, int planned, long samples) {
                        if (done == 1) {
                            inside.countDown();
                            try {
                                release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
            } catch (Throwable t) {
                firstFailed.set(t);
            }
        });
        first.start();
        try {
            assertTrue(inside.await(30, TimeUnit.SECONDS), "the first run reached its first batch");
            UserInputException e = assertThrows(UserInputException.class,
                    () -> SignatureRun.run(request(out), ProgressListener.SILENT));
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("PID " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals(1, journalledBatches(out), "the refused run left the first run's journal alone");
        } finally {
            release.countDown();
            first.join(30_000);
        }
        assertEquals(null, firstFailed.get());
        assertEquals(BATCHES, SignatureJson.read(out).data().batches());
        assertEquals(0, Files.size(out.resolve(OutputLock.FILE_NAME)), "released: the owner is cleared");
        SignatureRun.run(request(out).withOverwrite(true), ProgressListener.SILENT); // and the folder is free again
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOverWithANotice() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Process p = new ProcessBuilder("true").start();
        long deadPid;
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            deadPid = p.pid();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Files.writeString(out.resolve(OutputLock.FILE_NAME), "pid=" + deadPid + "\nhost=elsewhere-or-here\n"
                + "locked=2026-01-01T00:00:00Z\n");
        List<String> notices = Collections.synchronizedList(new ArrayList<>());
        SignatureRun.run(request(out), new ProgressListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        });
        assertTrue(notices.stream().anyMatch(n -> n.contains("stale lock") && n.contains("PID " + deadPid)),
                notices.toString());
        assertEquals(BATCHES, SignatureJson.read(out).data().batches());
    }

    @Test
    void theLockIsReleasedWhenARunFails() throws IOException {
        Path out = dir.resolve("out");
        assertThrows(UserInputException.class,
                () -> SignatureRun.run(request(out).withBatches(1000, 0), ProgressListener.SILENT));
        assertEquals(0, Files.size(out.resolve(OutputLock.FILE_NAME)));
        SignatureRun.run(request(out), ProgressListener.SILENT);
    }

    // item 7

    @Test
    void aStopTokenStopsBetweenBatchesAndAResumeCompletesExactly() throws IOException {
        Signature whole = SignatureRun.run(request(dir.resolve("whole")), ProgressListener.SILENT);
        Path out = dir.resolve("out");
        StopToken stop = new StopToken();
        RunStoppedException e = assertThrows(RunStoppedException.class, () -> SignatureRun.run(request(out),
                new ProgressListener() {
                    @Override
                    public void batchDone(int done, int planned, long samples) {
                        if (done == 3) {
                            stop.requestStop();
                        }
                    }
                }, stop, SignatureOutputs.Extra.NONE));
        // the forward pass of batch 4 may be in flight when the token is set: it is finished and journalled
        assertTrue(e.done() == 3 || e.done() == 4, "stopped after " + e.done());
        assertEquals(BATCHES, e.planned());
        assertEquals(e.done(), journalledBatches(out), "every batch counted is journalled");
        assertFalse(Files.exists(out.resolve(SignatureOutputs.JSON)), "nothing published");
        assertEquals(0, Files.size(out.resolve(OutputLock.FILE_NAME)), "lock released");

        Signature resumed = SignatureRun.run(request(out).withResume(true), ProgressListener.SILENT);
        assertEquals(BATCHES, resumed.data().batches());
        for (int s = 0; s < whole.sites().size(); s++) {
            assertEquals(whole.sites().get(s).affinity().perBatch(), resumed.sites().get(s).affinity().perBatch(),
                    "site " + s);
        }
    }

    // item 9

    @Test
    void aCompleteRunPublishesAManifestListingEveryFile() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT, StopToken.NEVER,
                (s, staging) -> Files.writeString(staging.resolve("report.html"), "<html></html>"));
        String manifest = Files.readString(out.resolve(OutputSet.MANIFEST));
        assertTrue(manifest.contains("\"complete\" : true"), manifest);
        for (String f : List.of("signature.json", "signature.csv", "report.html")) {
            assertTrue(manifest.contains(f), manifest);
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".nlsig-publish-")
                    || p.getFileName().toString().endsWith(".tmp")), "no staging or temporary file left");
        }
        assertEquals(BATCHES, SignatureJson.read(out).data().batches());
        assertEquals(BATCHES, SignatureJson.read(out.resolve("signature.json")).data().batches());
    }

    @Test
    void aFreshRunRemovesThePreviousResultsAndLeftoversAtItsStart() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT, StopToken.NEVER,
                (s, staging) -> Files.writeString(staging.resolve("report.html"), "<html></html>"));
        Files.createDirectories(out.resolve("figures"));
        Files.writeString(out.resolve("figures/a.svg"), "<svg/>");
        Files.createDirectories(out.resolve("tables"));
        Files.writeString(out.resolve("tables/a.csv"), "x");
        Files.write(out.resolve(".signature.json12345.tmp"), new byte[0]);
        Files.createDirectories(out.resolve(".nlsig-publish-987"));
        Files.writeString(out.resolve(".nlsig-publish-987/signature.json"), "{}");
        Files.writeString(out.resolve("notes.txt"), "mine");

        // a fresh run killed (here: stopped) after its first batch shows no result as current
        stopAfterFirstBatch(out);
        for (String gone : List.of("signature.json", "signature.csv", "report.html", "figures", "tables",
                ".signature.json12345.tmp", ".nlsig-publish-987")) {
            assertFalse(Files.exists(out.resolve(gone)), gone + " removed");
        }
        assertTrue(Files.exists(out.resolve("notes.txt")), "other files are left alone");
        assertThrows(IOException.class, () -> SignatureJson.read(out));
    }

    @Test
    void anEarlierRunsSignatureBesideAnUnfinishedJournalIsRefused() throws IOException {
        Path out = dir.resolve("out");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        byte[] old = Files.readAllBytes(out.resolve("signature.json"));
        stopAfterFirstBatch(out);
        // a folder of an older nlsig (no manifest) killed after the journal was replaced
        Files.write(out.resolve("signature.json"), old);
        Files.deleteIfExists(out.resolve(OutputSet.MANIFEST));
        IOException e = assertThrows(IOException.class, () -> SignatureJson.read(out.resolve("signature.json")));
        assertTrue(e.getMessage().contains("did not finish") && e.getMessage().contains("--resume"), e.getMessage());
        // the same file elsewhere is an ordinary signature file
        Path copy = Files.write(dir.resolve("copy.json"), old);
        assertEquals(BATCHES, SignatureJson.read(copy).data().batches());
    }

    @Test
    void aFailingWriterLeavesThePreviousCompleteSet() throws IOException {
        Path out = dir.resolve("out");
        Signature first = SignatureRun.run(request(out), ProgressListener.SILENT);
        byte[] csv = Files.readAllBytes(out.resolve("signature.csv"));
        // resume of the finished run re-publishes; the report writer fails (a full disk) after signature.json
        IOException e = assertThrows(IOException.class, () -> SignatureRun.run(request(out).withResume(true),
                ProgressListener.SILENT, StopToken.NEVER, (s, staging) -> {
                    throw new IOException("No space left on device");
                }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals(first, SignatureJson.read(out), "the previous complete set is still the current one");
        assertTrue(java.util.Arrays.equals(csv, Files.readAllBytes(out.resolve("signature.csv"))));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".nlsig-publish-")
                    || p.getFileName().toString().endsWith(".tmp")), "no staging or temporary file left");
        }
    }

    @Test
    void aFailingSecondFileOfAPublishedSetLeavesTheFolderAsItWas() throws IOException {
        Path out = dir.resolve("out");
        OutputSet.publish(out, List.of(s -> Files.writeString(s.resolve("signature.json"), "{\"v\":1}"),
                s -> Files.writeString(s.resolve("signature.csv"), "v\n1\n")));
        IOException e = assertThrows(IOException.class, () -> OutputSet.publish(out, List.of(
                s -> Files.writeString(s.resolve("signature.json"), "{\"v\":2}"),
                s -> {
                    throw new IOException("disk full");
                })));
        assertEquals("disk full", e.getMessage());
        assertEquals("{\"v\":1}", Files.readString(out.resolve("signature.json")));
        assertEquals("v\n1\n", Files.readString(out.resolve("signature.csv")));
        OutputSet.verify(out.resolve("signature.json"), "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh run into out, stopped (as by a signal) once its first batch is journalled. */
    private void stopAfterFirstBatch(Path out) {
        StopToken stop = new StopToken();
        assertThrows(RunStoppedException.class, () -> SignatureRun.run(request(out).withOverwrite(true),
                new ProgressListener() {
                    @Override
                    public void batchDone(int done, int planned, long samples) {
                        stop.requestStop();
                    }
                }, stop, SignatureOutputs.Extra.NONE));
    }

    /** #18: a fresh run does not replace a folder's results or unfinished run unless asked to (--overwrite). */
    @Test
    void aFreshRunIntoAFolderWithResultsOrAnUnfinishedRunIsRefusedWithoutOverwrite() throws IOException {
        Path out = dir.resolve("kept");
        SignatureRun.run(request(out), ProgressListener.SILENT);
        byte[] before = Files.readAllBytes(out.resolve("signature.json"));
        UserInputException results = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request(out), ProgressListener.SILENT));
        assertTrue(results.getMessage().contains("holds the results of an earlier run")
                && results.getMessage().contains("--overwrite"), results.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("signature.json")), "nothing was touched");

        Path unfinished = dir.resolve("unfinished");
        stopAfterFirstBatch(unfinished);
        UserInputException journal = assertThrows(UserInputException.class,
                () -> SignatureRun.run(request(unfinished), ProgressListener.SILENT));
        assertTrue(journal.getMessage().contains("holds an unfinished run (its journal has ")
                && journal.getMessage().contains("--resume") && journal.getMessage().contains("--overwrite"),
                journal.getMessage());
        SignatureRun.run(request(unfinished).withResume(true), ProgressListener.SILENT);
    }
}
