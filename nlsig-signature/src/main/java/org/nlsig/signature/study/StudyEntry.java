package org.nlsig.signature.study;

import org.nlsig.signature.result.Signature;

/**
 * One finished run of a study with what its row says about it: what study analyses (grouping by architecture,
 * dataset, seed or checkpoint) take.
 *
 * @param name        the run's name (unique in the study)
 * @param group       runs of one architecture across datasets, seeds or checkpoints share it; null when not given
 * @param dataset     the dataset's name, or null
 * @param checkpoint  the checkpoint, or null
 * @param batchSize   samples per batch
 * @param shuffleSeed the seed of the sample order, or null for the data's own order
 * @param family      the model family, or null
 * @param year        the architecture's year, or null
 * @param accuracy    top-1 accuracy: the row's, else the run's measured one, else null
 * @param signature   the run's signature, as published in {@code runs/NAME/signature.json}
 */
public record StudyEntry(String name, String group, String dataset, String checkpoint, int batchSize,
        Long shuffleSeed, String family, Integer year, Double accuracy, Signature signature) {

    static StudyEntry of(StudyRow row, Signature signature) {
        StudyRow.Facts f = row.facts();
        Double accuracy = f.accuracy() != null ? f.accuracy()
                : signature.accuracy() != null ? Double.valueOf(signature.accuracy().top1()) : null;
        return new StudyEntry(row.name(), f.group(), f.dataset(), f.checkpoint(), row.batchSize(), row.shuffle(),
                f.family(), f.year(), accuracy, signature);
    }
}
