package org.nlsig.io;

/**
 * A mistake the user can fix: a bad or missing file, a bad option value, data that does not fit the model. The
 * command line prints the message as one line and exits with code 1, so the message must say what to change and
 * name the file, tensor, row or option it is about; no stack trace is shown.
 *
 * <p>Everything else that escapes a command is treated as a bug in nlsig (an internal error with a logged stack
 * trace): throw this type only for what the user caused, and keep {@link IllegalArgumentException} and
 * {@link IllegalStateException} for checks between nlsig's own classes.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
