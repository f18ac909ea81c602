package org.nlsig.signature.pipeline;

/** Hears about a run's progress (the command line draws a bar from it). Called from the run's scoring thread. */
public interface ProgressListener {
    /** The run knows its sites and batches; {@code alreadyDone} batches come from the journal. */
    default void started(int sites, int plannedBatches, int alreadyDone, int batchSize) {
    }

    /** One more batch is scored and journalled. */
    default void batchDone(int batchesDone, int plannedBatches, long samplesDone) {
    }

    /** Something the user should know (a device fallback, a skipped batch). */
    default void notice(String message) {
    }

    ProgressListener SILENT = new ProgressListener() {
    };
}
