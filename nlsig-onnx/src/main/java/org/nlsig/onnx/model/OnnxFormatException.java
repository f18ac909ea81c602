package org.nlsig.onnx.model;

import java.io.IOException;

/** A model file that is not ONNX, is malformed, or refers to data it must not read. Names the file. */
public class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
