package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyFormatException;
import org.nlsig.onnx.model.OnnxFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The error model: user mistakes are one line and exit 1; anything else is an internal error, logged, exit 70. */
class ErrorModelTest {
    private static final Pattern LOG_LINE = Pattern.compile("the stack trace is in (.+); please report it with "
            + "that file");

    @TempDir
    Path dir;

    /** A test-only subcommand that fails the way it is told. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Option(names = "--with")
        String with = "npe";

        @Override
        public Integer call() throws IOException {
            switch (with) {
                case "npe" -> throw new NullPointerException("boom: nothing here");
                case "state" -> throw new IllegalStateException("boom: cannot happen");
                case "argument" -> throw new IllegalArgumentException("boom: bad argument between our classes");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "user" -> throw new UserInputException("boom.npy: row 3 is broken");
                case "io" -> throw new NoSuchFileException("boom.onnx");
                default -> {
                    return 0;
                }
            }
        }
    }

    private record Run(int exit, String out, String err) {
        String[] errLines() {
            return err.strip().split("\\R");
        }
    }

    /** The real command line plus {@code boom}, internal errors logged under {@code logDir}. */
    private static Run run(Path logDir, String... args) {
        CommandLine cl = NlsigCommand.newCommandLine();
        cl.addSubcommand("boom", new Boom());
        cl.setExecutionExceptionHandler(new UserErrorHandler(logDir));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = NlsigCommand.execute(cl, args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path logOf(Run r) {
        Matcher m = LOG_LINE.matcher(r.errLines()[r.errLines().length - 1]);
        assertTrue(m.matches(), r.err());
        return Path.of(m.group(1));
    }

    private void assertInternal(Run r, String exceptionClass, String message) throws IOException {
        assertEquals(UserErrorHandler.INTERNAL_ERROR, r.exit(), r.err());
        assertEquals("nlsig boom: internal error: " + exceptionClass + ": " + message, r.errLines()[0], r.err());
        assertFalse(r.err().contains("\tat "), "the trace belongs in the log, not on stderr: " + r.err());
        Path log = logOf(r);
        assertEquals(dir.resolve("logs"), log.getParent());
        assertTrue(log.getFileName().toString().matches("nlsig-\\d{8}T\\d{6}\\.\\d{3}Z-\\d+(-\\d+)?\\.log"),
                log.toString());
        String text = Files.readString(log);
        assertTrue(text.contains(exceptionClass + ": " + message), text);
        assertTrue(text.contains("\tat org.nlsig.cli.ErrorModelTest$Boom.call"), text);
        assertTrue(text.contains("Java " + System.getProperty("java.version")), text);
        assertTrue(text.contains(System.getProperty("os.name")), text);
        assertTrue(text.contains("nlsig "), text);
    }

    @Test
    void aBugIsAnInternalErrorWithItsStackTraceInALogFile() throws IOException {
        Run r = run(dir.resolve("logs"), "boom", "--with", "npe");
        assertInternal(r, "java.lang.NullPointerException", "boom: nothing here");
        assertEquals(2, r.errLines().length, r.err());
        assertTrue(Files.readString(logOf(r)).contains("arguments: [boom, --with, npe]"));
    }

    @Test
    void illegalStateAndIllegalArgumentAreInternalNotUserErrors() throws IOException {
        assertInternal(run(dir.resolve("logs"), "boom", "--with", "state"), "java.lang.IllegalStateException",
                "boom: cannot happen");
        assertInternal(run(dir.resolve("logs"), "boom", "--with", "argument"), "java.lang.IllegalArgumentException",
                "boom: bad argument between our classes");
        // Two failures in a row get two log files, not one overwritten.
        try (var logs = Files.list(dir.resolve("logs"))) {
            assertEquals(2, logs.count());
        }
    }

    @Test
    void outOfMemoryIsInternalWithAHintToRaiseTheHeap() throws IOException {
        Run r = run(dir.resolve("logs"), "boom", "--with", "oom");
        assertInternal(r, "java.lang.OutOfMemoryError", "Java heap space");
        assertTrue(r.err().contains("NLSIG_JAVA_OPTS=-Xmx"), r.err());
        assertEquals(3, r.errLines().length, r.err());
    }

    @Test
    void withoutAWritableLogFolderTheTraceGoesToStderr() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Run r = run(notAFolder.resolve("logs"), "boom");
        assertEquals(UserErrorHandler.INTERNAL_ERROR, r.exit());
        assertEquals("nlsig boom: internal error: java.lang.NullPointerException: boom: nothing here",
                r.errLines()[0]);
        assertTrue(r.err().contains("could not be written to " + notAFolder.resolve("logs")), r.err());
        assertTrue(r.err().contains("\tat org.nlsig.cli.ErrorModelTest$Boom.call"), r.err());
    }

    @Test
    void aUserErrorIsOneLineWithExitCode1AndNoLog() {
        Run r = run(dir.resolve("logs"), "boom", "--with", "user");
        assertEquals(UserErrorHandler.USER_ERROR, r.exit());
        assertEquals("nlsig boom: error: boom.npy: row 3 is broken", r.err().strip());
        Run io = run(dir.resolve("logs"), "boom", "--with", "io");
        assertEquals(UserErrorHandler.USER_ERROR, io.exit());
        assertEquals("nlsig boom: error: no such file: boom.onnx", io.err().strip());
        assertFalse(Files.exists(dir.resolve("logs")), "user errors write no log");
    }

    @Test
    void realCommandsNameTheFullCommandPathAndTheOption() {
        Run limit = run(dir.resolve("logs"), "data", "preview", "random:3x4x4,n=4", "--limit", "0", "--out",
                dir.resolve("o.npy").toString());
        assertEquals(1, limit.exit(), limit.err());
        assertEquals("nlsig data preview: error: --limit must be at least 1, got 0", limit.err().strip());

        Run missing = run(dir.resolve("logs"), "score", dir.resolve("nope.npy").toString(),
                dir.resolve("y.npy").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.errLines().length, missing.err());
        assertTrue(missing.err().startsWith("nlsig score: error: ") && missing.err().contains("nope.npy"),
                missing.err());

        Run samples = run(dir.resolve("logs"), "activations", "input-range", "--samples", "1", "--out",
                dir.resolve("a").toString());
        assertEquals(1, samples.exit());
        assertEquals("nlsig activations input-range: error: --samples must be at least 2, got 1",
                samples.err().strip());

        Run covariance = run(dir.resolve("logs"), "activations", "polynomial", "--covariance", "oas", "--out",
                dir.resolve("a").toString());
        assertEquals(2, covariance.exit(), "a value picocli cannot convert is a usage error");
        assertTrue(covariance.err().startsWith("Invalid value for option '--covariance': unknown covariance "
                + "estimator 'oas'"), covariance.err());
        assertFalse(Files.exists(dir.resolve("logs")), "user errors write no log");
    }

    @Test
    void theHandlerTellsUserMistakesFromBugs() {
        assertEquals("x.npy: bad header", UserErrorHandler.userMessage(new NpyFormatException("x.npy: bad header")));
        assertEquals("m.onnx: not ONNX", UserErrorHandler.userMessage(new OnnxFormatException("m.onnx: not ONNX")));
        assertEquals("no such file: a.npy", UserErrorHandler.userMessage(new NoSuchFileException("a.npy")));
        assertEquals("permission denied: /root/x", UserErrorHandler.userMessage(new AccessDeniedException("/root/x")));
        assertEquals("no such file: b.csv", UserErrorHandler.userMessage(
                new UncheckedIOException(new NoSuchFileException("b.csv"))));
        assertEquals("out.json: disk full", UserErrorHandler.userMessage(new IOException("out.json: disk full")));
        assertNull(UserErrorHandler.userMessage(new IllegalStateException("x")));
        assertNull(UserErrorHandler.userMessage(new IllegalArgumentException("x")));
        assertNull(UserErrorHandler.userMessage(new NullPointerException()));
        // The old rule matched any class named *FormatException; a NumberFormatException is a bug now.
        assertNull(UserErrorHandler.userMessage(new NumberFormatException("For input string: \"x\"")));
    }

    @Test
    void handlerCalledDirectlyLogsANullPointerException() throws IOException {
        CommandLine cl = NlsigCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        UserErrorHandler handler = new UserErrorHandler(dir.resolve("logs"));
        int exit = handler.handleExecutionException(new NullPointerException("direct"), cl, null);
        assertEquals(70, exit);
        Run r = new Run(exit, "", err.toString());
        assertEquals("nlsig: internal error: java.lang.NullPointerException: direct", r.errLines()[0]);
        assertTrue(Files.readString(logOf(r)).contains("java.lang.NullPointerException: direct"));
    }
}
