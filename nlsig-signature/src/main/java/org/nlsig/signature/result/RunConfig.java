package org.nlsig.signature.result;

import java.util.List;

/**
 * Everything that decides a signature's values; two runs with equal configs on the same model file and data give
 * the same result (thread counts and device are recorded, but results do not depend on them).
 *
 * @param batchSize  samples per batch
 * @param maxBatches the most batches to use, or -1 for all
 * @param pooling    {@code channels} or {@code reference}
 * @param covariance {@code ledoit-wolf} or {@code sample}
 * @param metrics    the quantities computed per site: {@code affinity} and any of cka, norm, sparsity, entropy, r2
 * @param preset     preprocessing preset or description, or null when the data is used as given
 * @param threads    thread budget
 * @param device     {@code cpu} or {@code cuda[:i]} as asked
 * @param strict     stop at the first non-finite activation instead of marking the batch
 */
public record RunConfig(int batchSize, int maxBatches, String pooling, String covariance, List<String> metrics,
        String preset, int threads, String device, boolean strict) {

    public RunConfig {
        metrics = List.copyOf(metrics);
    }
}
