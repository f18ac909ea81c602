package org.nlsig.onnx.runtime;

/** A forward pass stopped by {@link CaptureSession#cancel} (ONNX Runtime's terminate flag): no result. */
public final class ForwardCancelledException extends RuntimeException {
    public ForwardCancelledException(String message) {
        super(message);
    }
}
