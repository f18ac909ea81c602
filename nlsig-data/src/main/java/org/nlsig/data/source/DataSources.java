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
     * Checks a source against a model input's shape (batch axis first; dimensions &lt; 1 are dynamic), without
     * dimension names; see {@link #requireCompatible(DataSource, ModelInputShape)}.
     */
    public static void requireCompatible(DataSource source, long[] modelInputShape, String inputName) {
        requireCompatible(source, ModelInputShape.of(inputName, modelInputShape));
    }

    /**
     * Checks a source against a model input's shape and explains a mismatch in the source's own terms: an image
     * source is told which {@code --channels}, {@code --resize} or {@code --crop} gives the model's size; an array
     * source (npy, random) is told the array shape the model needs, symbolic dimensions by their names.
     */
    public static void requireCompatible(DataSource source, ModelInputShape model) {
        long[] sample = source.sampleShape();
        boolean ok = model.rank() == sample.length + 1;
        for (int i = 0; ok && i < sample.length; i++) {
            ok = model.isSymbolic(i + 1) || model.dim(i + 1) == sample[i];
        }
        if (ok) {
            return;
        }
        String hint = source.preprocessing().isPresent() ? imageHint(model, sample) : arrayHint(model);
        throw new UserInputException("model input '" + model.name() + "' has shape " + model.text(0)
                + " but the data gives samples of shape " + java.util.Arrays.toString(sample) + " ("
                + source.description() + "); " + hint);
    }

    /** Images are C x H x W after preprocessing: the channel count, then the resize and crop that give H x W. */
    private static String imageHint(ModelInputShape model, long[] sample) {
        if (model.rank() != 4 || sample.length != 3) {
            return "the model does not take images of shape [C, H, W] (its input has rank " + model.rank() + ")";
        }
        if (!model.isSymbolic(1) && model.dim(1) != sample[0]) {
            return "the model wants " + model.dim(1) + " channels (--channels " + model.dim(1) + ")";
        }
        boolean heightKnown = !model.isSymbolic(2);
        boolean widthKnown = !model.isSymbolic(3);
        if (heightKnown && widthKnown) {
            long h = model.dim(2);
            long w = model.dim(3);
            String crop = h == w ? Long.toString(h) : h + "x" + w;
            return "the model wants " + h + " x " + w + " images (height x width): --resize " + h + "," + w
                    + " (exact), or --resize " + Math.min(h, w) + " --crop " + crop + " (keeps the aspect ratio)";
        }
        if (heightKnown) {
            long h = model.dim(2);
            return "the model wants images " + h + " high and of any width (" + model.dimText(3) + "): --resize " + h
                    + ",W with the width you choose (e.g. --resize " + h + "," + 4 * h + "), or --resize " + h
                    + " --crop " + h + "xW";
        }
        long w = model.dim(3);
        return "the model wants images " + w + " wide and of any height (" + model.dimText(2) + "): --resize H," + w
                + " with the height you choose, or --resize " + w + " --crop Hx" + w;
    }

    private static String arrayHint(ModelInputShape model) {
        boolean symbolic = false;
        for (int i = 0; i < model.rank(); i++) {
            symbolic |= model.isSymbolic(i);
        }
        return "the model needs an array of shape " + model.text(0) + (symbolic
                ? " (a named dimension is symbolic: any size)" : "")
                + ", samples of shape " + model.text(1);
    }
}
