package org.nlsig.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;

/**
 * The models an executor JVM has opened, by path and SHA-256: an executor runs many tasks of one run (and of the runs
 * of one model across datasets and seeds), and loading a model hashes and checks every byte of it, which for a
 * ResNet-50 costs about as much as scoring a batch. The one piece of per-JVM state in nlsig, on purpose: it lives as
 * long as the executor, and Spark offers no other place to keep a value between tasks.
 */
final class ModelCache {
    private static final Map<Key, OnnxModel> MODELS = new ConcurrentHashMap<>();

    private record Key(String path, String sha256) {
    }

    private ModelCache() {
    }

    /**
     * The model at path, loaded once per JVM.
     *
     * @throws UserInputException when the file this executor sees is not the one the driver hashed
     */
    static OnnxModel get(String path, String sha256) {
        return MODELS.computeIfAbsent(new Key(path, sha256), k -> {
            OnnxModel m;
            try {
                m = ModelLoader.load(Path.of(k.path()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!m.sha256().equals(k.sha256())) {
                throw new UserInputException(k.path() + " on this executor has SHA-256 " + m.sha256() + ", the"
                        + " driver's " + k.sha256() + ": models must be read from a path every machine sees alike");
            }
            return m;
        });
    }

    /** How many models this JVM holds (tests). */
    static int size() {
        return MODELS.size();
    }
}
