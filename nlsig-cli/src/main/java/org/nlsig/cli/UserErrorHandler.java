package org.nlsig.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxFormatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The command line's error model. A user's mistake ({@link UserInputException}, which includes the .npy format
 * errors, an {@link OnnxFormatException}, or an {@link IOException}: a missing, unreadable or malformed file) is one
 * line on stderr naming the command and the file or option, exit code 1. Anything else is a bug in nlsig, however
 * plausible its message: one line saying so, the full report (stack trace, versions, arguments) in a log file the
 * user can attach to a bug report, exit code 70 (EX_SOFTWARE).
 *
 * <p>picocli's own parameter errors (unknown option, missing argument) never reach this class; picocli prints
 * them with the usage and exit code 2.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 70;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private final Path logDir;

    /** Logs internal errors under {@code ${java.io.tmpdir}/nlsig-errors}. */
    UserErrorHandler() {
        this(Path.of(System.getProperty("java.io.tmpdir"), "nlsig-errors"));
    }

    /** Logs internal errors in {@code logDir} (tests pass a temporary folder). */
    UserErrorHandler(Path logDir) {
        this.logDir = logDir;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        // picocli hands over the command's exception, or its own wrapper when the command threw an Error.
        Throwable thrown = ex instanceof CommandLine.ExecutionException && ex.getCause() instanceof Error e ? e : ex;
        return handle(thrown, cl, parsed == null ? List.of() : parsed.originalArgs());
    }

    /**
     * Reports any throwable that escaped a command, {@link Error}s included (picocli lets those through, so
     * {@link NlsigCommand#execute} hands them here); returns the exit code.
     */
    int handle(Throwable ex, CommandLine cl, List<String> args) {
        String command = cl.getCommandSpec().qualifiedName(" ");
        PrintWriter err = cl.getErr();
        String message = userMessage(ex);
        if (message != null) {
            err.println(command + ": error: " + message);
            err.flush();
            return USER_ERROR;
        }
        err.println(command + ": internal error: " + ex.getClass().getName() + ": " + ex.getMessage());
        if (ex instanceof OutOfMemoryError) {
            // Usually not a bug but a heap too small for the model or batch; say how to raise it.
            err.println("the Java heap is too small for this run: raise it with e.g. NLSIG_JAVA_OPTS=-Xmx8g "
                    + "(read by the nlsig launcher), or make the run smaller (--batch-size, --samples)");
        }
        String report = report(ex, command, args);
        Path log = writeLog(report);
        if (log != null) {
            err.println("the stack trace is in " + log + "; please report it with that file");
        } else {
            // No log file: the trace must not be lost, so it goes to stderr after all.
            err.println("the stack trace could not be written to " + logDir + "; here it is:");
            err.print(report);
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    /** The one-line message for a user's mistake, or null if {@code ex} is a bug. */
    static String userMessage(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            return userMessage(u.getCause());
        }
        if (ex instanceof UserInputException || ex instanceof OnnxFormatException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile() + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof FileAlreadyExistsException e) {
            return "file already exists: " + e.getFile();
        }
        if (ex instanceof FileSystemException e) {
            return e.getMessage(); // "FILE: REASON" or "FILE -> OTHER: REASON"
        }
        if (ex instanceof FileNotFoundException || ex instanceof IOException) {
            // A problem of the environment or of a file; nlsig's own IOExceptions name the file, and the JDK's
            // FileNotFoundException says "PATH (REASON)".
            return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        }
        return null;
    }

    private static String report(Throwable ex, String command, List<String> args) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        w.println(command + ": internal error");
        for (String line : new VersionProvider().getVersion()) {
            w.println(line);
        }
        w.println("time: " + ZonedDateTime.now(ZoneOffset.UTC));
        w.println("arguments: " + args);
        w.println();
        ex.printStackTrace(w);
        w.flush();
        return s.toString();
    }

    /** Writes the report to a new file in the log folder; null if that is not possible. */
    private Path writeLog(String report) {
        try {
            Files.createDirectories(logDir);
            String base = "nlsig-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                    + ProcessHandle.current().pid();
            for (int k = 1; ; k++) {
                // Two failures within a millisecond (tests, threads) must not overwrite each other's log.
                Path file = logDir.resolve(base + (k == 1 ? "" : "-" + k) + ".log");
                try {
                    return Files.writeString(Files.createFile(file), report, StandardCharsets.UTF_8);
                } catch (FileAlreadyExistsException taken) {
                    if (k >= 100) {
                        throw taken;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
