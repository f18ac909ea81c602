package org.nlsig.report.study;

import java.util.Objects;
import org.nlsig.signature.result.Signature;

/**
 * One run of a study (a row of {@code nlsig study}'s STUDY.csv with its signature): what was run and the signature it
 * gave. Every descriptive field but the name may be null (unknown); an analysis uses the runs that give the fields it
 * needs.
 *
 * @param name       the run's name, shown in tables and figures
 * @param family     the architecture (Table 3 groups pretraining variants by it)
 * @param group      runs of one model that the per-group analyses compare (datasets, batch sizes, seeds,
 *                   checkpoints)
 * @param dataset    the data the signature was computed on
 * @param checkpoint the training checkpoint: a number (epoch, step) or a label such as {@code init}
 * @param batchSize  the batch size of the signature run
 * @param seed       the training seed of the model
 * @param year       the architecture's year
 * @param accuracy   the model's top-1 accuracy
 * @param signature  the run's signature
 */
public record StudyEntry(String name, String family, String group, String dataset, String checkpoint,
        Integer batchSize, Long seed, Integer year, Double accuracy, Signature signature) {

    public StudyEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signature, "signature");
    }

    /** A run known by its name and signature only. */
    public static StudyEntry of(String name, Signature signature) {
        return new StudyEntry(name, null, null, null, null, null, null, null, null, signature);
    }
}
