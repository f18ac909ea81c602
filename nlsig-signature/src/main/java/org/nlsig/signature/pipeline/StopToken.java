package org.nlsig.signature.pipeline;

/**
 * Asks a running {@link SignatureRun} to stop at its next safe point: between batches, the forward pass in flight
 * cancelled through ONNX Runtime's terminate flag (or finished, when it ends first), every batch passed to the
 * scoring lane journalled. The run then throws
 * {@link RunStoppedException}; the folder's journal lets {@code --resume} continue exactly. Set from any thread (the
 * command line's shutdown hook on SIGINT/SIGTERM).
 */
public final class StopToken {
    /** A token never set. */
    public static final StopToken NEVER = new StopToken();

    private volatile boolean requested;
    private final java.util.List<Runnable> onStop = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void requestStop() {
        if (this == NEVER) {
            throw new IllegalStateException("StopToken.NEVER cannot be set");
        }
        requested = true;
        onStop.forEach(Runnable::run);
    }

    /**
     * Runs {@code action} when a stop is requested (at once if it already was) until the returned handle is closed:
     * the run cancels its forward pass in flight this way.
     */
    AutoCloseable whenStopped(Runnable action) {
        if (this == NEVER) {
            return () -> {
            };
        }
        onStop.add(action);
        if (requested) {
            action.run();
        }
        return () -> onStop.remove(action);
    }

    public boolean stopRequested() {
        return requested;
    }
}
