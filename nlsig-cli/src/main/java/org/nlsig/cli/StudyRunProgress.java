package org.nlsig.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.study.StudyRow;
import org.nlsig.signature.study.StudyRun;

/**
 * A study's progress on standard error: a line per run as it starts (what its folder held: reused, resuming,
 * replacing), the run's batches as {@code nlsig signature} shows them, and after each run the runs finished and the
 * study's time left. The estimate is the mean time of the runs computed so far times the runs left: the runs of a
 * study are usually alike (one architecture over seeds or checkpoints), and a reused run costs next to nothing.
 */
final class StudyRunProgress implements StudyRun.Listener {
    private final PrintWriter err;
    private final boolean terminal;
    private TerminalProgress current;
    private double computedSeconds;
    private int computed;

    StudyRunProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void rowStarting(int index, int total, StudyRow row, SignatureRun.Existing existing) {
        String what = switch (existing) {
            case COMPLETE -> "finished before with the same identity: reused";
            case UNFINISHED -> "resuming from its journal";
            case OTHER -> "the row changed: computing it again";
            case NONE -> "computing";
        };
        err.printf(Locale.ROOT, "nlsig study: run %d of %d: %s: %s%n", index + 1, total, row.name(), what);
        err.flush();
        current = new TerminalProgress(err, terminal);
    }

    @Override
    public ProgressListener batches() {
        return current == null ? ProgressListener.SILENT : current;
    }

    @Override
    public void rowFinished(int index, int total, StudyRun.Outcome outcome) {
        if (current != null) {
            current.finish();
        }
        if (outcome.status() == StudyRun.Status.DONE) {
            computed++;
            computedSeconds += outcome.seconds();
        }
        int left = total - index - 1;
        String eta = computed == 0 || left == 0 ? "" : ", about " + TerminalProgress.duration(
                computedSeconds / computed * left) + " left";
        err.printf(Locale.ROOT, "nlsig study: %s %s in %.1f s%s; %d of %d runs finished%s%n", outcome.row().name(),
                outcome.status().id(), outcome.seconds(), outcome.message().isEmpty() ? ""
                        : " (" + outcome.message().lines().findFirst().orElse("") + ")", index + 1, total, eta);
        err.flush();
    }
}
