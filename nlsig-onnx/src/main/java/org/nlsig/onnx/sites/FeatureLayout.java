package org.nlsig.onnx.sites;

/** Where a tensor keeps its features: axis 1 after convolutions, the last axis after linear layers. */
public enum FeatureLayout {
    CHANNELS_FIRST, CHANNELS_LAST;

    /** The feature axis of a tensor of this rank. */
    public int axis(int rank) {
        if (rank < 2) {
            throw new IllegalArgumentException("a tensor of rank " + rank + " has no feature axis besides the batch");
        }
        return this == CHANNELS_FIRST ? 1 : rank - 1;
    }
}
