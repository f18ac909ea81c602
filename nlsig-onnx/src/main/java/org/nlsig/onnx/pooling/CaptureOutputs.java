package org.nlsig.onnx.pooling;

import java.util.List;
import java.util.Optional;

/**
 * Names of the graph outputs the rewrite adds for one site: pooled X and Y (float, samples x d) and, when sparsity
 * is asked for, the sparsity counts, all four together or none.
 *
 * @param sparsity present when the sparsity metric is computed
 */
public record CaptureOutputs(String pooledX, String pooledY, Optional<SparsityOutputs> sparsity) {

    /**
     * The sparsity metric's outputs for one site.
     *
     * @param nearZeroX per-sample counts of near-zero entries of the full X (int64, samples)
     * @param nearZeroY the same for Y
     * @param sizeX     X's total element count (int64 scalar)
     * @param sizeY     Y's
     */
    public record SparsityOutputs(String nearZeroX, String nearZeroY, String sizeX, String sizeY) {

        /** The four output names. */
        public List<String> names() {
            return List.of(nearZeroX, nearZeroY, sizeX, sizeY);
        }
    }

    /** Every output name, pooled matrices first. */
    public List<String> names() {
        List<String> all = new java.util.ArrayList<>(List.of(pooledX, pooledY));
        sparsity.ifPresent(s -> all.addAll(s.names()));
        return all;
    }
}
