package org.nlsig.signature.pipeline;

/** NaN or infinite activations met under --strict; the message names the site and batch. */
public final class NonFiniteActivationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonFiniteActivationException(String message) {
        super(message);
    }
}
