package org.nlsig.signature.pipeline;

import java.nio.file.Path;

/**
 * A run stopped on request ({@link StopToken}) at a safe point: {@code done} of {@code planned} batches are
 * journalled in {@code dir}, the outputs are not published, and {@code --resume} continues.
 */
public final class RunStoppedException extends RuntimeException {
    private final int done;
    private final int planned;
    private final transient Path dir;

    public RunStoppedException(int done, int planned, Path dir) {
        super("stopped after " + done + " of " + planned + " batches; the journal in " + dir + " keeps them");
        this.done = done;
        this.planned = planned;
        this.dir = dir;
    }

    public int done() {
        return done;
    }

    public int planned() {
        return planned;
    }

    public Path dir() {
        return dir;
    }
}
