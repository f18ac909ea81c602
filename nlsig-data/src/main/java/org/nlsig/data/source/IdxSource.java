package org.nlsig.data.source;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.nlsig.data.download.Unpacker;
import org.nlsig.data.image.PixelImage;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.io.UserInputException;

/**
 * MNIST and Fashion-MNIST style IDX files: unsigned-byte images (N x H x W) and an optional label file (N), plain or
 * gzipped (gzipped files are unpacked once into the cache for random access).
 */
public final class IdxSource implements ImageSource {
    private static final int UBYTE = 0x08;

    private final Path imagesFile;
    private final RecordFiles images;
    private final byte[] labels;
    private final int height;
    private final int width;
    private final ImageSampler sampler;

    private IdxSource(Path imagesFile, RecordFiles images, byte[] labels, int height, int width, ImageSampler sampler) {
        this.imagesFile = imagesFile;
        this.images = images;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.sampler = sampler;
    }

    public static IdxSource open(Path imagesFile, Path labelsFile, DataOptions options) throws IOException {
        Path imgs = plain(imagesFile, options);
        int[] dims = header(imgs, imagesFile, 3);
        RecordFiles records = new RecordFiles(List.of(imgs), 4 + 4L * 3, dims[1] * dims[2]);
        if (records.count() != dims[0]) {
            records.close();
            throw new IOException(imagesFile + ": header says " + dims[0] + " images but the file holds " + records.count());
        }
        byte[] labels = null;
        if (labelsFile != null) {
            Path lbl = plain(labelsFile, options);
            int[] ldims = header(lbl, labelsFile, 1);
            if (ldims[0] != dims[0]) {
                records.close();
                throw new UserInputException(labelsFile + ": " + ldims[0] + " labels for " + dims[0]
                        + " images in " + imagesFile);
            }
            byte[] all = Files.readAllBytes(lbl);
            if (all.length != 8 + ldims[0]) {
                records.close();
                throw new IOException(labelsFile + ": truncated (" + all.length + " bytes for " + ldims[0] + " labels)");
            }
            labels = java.util.Arrays.copyOfRange(all, 8, all.length);
        }
        ImageSampler sampler = ImageSampler.of(options, Presets.byName("raw"), 1);
        return new IdxSource(imagesFile, records, labels, dims[1], dims[2], sampler);
    }

    private static Path plain(Path file, DataOptions options) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such IDX file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            return gzip ? Unpacker.gunzip(file, options.cacheDir()) : file;
        }
    }

    /** Reads the IDX magic (0, 0, type, rank) and dimensions; checks the type is unsigned byte and the rank. */
    private static int[] header(Path plain, Path original, int rank) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(plain))) {
            int magic = in.readInt();
            int type = (magic >> 8) & 0xff;
            int r = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UBYTE || r != rank) {
                throw new IOException(original + ": not an IDX file of unsigned bytes with " + rank + " dimensions "
                        + String.format("(magic 0x%08x; MNIST images have 0x00000803, labels 0x00000801)", magic));
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new IOException(original + ": dimension " + i + " is " + dims[i]);
                }
            }
            return dims;
        } catch (java.io.EOFException e) {
            throw new IOException(original + ": truncated IDX header", e);
        }
    }

    @Override
    public long[] sampleShape() {
        return sampler.shapeFor(width, height);
    }

    @Override
    public ImageSampler sampler() {
        return sampler;
    }

    @Override
    public long size() {
        return images.count();
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public String description() {
        return "IDX images " + imagesFile + " (" + size() + " x " + height + " x " + width
                + (labels != null ? ", with labels" : ", no labels") + "), " + sampler.channels()
                + " channels, preprocessing " + sampler.preprocessing().describe();
    }

    @Override
    public Sample read(long index) throws IOException {
        byte[] grey = images.read(index);
        long label = labels != null ? labels[(int) index] & 0xff : Sample.NO_LABEL;
        return sampler.toSample(new PixelImage(width, height, 1, grey), imagesFile.getFileName() + "#" + index, label);
    }

    @Override
    public void close() throws IOException {
        images.close();
    }
}
