package org.nlsig.onnx.sites;

/** Choices for site discovery. {@code includeSoftmax}: make Softmax nodes sites too (off by default). */
public record DiscoveryOptions(boolean includeSoftmax) {
    public static DiscoveryOptions defaults() {
        return new DiscoveryOptions(false);
    }
}
