package org.nlsig.data.source;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nlsig.data.download.DownloadCache;
import org.nlsig.data.download.KnownDatasets;
import org.nlsig.data.download.RemoteFile;
import org.nlsig.io.UserInputException;

/** Opens the data source a spec names. */
public final class DataSources {
    public static final long DEFAULT_RANDOM_COUNT = 512;

    private DataSources() {
    }

    public static DataSource open(String spec, DataOptions options) throws IOException {
        return open(DataSpec.parse(spec), options, line -> { });
    }

    /**
     * Opens {@code spec}; downloads of named datasets report progress to {@code log}. A missing file is an
     * UserInputException that names it and shows the spec syntax.
     */
    public static DataSource open(DataSpec spec, DataOptions options, Consumer<String> log) throws IOException {
        try {
            return switch (spec.kind()) {
                case "imagefolder" -> ImageFolderSource.open(Path.of(spec.paths().get(0)), options);
                case "cifar10", "cifar100" -> spec.isDownload() ? openDownloaded(spec, options, log)
                        : CifarSource.open(variant(spec.kind()), Path.of(spec.paths().get(0)), spec.split(), options);
                case "idx" -> IdxSource.open(Path.of(spec.paths().get(0)),
                        spec.paths().size() > 1 ? Path.of(spec.paths().get(1)) : null, options);
                case "npy" -> NpySource.open(Path.of(spec.paths().get(0)),
                        spec.paths().size() > 1 ? Path.of(spec.paths().get(1)) : null, options);
                case "random" -> openRandom(spec, options);
                case "mnist", "fashion-mnist" -> openDownloaded(spec, options, log);
                default -> throw spec.error("unknown kind '" + spec.kind() + "'");
            };
        } catch (NoSuchFileException e) {
            throw spec.error("no such file or folder: " + e.getFile() + (e.getReason() != null ? " (" + e.getReason() + ")" : ""));
        }
    }

    private static DataSource openRandom(DataSpec spec, DataOptions options) {
        if (options.preprocessing() != null) {
            throw spec.error("random tensors are model inputs already; preprocessing does not apply");
        }
        RandomSource source = new RandomSource(spec.randomShape(), spec.longParam("seed", 0),
                spec.longParam("n", DEFAULT_RANDOM_COUNT));
        long[] shape = source.sampleShape();
        if (options.channels() != 0 && (shape.length != 3 || shape[0] != options.channels())) {
            throw spec.error("random shape " + spec.paths().get(0) + " does not have " + options.channels() + " channels first");
        }
        return source;
    }

    private static DataSource openDownloaded(DataSpec spec, DataOptions options, Consumer<String> log) throws IOException {
        boolean train = spec.split() == Split.TRAIN;
        String name = spec.kind();
        DownloadCache cache = new DownloadCache(options.cacheDir().resolve(name), log);
        List<Path> local = new ArrayList<>();
        for (RemoteFile f : KnownDatasets.files(name, train)) {
            local.add(cache.fetch(options.mirror() != null ? f.fromMirror(options.mirror()) : f));
        }
        return switch (name) {
            case "cifar10", "cifar100" -> CifarSource.open(variant(name), local.get(0), spec.split(), options);
            default -> IdxSource.open(local.get(0), local.get(1), options);
        };
    }

    private static CifarSource.Variant variant(String kind) {
        return kind.equals("cifar10") ? CifarSource.Variant.CIFAR10 : CifarSource.Variant.CIFAR100;
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
