package org.nlsig.data.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.nlsig.data.download.DownloadCache;
import org.nlsig.data.download.KnownDatasets;
import org.nlsig.data.download.RemoteFile;
import org.nlsig.io.UserInputException;

/**
 * A parsed data spec: {@code kind:PATH[,PATH2][,key=value...]} or a dataset name, as one record per kind with typed
 * values. {@link #parse} is the one parser; it checks syntax and values only, and opening checks that files exist.
 *
 * <p>Opening is a method of each record ({@link #open}), so the compiler makes every kind say how it opens: adding a
 * kind is one record here and one rule in {@code DataSpecParser}. Callers open through
 * {@link DataSources#open(DataSpec, DataOptions, Consumer)}, which also turns a missing file into a spec error.
 *
 * <p>Every record keeps {@link #text()}, the spec as the user gave it (trimmed), not a normal form: where a spec is
 * shown (signature.json's {@code data.spec}, run descriptions) it must read as typed, so outputs stay the same.
 */
public sealed interface DataSpec
        permits DataSpec.ImageFolderSpec, DataSpec.CifarSpec, DataSpec.IdxSpec, DataSpec.NpySpec,
        DataSpec.NpzSpec, DataSpec.TextSpec, DataSpec.RandomSpec, DataSpec.DownloadSpec {
    /** The syntax, shown by {@code nlsig help data} and in every spec error. */
    String SYNTAX = "Data specs (the DATA argument):\n"
            + "  imagefolder:DIR          class subfolders (torchvision ImageFolder: labels\n"
            + "                           are the sorted folder names) or a flat folder\n"
            + "                           without labels; JPEG (also CMYK, progressive),\n"
            + "                           PNG, BMP, GIF\n"
            + "  cifar10:DIR[,split=S]    CIFAR-10 binary version: DIR holds\n"
            + "                           cifar-10-binary.tar.gz or its extracted .bin files\n"
            + "  cifar100:DIR[,split=S]   CIFAR-100 binary version (fine labels)\n"
            + "  idx:IMAGES[,LABELS]      MNIST-style IDX files, plain or gzipped\n"
            + "  npy:FILE[,LABELS.npy]    ready model inputs, samples along the first axis;\n"
            + "                           float16/32/64 and uint8 become float32, int32 and\n"
            + "                           int64 stay int64 (token ids); --layout nhwc for\n"
            + "                           N,H,W,C images\n"
            + "  npz:FILE.npz[,labels=NAME]\n"
            + "                           one array per model input, named like the input\n"
            + "                           (input_ids, attention_mask, ...), samples along\n"
            + "                           axis 0; integers and bools stay exact\n"
            + "  text:FILE[,field=NAME]   one text per line (a .jsonl: the field NAME of\n"
            + "                           each line), tokenized with --tokenizer\n"
            + "                           tokenizer.json to --max-length tokens\n"
            + "  random:CxHxW[,seed=S][,n=N]\n"
            + "                           standard Gaussian tensors (default seed 0, n 512)\n"
            + "  cifar10, cifar100, mnist, fashion-mnist [,split=S]\n"
            + "                           downloaded once into the cache (~/.cache/nlsig or\n"
            + "                           --cache-dir) and checked against their SHA-256\n"
            + "  S is test (default) or train.";

    /** The spec as given, trimmed ({@code imagefolder:/data/val}); parsing it again gives an equal record. */
    String text();

    /**
     * Opens the data; downloads report progress to {@code progress}. Use
     * {@link DataSources#open(DataSpec, DataOptions, Consumer)}, which adds the file name to a missing-file error.
     */
    DataSource open(DataOptions options, Consumer<String> progress) throws IOException;

    /** Whether this names a dataset that is downloaded (as opposed to local files). */
    default boolean isDownload() {
        return this instanceof DownloadSpec;
    }

    /** A user error about this spec that ends with the syntax. */
    default UserInputException error(String what) {
        return DataSpecParser.error(text(), what);
    }

    /** {@code imagefolder:DIR}: class subfolders or a flat folder of images. */
    record ImageFolderSpec(String text, Path dir) implements DataSpec {
        public ImageFolderSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(dir, "dir");
        }

        public ImageFolderSpec(Path dir) {
            this("imagefolder:" + dir, dir);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return ImageFolderSource.open(dir, options);
        }
    }

    /**
     * {@code cifar10:PATH} or {@code cifar100:PATH}: local CIFAR binary data (a folder, the .tar.gz or a .bin file).
     * The downloaded datasets of the same names are {@link DownloadSpec}s.
     */
    record CifarSpec(String text, CifarSource.Variant variant, Path location, Split split) implements DataSpec {
        public CifarSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(split, "split");
        }

        public CifarSpec(CifarSource.Variant variant, Path location, Split split) {
            this(variant.specName + ":" + location + splitSuffix(split), variant, location, split);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return CifarSource.open(variant, location, split, options);
        }
    }

    /** {@code idx:IMAGES[,LABELS]}: MNIST-style IDX files. */
    record IdxSpec(String text, Path images, Optional<Path> labels) implements DataSpec {
        public IdxSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(labels, "labels");
        }

        public IdxSpec(Path images, Optional<Path> labels) {
            this("idx:" + images + labels.map(l -> "," + l).orElse(""), images, labels);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return IdxSource.open(images, labels.orElse(null), options);
        }
    }

    /** {@code npy:FILE[,LABELS.npy]}: ready model inputs, samples along the first axis. */
    record NpySpec(String text, Path file, Optional<Path> labels) implements DataSpec {
        public NpySpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(labels, "labels");
        }

        public NpySpec(Path file, Optional<Path> labels) {
            this("npy:" + file + labels.map(l -> "," + l).orElse(""), file, labels);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return NpySource.open(file, labels.orElse(null), options);
        }
    }

    /** {@code npz:FILE.npz[,labels=NAME]}: one array per model input, samples along axis 0. */
    record NpzSpec(String text, Path file, Optional<String> labels) implements DataSpec {
        public NpzSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(labels, "labels");
        }

        public NpzSpec(Path file, Optional<String> labels) {
            this("npz:" + file + labels.map(l -> ",labels=" + l).orElse(""), file, labels);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return NpzSource.open(file, labels, options);
        }
    }

    /** {@code text:FILE[,field=NAME]}: texts, one per line (or a .jsonl field), tokenized by --tokenizer. */
    record TextSpec(String text, Path file, Optional<String> field) implements DataSpec {
        public TextSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(field, "field");
        }

        public TextSpec(Path file, Optional<String> field) {
            this("text:" + file + field.map(f -> ",field=" + f).orElse(""), file, field);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            return TextSource.open(file, field, options);
        }
    }

    /**
     * {@code random:CxHxW[,seed=S][,n=N]}: standard Gaussian tensors.
     *
     * @param sampleShape one sample's shape (no batch axis), dimensions positive
     * @param samples     how many samples (n); a non-positive count is refused when opening, like before
     */
    record RandomSpec(String text, List<Long> sampleShape, long seed, long samples) implements DataSpec {
        /** The default n. */
        public static final long DEFAULT_SAMPLES = 512;

        public RandomSpec {
            Objects.requireNonNull(text, "text");
            sampleShape = List.copyOf(sampleShape);
        }

        /** A spec with the shortest text: seed and n only when they are not the defaults. */
        public RandomSpec(List<Long> sampleShape, long seed, long samples) {
            this("random:" + sampleShape.stream().map(String::valueOf).collect(Collectors.joining("x"))
                    + (seed != 0 ? ",seed=" + seed : "") + (samples != DEFAULT_SAMPLES ? ",n=" + samples : ""),
                    sampleShape, seed, samples);
        }

        /** The shape as an array: "3x224x224" -&gt; [3, 224, 224]. */
        public long[] shapeArray() {
            return sampleShape.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) {
            if (options.preprocessing() != null) {
                throw error("random tensors are model inputs already; preprocessing does not apply");
            }
            RandomSource source = new RandomSource(shapeArray(), seed, samples);
            long[] shape = source.sampleShape();
            if (options.channels() != 0 && (shape.length != 3 || shape[0] != options.channels())) {
                String dims = sampleShape.stream().map(String::valueOf).collect(Collectors.joining("x"));
                throw error("random shape " + dims + " does not have " + options.channels() + " channels first");
            }
            return source;
        }
    }

    /** A dataset name ({@link KnownDatasets#NAMES}) with its split: downloaded once into the cache. */
    record DownloadSpec(String text, String dataset, Split split) implements DataSpec {
        public DownloadSpec {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(split, "split");
            if (!KnownDatasets.NAMES.contains(dataset)) {
                throw new IllegalArgumentException("not a known dataset: " + dataset);
            }
        }

        public DownloadSpec(String dataset, Split split) {
            this(dataset + splitSuffix(split), dataset, split);
        }

        @Override
        public DataSource open(DataOptions options, Consumer<String> progress) throws IOException {
            DownloadCache cache = new DownloadCache(options.cacheDir().resolve(dataset), progress);
            List<Path> local = new ArrayList<>();
            for (RemoteFile f : KnownDatasets.files(dataset, split == Split.TRAIN)) {
                local.add(cache.fetch(options.mirror() != null ? f.fromMirror(options.mirror()) : f));
            }
            // The CIFAR archives hold both splits; the MNIST-style sets are one images and one labels file per split.
            for (CifarSource.Variant v : CifarSource.Variant.values()) {
                if (v.specName.equals(dataset)) {
                    return CifarSource.open(v, local.get(0), split, options);
                }
            }
            return IdxSource.open(local.get(0), local.get(1), options);
        }
    }

    /**
     * Parses a spec; a mistake is a {@link UserInputException} that quotes the spec and ends with {@link #SYNTAX}.
     */
    static DataSpec parse(String text) {
        return DataSpecParser.parse(text);
    }

    private static String splitSuffix(Split split) {
        return split == Split.TRAIN ? ",split=train" : "";
    }
}
