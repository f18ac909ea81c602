package org.nlsig.signature.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * Scores a run's unfinished batches somewhere else than the run's own thread (nlsig-spark's executors), each
 * batch exactly as a local run scores it ({@link SignatureRun#scoreRange}). The run that calls it keeps the
 * journal, assembles the signature and publishes it.
 */
public interface RemoteBatches {

    /**
     * Scores batches [first, end) of the run.
     *
     * @param identity the run's identity as this machine sees it (the model's hash among it): a task must refuse
     *                 to score a run it sees differently
     * @return the ranges, in batch order, covering [first, end) without gaps
     */
    List<ScoredRange> score(RunIdentity identity, int first, int end) throws IOException;

    /** The device named in signature.json when no batch was left to score. */
    String device();
}
