package org.nlsig.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions a user can act on (bad files, bad input data, bad arguments) into one clear line on stderr
 * and exit code 1; anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 70;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        String message = userMessage(ex);
        if (message != null) {
            cl.getErr().println("nlsig " + cl.getCommandName() + ": error: " + message);
            return USER_ERROR;
        }
        cl.getErr().println("nlsig " + cl.getCommandName() + ": internal error (please report it):");
        ex.printStackTrace(cl.getErr());
        return INTERNAL_ERROR;
    }

    private static String userMessage(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile() + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof FileNotFoundException || ex instanceof IOException) {
            return ex.getMessage();
        }
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex.getClass().getSimpleName().endsWith("FormatException")) {
            return ex.getMessage();
        }
        if (ex instanceof UserException) {
            return ex.getMessage();
        }
        return null;
    }
}
