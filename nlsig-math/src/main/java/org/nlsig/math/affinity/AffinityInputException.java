package org.nlsig.math.affinity;

/** Inputs the affinity score cannot be computed on; the message says what to change. */
public final class AffinityInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AffinityInputException(String message) {
        super(message);
    }
}
