package org.nlsig.spark;

import java.io.Serializable;
import org.nlsig.signature.pipeline.RunIdentity;
import org.nlsig.signature.study.StudyRow;

/**
 * One Spark task: batches [first, end) of one study row's run. Everything an executor needs travels in it (the row
 * rebuilds the same request there); the identity is the driver's, which the executor's own must equal.
 *
 * @param threads the thread budget of the task's model runtime and scoring
 */
record RangeTask(StudyRow row, RunIdentity identity, int threads, int first, int end) implements Serializable {
    private static final long serialVersionUID = 1L;
}
