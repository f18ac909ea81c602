package org.nlsig.onnx.runtime;

import ai.onnxruntime.OrtSession;
import java.util.Optional;

/** An ONNX Runtime session, the device it actually runs on, and why that differs from the request, if it does. */
record OpenedSession(OrtSession session, Device device, Optional<String> notice) {
}
