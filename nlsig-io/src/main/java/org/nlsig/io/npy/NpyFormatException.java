package org.nlsig.io.npy;

/** A file that is not a valid .npy array, or not one nlsig can read; the message names the file. */
public class NpyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
