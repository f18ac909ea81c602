package org.nlsig.onnx.runtime;

/**
 * Per sample, how many entries of the full (unpooled) input and output tensors have |v| &lt;= 1e-3, and how many
 * entries each sample has: sparsity before = nearZeroBefore[i] / elementsBefore.
 */
public record SparsityCounts(long[] nearZeroBefore, long[] nearZeroAfter, long elementsBefore,
                             long elementsAfter) {
    public double fractionBefore(int sample) {
        return (double) nearZeroBefore[sample] / elementsBefore;
    }

    public double fractionAfter(int sample) {
        return (double) nearZeroAfter[sample] / elementsAfter;
    }
}
