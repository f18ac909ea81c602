package org.nlsig.onnx.pooling;

import java.util.Locale;
import java.util.stream.IntStream;
import org.nlsig.io.UserInputException;

/** How a site's tensor becomes an n x d matrix (docs/method.md section 3). */
public enum PoolingMode {
    /** The paper's definition: mean over every axis but the batch and the feature axis. */
    CHANNELS,
    /**
     * The official code's rule: rank 4: mean over the last two axes; rank 3: over the last axis; rank 2 as is.
     * Higher ranks (5-D video tensors) are averaged over every axis after the second, the same rule extended.
     */
    REFERENCE;

    /** The axes to average for a tensor of this rank whose features are on {@code featureAxis}. */
    public int[] reducedAxes(int rank, int featureAxis) {
        if (rank < 2) {
            throw new IllegalArgumentException("cannot pool a tensor of rank " + rank + " to samples x features");
        }
        if (this == CHANNELS) {
            if (featureAxis < 1 || featureAxis >= rank) {
                throw new IllegalArgumentException("feature axis " + featureAxis + " is not an axis of a rank " + rank
                        + " tensor other than the batch axis 0");
            }
            return IntStream.range(1, rank).filter(a -> a != featureAxis).toArray();
        }
        return rank == 3 ? new int[] {2} : IntStream.range(2, rank).toArray();
    }

    /** The name on the command line and in result files: {@code channels} or {@code reference}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PoolingMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown pooling mode '" + text + "': use 'channels' or 'reference'");
        }
    }
}
