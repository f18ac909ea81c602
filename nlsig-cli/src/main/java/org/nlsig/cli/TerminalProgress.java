package org.nlsig.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.nlsig.signature.pipeline.ProgressListener;

/**
 * Progress on standard error: a redrawn bar with batches done, samples per second and the time left on a terminal;
 * a plain line at most every ten seconds otherwise (logs, CI).
 */
final class TerminalProgress implements ProgressListener {
    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private long start;
    private long lastLine;
    private int firstBatch;
    private int batchSize;
    private boolean drawn;

    TerminalProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(int sites, int plannedBatches, int alreadyDone, int size) {
        start = System.nanoTime();
        lastLine = start;
        firstBatch = alreadyDone;
        batchSize = size;
        err.printf(Locale.ROOT, "nlsig: %s, %s of %d%s%n", Plural.of(sites, "activation site"),
                Plural.of(plannedBatches, "batch"), size,
                alreadyDone > 0 ? " (" + alreadyDone + " done before, resuming)" : "");
        err.flush();
    }

    @Override
    public synchronized void batchDone(int done, int planned, long samplesDone) {
        long now = System.nanoTime();
        double seconds = (now - start) / 1e9;
        int fresh = done - firstBatch;
        double rate = seconds > 0 ? fresh * (double) batchSize / seconds : 0;
        double eta = fresh > 0 ? seconds / fresh * (planned - done) : Double.NaN;
        String stats = String.format(Locale.ROOT, "%d/%d batches  %.1f samples/s  ETA %s", done, planned, rate,
                duration(eta));
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(width * (double) done / planned);
            err.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + stats + "   ");
            drawn = true;
            err.flush();
        } else if (now - lastLine >= LINE_INTERVAL_NANOS || done == planned) {
            err.println("nlsig: " + stats);
            err.flush();
            lastLine = now;
        }
    }

    @Override
    public synchronized void notice(String message) {
        if (drawn) {
            err.println();
            drawn = false;
        }
        err.println("nlsig: " + message);
        err.flush();
    }

    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
