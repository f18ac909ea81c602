package org.nlsig.signature.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * Consecutive batches of a run scored by one remote task, each as its journal line (the journal's own JSON form,
 * which carries every double exactly): plain strings, so the value crosses JVMs by Java serialisation unchanged,
 * and the run reads each line back with the journal's range checks.
 *
 * @param first        the first batch's index
 * @param device       where the model ran
 * @param journalLines one per batch, in order
 */
public record ScoredRange(int first, String device, List<String> journalLines) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ScoredRange {
        journalLines = List.copyOf(journalLines);
    }
}
