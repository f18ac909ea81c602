package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.testing.TinyGraph;

/** ONNX Runtime requires a session's options to stay open while it lives: they are closed with it, not before. */
class SessionFactoryTest {
    @Test
    void optionsLiveAsLongAsTheSessionAndCloseWithIt() throws Exception {
        int f = TensorProto.DataType.FLOAT.getNumber();
        OnnxModel model = new TinyGraph(13).input("x", f, -1, 3).output("y", f, -1, 3)
                .node("Relu", "/act/Relu", "y", "x").inMemory();
        OpenedSession opened = SessionFactory.open(model, model.proto(), Device.CPU, 1,
                OrtSession.SessionOptions.OptLevel.BASIC_OPT, RuntimeLogging.QUIET);
        assertEquals(Device.CPU, opened.device());
        // a closed SessionOptions refuses every call with IllegalStateException
        assertDoesNotThrow(() -> opened.options().setInterOpNumThreads(1), "options closed while the session lives");
        opened.close();
        assertThrows(IllegalStateException.class, () -> opened.options().setInterOpNumThreads(1));
    }
}
