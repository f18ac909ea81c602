package org.nlsig.onnx.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Optional;

/**
 * An ONNX Runtime session with the options it was created with, the device it actually runs on, and why that differs
 * from the request, if it does. The options stay open as long as the session: ONNX Runtime's Javadoc requires it
 * (the native session may refer to them, e.g. for its execution providers), so both are closed together.
 */
record OpenedSession(OrtSession session, OrtSession.SessionOptions options, Device device, Optional<String> notice)
        implements AutoCloseable {

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            options.close();
        }
    }
}
