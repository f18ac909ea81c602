package org.nlsig.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress of a long activation study as a line every few seconds on stderr ("sliding-mean: 40 of 121 inputs, 35 s
 * left"), so a run of a minute or more is never silent. Lines rather than a redrawn bar: they read the same in a
 * terminal and in a log.
 */
final class StudyProgress implements IntConsumer {
    /** Seconds between lines. */
    static final double PERIOD = 5;

    private final PrintWriter err;
    private final String study;
    private final int total;
    private final long start = System.nanoTime();
    private long last = start;

    StudyProgress(PrintWriter err, String study, int total) {
        this.err = err;
        this.study = study;
        this.total = total;
    }

    @Override
    public void accept(int done) {
        long now = System.nanoTime();
        if (done < total && (now - last) / 1e9 < PERIOD) {
            return;
        }
        last = now;
        double elapsed = (now - start) / 1e9;
        String left = done >= total ? String.format(Locale.ROOT, "done in %.0f s", elapsed)
                : String.format(Locale.ROOT, "%.0f s left", elapsed / done * (total - done));
        err.printf(Locale.ROOT, "nlsig: %s: %d of %d inputs scored, %s%n", study, done, total, left);
        err.flush();
    }
}
