package org.nlsig.onnx.pooling;

import java.util.Arrays;
import org.nlsig.onnx.model.ElementType;

/**
 * How one tensor of a track becomes a samples x width matrix: averaged over {@code reducedAxes} (a pooling mode's
 * axes), or flattened to all its values per sample.
 *
 * @param tensor      the tensor's name in the graph
 * @param elementType its element type (non-float32 tensors are cast to float32 in the graph first)
 * @param rank        its rank, batch axis included
 * @param reducedAxes axes averaged away (empty: kept as is); ignored when flattened
 * @param flatten     keep every value: samples x (product of the other dimensions)
 * @param masked      a token tensor [batch, tokens, features] of token data: averaged over the tokens its attention
 *                    mask marks with 1 (a {@link TokenMask}), so padding never enters a sample
 */
public record TensorPooling(String tensor, ElementType elementType, int rank, int[] reducedAxes, boolean flatten,
        boolean masked) {
    public TensorPooling(String tensor, ElementType elementType, int rank, int[] reducedAxes, boolean flatten) {
        this(tensor, elementType, rank, reducedAxes, flatten, false);
    }

    public TensorPooling {
        if (masked && (rank != 3 || flatten)) {
            throw new IllegalArgumentException("tensor '" + tensor + "': only a [batch, tokens, features] tensor is"
                    + " pooled by a token mask, and then not flattened");
        }
        if (rank < 2) {
            throw new IllegalArgumentException("tensor '" + tensor + "' has rank " + rank
                    + "; a track tensor needs a batch axis and at least one more");
        }
        reducedAxes = reducedAxes.clone();
    }

    /** Pooled with {@code mode}, keeping {@code featureAxis}. */
    public static TensorPooling pooled(String tensor, ElementType type, int rank, int featureAxis, PoolingMode mode) {
        return new TensorPooling(tensor, type, rank, mode.reducedAxes(rank, featureAxis), false);
    }

    public static TensorPooling flattened(String tensor, ElementType type, int rank) {
        return new TensorPooling(tensor, type, rank, new int[0], true);
    }

    /** A token tensor [batch, tokens, features] averaged over its real tokens. */
    public static TensorPooling maskedTokens(String tensor, ElementType type) {
        return new TensorPooling(tensor, type, 3, new int[] {1}, false, true);
    }

    @Override
    public int[] reducedAxes() {
        return reducedAxes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorPooling p && p.tensor.equals(tensor) && p.elementType == elementType
                && p.rank == rank && Arrays.equals(p.reducedAxes, reducedAxes) && p.flatten == flatten
                && p.masked == masked;
    }

    @Override
    public int hashCode() {
        return tensor.hashCode() * 31 + Arrays.hashCode(reducedAxes);
    }
}
