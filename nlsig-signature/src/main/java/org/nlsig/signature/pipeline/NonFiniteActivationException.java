package org.nlsig.signature.pipeline;

import org.nlsig.io.UserInputException;

/**
 * NaN or infinite activations met under --strict; the message names the site and batch. A user error: the user
 * asked to stop on them, and the model or data produced them.
 */
public final class NonFiniteActivationException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public NonFiniteActivationException(String message) {
        super(message);
    }
}
