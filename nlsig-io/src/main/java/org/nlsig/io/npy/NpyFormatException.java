package org.nlsig.io.npy;

import org.nlsig.io.UserInputException;

/** A file that is not a valid .npy array, or not one nlsig can read; the message names the file. */
public class NpyFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
