package org.nlsig.signature.pipeline;

/**
 * Asks a running {@link SignatureRun} to stop at its next safe point: between batches, after the forward pass in
 * flight has finished and every batch passed to the scoring lane is journalled. The run then throws
 * {@link RunStoppedException}; the folder's journal lets {@code --resume} continue exactly. Set from any thread (the
 * command line's shutdown hook on SIGINT/SIGTERM).
 */
public final class StopToken {
    /** A token never set. */
    public static final StopToken NEVER = new StopToken();

    private volatile boolean requested;

    public void requestStop() {
        if (this == NEVER) {
            throw new IllegalStateException("StopToken.NEVER cannot be set");
        }
        requested = true;
    }

    public boolean stopRequested() {
        return requested;
    }
}
