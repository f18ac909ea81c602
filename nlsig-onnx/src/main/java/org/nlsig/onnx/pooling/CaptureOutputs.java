package org.nlsig.onnx.pooling;

import java.util.Optional;

/**
 * Names of the graph outputs the rewrite adds for one site: pooled X and Y (float, samples x d) and, when sparsity
 * is asked for, per-sample counts of near-zero entries of the full X and Y (int64, samples) and their total
 * element counts (int64 scalars).
 */
public record CaptureOutputs(String pooledX, String pooledY, Optional<String> nearZeroX,
                             Optional<String> nearZeroY, Optional<String> sizeX, Optional<String> sizeY) {
}
