package org.nlsig.data.source;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.function.Consumer;
import org.nlsig.io.UserInputException;

/** Opens the data source a spec names. */
public final class DataSources {
    private DataSources() {
    }

    /**
     * Opens {@code spec}; downloads of named datasets report progress (one line per file started and saved) to
     * {@code progress}. A missing file is a UserInputException that names it and shows the spec syntax.
     *
     * <p>Each kind opens itself ({@link DataSpec#open}): the sealed interface makes every record implement it, so
     * the compiler, not a default case, checks that every kind has a way to open.
     */
    public static DataSource open(DataSpec spec, DataOptions options, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        try {
            return spec.open(options, progress);
        } catch (NoSuchFileException e) {
            throw spec.error("no such file or folder: " + e.getFile()
                    + (e.getReason() != null ? " (" + e.getReason() + ")" : ""));
        }
    }

    /**
     * Checks a source against a model input's shape (batch axis first; dimensions < 1 are dynamic) and explains a
     * mismatch, e.g. a 1-channel dataset fed to a 3-channel model.
     */
    public static void requireCompatible(DataSource source, long[] modelInputShape, String inputName) {
        long[] sample = source.sampleShape();
        boolean ok = modelInputShape.length == sample.length + 1;
        for (int i = 0; ok && i < sample.length; i++) {
            long want = modelInputShape[i + 1];
            ok = want < 1 || want == sample[i];
        }
        if (!ok) {
            StringBuilder hint = new StringBuilder();
            if (modelInputShape.length == 4 && sample.length == 3 && modelInputShape[1] > 0 && modelInputShape[1] != sample[0]) {
                hint.append("; the model wants ").append(modelInputShape[1]).append(" channels (--channels ")
                        .append(modelInputShape[1]).append(')');
            } else if (modelInputShape.length == 4 && sample.length == 3) {
                hint.append("; choose a preset or --resize/--crop that gives ").append(modelInputShape[2]).append('x')
                        .append(modelInputShape[3]);
            }
            throw new UserInputException("model input '" + inputName + "' has shape "
                    + java.util.Arrays.toString(modelInputShape) + " but the data gives samples of shape "
                    + java.util.Arrays.toString(sample) + " (" + source.description() + ")" + hint);
        }
    }
}
