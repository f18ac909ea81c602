package org.nlsig.data.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nlsig.data.download.Unpacker;
import org.nlsig.data.image.PixelImage;
import org.nlsig.data.preprocess.Presets;

/**
 * CIFAR-10 and CIFAR-100 in their official binary distributions: records of label byte(s) then 32x32 red, green and
 * blue planes. Reads the extracted {@code .bin} files, or the {@code .tar.gz} as downloaded (its members are
 * unpacked once into the cache for random access).
 */
public final class CifarSource implements ImageSource {
    private static final int SIDE = 32;
    private static final int PIXELS = SIDE * SIDE * 3;

    /** The two datasets' file names and record layout. */
    public enum Variant {
        CIFAR10("cifar10", "cifar-10-binary.tar.gz", 1, List.of("test_batch.bin"),
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
                "batches.meta.txt"),
        CIFAR100("cifar100", "cifar-100-binary.tar.gz", 2, List.of("test.bin"), List.of("train.bin"),
                "fine_label_names.txt");

        final String specName;
        final String archive;
        final int labelBytes;
        final List<String> testFiles;
        final List<String> trainFiles;
        final String labelNamesFile;

        Variant(String specName, String archive, int labelBytes, List<String> testFiles, List<String> trainFiles,
                String labelNamesFile) {
            this.specName = specName;
            this.archive = archive;
            this.labelBytes = labelBytes;
            this.testFiles = testFiles;
            this.trainFiles = trainFiles;
            this.labelNamesFile = labelNamesFile;
        }

        public String archiveName() {
            return archive;
        }

        List<String> files(Split split) {
            return split == Split.TRAIN ? trainFiles : testFiles;
        }
    }

    private final Variant variant;
    private final Split split;
    private final String location;
    private final RecordFiles records;
    private final List<String> labelNames;
    private final ImageSampler sampler;

    private CifarSource(Variant variant, Split split, String location, RecordFiles records, List<String> labelNames,
                        ImageSampler sampler) {
        this.variant = variant;
        this.split = split;
        this.location = location;
        this.records = records;
        this.labelNames = labelNames;
        this.sampler = sampler;
    }

    /**
     * Opens CIFAR data at {@code location}: a folder holding the .tar.gz, the extracted batches folder or the .bin
     * files, or the .tar.gz or a .bin file itself.
     */
    public static CifarSource open(Variant variant, Path location, Split split, DataOptions options) throws IOException {
        if (!Files.exists(location)) {
            throw new NoSuchFileException(location.toString(), null, "no such CIFAR file or folder");
        }
        List<Path> bins = new ArrayList<>();
        Path namesFile;
        Path folder = findBinFolder(location, variant, split);
        Path archive = Files.isDirectory(location) ? location.resolve(variant.archive) : location;
        if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".bin")) {
            bins.add(location);
            namesFile = location.resolveSibling(variant.labelNamesFile);
        } else if (folder != null) {
            for (String w : variant.files(split)) {
                Path f = folder.resolve(w);
                if (!Files.isRegularFile(f)) {
                    throw new NoSuchFileException(f.toString(), null, "CIFAR " + split.name().toLowerCase()
                            + " file missing next to " + variant.files(split).get(0));
                }
                bins.add(f);
            }
            namesFile = folder.resolve(variant.labelNamesFile);
        } else if (Files.isRegularFile(archive) && archive.getFileName().toString().endsWith(".tar.gz")) {
            List<String> wanted = variant.files(split);
            Map<String, Path> unpacked = Unpacker.untarGz(archive, options.cacheDir(), member -> {
                String base = member.substring(member.lastIndexOf('/') + 1);
                return wanted.contains(base) || base.equals(variant.labelNamesFile);
            });
            for (String w : wanted) {
                unpacked.entrySet().stream().filter(e -> e.getKey().endsWith("/" + w) || e.getKey().equals(w))
                        .findFirst().ifPresent(e -> bins.add(e.getValue()));
            }
            namesFile = unpacked.entrySet().stream().filter(e -> e.getKey().endsWith(variant.labelNamesFile))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (bins.size() != wanted.size()) {
                throw new IOException(archive + ": not the " + variant.specName + " binary archive (it lacks "
                        + String.join(", ", wanted) + ")");
            }
        } else {
            throw new NoSuchFileException(location.toString(), null, "no " + variant.archive + " and no extracted "
                    + String.join(", ", variant.files(split)) + " found there");
        }
        RecordFiles records = new RecordFiles(bins, 0, variant.labelBytes + PIXELS);
        List<String> names = namesFile != null && Files.isRegularFile(namesFile)
                ? Files.readAllLines(namesFile, StandardCharsets.UTF_8).stream().map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        ImageSampler sampler = ImageSampler.of(options, Presets.byName("raw"), 3);
        return new CifarSource(variant, split, location.toString(), records, names, sampler);
    }

    /** The folder holding the split's first .bin file: the location itself or one level below; null if none. */
    private static Path findBinFolder(Path location, Variant variant, Split split) throws IOException {
        if (!Files.isDirectory(location)) {
            return null;
        }
        String first = variant.files(split).get(0);
        if (Files.isRegularFile(location.resolve(first))) {
            return location;
        }
        try (Stream<Path> s = Files.list(location)) {
            return s.filter(d -> Files.isRegularFile(d.resolve(first))).sorted().findFirst().orElse(null);
        }
    }

    @Override
    public long[] sampleShape() {
        return sampler.shapeFor(SIDE, SIDE);
    }

    @Override
    public ImageSampler sampler() {
        return sampler;
    }

    @Override
    public long size() {
        return records.count();
    }

    @Override
    public boolean hasLabels() {
        return true;
    }

    @Override
    public List<String> labelNames() {
        return labelNames;
    }

    @Override
    public String description() {
        return variant.specName + " " + split.name().toLowerCase() + " split from " + location + " (" + size()
                + " images" + (variant == Variant.CIFAR100 ? ", fine labels" : "") + "), " + sampler.channels()
                + " channels, preprocessing " + sampler.preprocessing().describe();
    }

    @Override
    public Sample read(long index) throws IOException {
        byte[] rec = records.read(index);
        // CIFAR-100 records start with the coarse label, then the fine label (the one models are trained on).
        long label = rec[variant.labelBytes - 1] & 0xff;
        byte[] rgb = new byte[PIXELS];
        int plane = SIDE * SIDE;
        int off = variant.labelBytes;
        for (int i = 0; i < plane; i++) {
            rgb[3 * i] = rec[off + i];
            rgb[3 * i + 1] = rec[off + plane + i];
            rgb[3 * i + 2] = rec[off + 2 * plane + i];
        }
        return sampler.toSample(new PixelImage(SIDE, SIDE, 3, rgb), records.idOf(index), label);
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
