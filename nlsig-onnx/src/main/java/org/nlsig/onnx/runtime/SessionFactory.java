package org.nlsig.onnx.runtime;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Optional;
import org.nlsig.onnx.model.OnnxModel;

/**
 * Opens ONNX Runtime sessions on rewritten models. The rewritten model is handed over as bytes; its external data
 * stays in the original model's folder, which ONNX Runtime is told with
 * {@code session.model_external_initializers_file_folder_path}. The caller closes the returned session, which closes
 * its options with it.
 */
final class SessionFactory {
    static final String EXTERNAL_DATA_FOLDER_KEY = "session.model_external_initializers_file_folder_path";

    private SessionFactory() {
    }

    static OpenedSession open(OnnxModel source, ModelProto rewritten, Device device, int intraOpThreads,
                              OrtSession.SessionOptions.OptLevel level, RuntimeLogging logging) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(level);
            // the session's logger decides what ONNX Runtime prints while loading and running this model
            options.setSessionLogLevel(logging.level());
            // Idle intra-op threads would otherwise spin for work, taking the cores that data decoding and
            // scoring run on beside the model; blocking costs the forward pass nothing measurable.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            // The memory-pattern planner sizes one block per input shape after the first run and allocates it on
            // the second: with pooling outputs added, ResNet-18 at batch 64 then peaked at 2.8 GB instead of 1.6 GB
            // and its second batch ran 2.7x slower, faulting in fresh pages (BENCHMARKS.md). The arena alone reuses
            // the first run's memory from the second run on.
            options.setMemoryPatternOptimization(false);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(1);
            if (source.hasExternalData()) {
                options.addConfigEntry(EXTERNAL_DATA_FOLDER_KEY, source.folder().toString());
            }
            Device used = device;
            Optional<String> notice = Optional.empty();
            if (device.kind() == Device.Kind.CUDA) {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    used = Device.CPU;
                    notice = Optional.of("device " + device + " requested, but this ONNX Runtime build has no CUDA "
                            + "execution provider (the onnxruntime_gpu package and a CUDA installation are needed); "
                            + "running on the CPU instead");
                } else {
                    try {
                        options.addCUDA(device.index());
                    } catch (OrtException e) {
                        used = Device.CPU;
                        notice = Optional.of("device " + device + " requested, but CUDA could not be initialised ("
                                + e.getMessage() + "); running on the CPU instead");
                    }
                }
            }
            OrtSession session = env.createSession(rewritten.toByteArray(), options);
            return new OpenedSession(session, options, used, notice);
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
