package org.nlsig.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nlsig.signature.pipeline.StopToken;

/**
 * SIGINT and SIGTERM during a signature run: a shutdown hook sets the run's {@link StopToken} and holds the JVM's
 * shutdown until the run has reached its next safe point (the forward pass in flight finished, its batch journalled,
 * the session closed, the output lock released and the resume hint printed), at most {@link #GRACE_SECONDS}. Without
 * it the JVM would tear down while ONNX Runtime still computes, and crash in native code. The JVM then exits with
 * 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM.
 */
final class StopOnSignal implements AutoCloseable {
    static final long GRACE_SECONDS = 30;

    private final StopToken token = new StopToken();
    private final CountDownLatch safe = new CountDownLatch(1);
    private final Thread hook;

    private StopOnSignal() {
        hook = new Thread(this::stopAndWait, "nlsig-stop-on-signal");
    }

    static StopOnSignal install() {
        StopOnSignal s = new StopOnSignal();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    StopToken token() {
        return token;
    }

    private void stopAndWait() {
        token.requestStop();
        try {
            if (!safe.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("nlsig: the run did not reach a safe point within " + GRACE_SECONDS
                        + " s; exiting anyway (the journal keeps every finished batch)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run is at a safe point (finished, failed or stopped): the JVM may exit; the hook is removed. */
    @Override
    public void close() {
        safe.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
