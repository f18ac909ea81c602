package org.nlsig.data.source;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.nlsig.data.download.Unpacker;
import org.nlsig.data.image.PixelImage;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.io.Limits;
import org.nlsig.io.UserInputException;

/**
 * MNIST and Fashion-MNIST style IDX files: unsigned-byte images (N x H x W) and an optional label file (N), plain or
 * gzipped (gzipped files are unpacked once into the cache for random access).
 */
public final class IdxSource implements ImageSource {
    private static final int UBYTE = 0x08;
    /** Bytes an unpacked file may hold beyond what its header describes before it is refused. */
    private static final long UNPACK_MARGIN = 1 << 20;

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
        Path imgs = plain(imagesFile, options, 3);
        Path lbl = null;
        try {
            int[] dims = header(imgs, imagesFile, 3);
            int recordBytes = Limits.sampleValues(imagesFile.toString(), new long[] {dims[1], dims[2]});
            RecordFiles records = new RecordFiles(List.of(imgs), 4 + 4L * 3, recordBytes);
            if (records.count() != dims[0]) {
                records.close();
                throw new IOException(imagesFile + ": header says " + dims[0] + " images but the file holds "
                        + records.count());
            }
            byte[] labels = null;
            if (labelsFile != null) {
                lbl = plain(labelsFile, options, 1);
                int[] ldims = header(lbl, labelsFile, 1);
                if (ldims[0] != dims[0]) {
                    records.close();
                    throw new UserInputException(labelsFile + ": " + ldims[0] + " labels for " + dims[0]
                            + " images in " + imagesFile);
                }
                byte[] all = Files.readAllBytes(lbl);
                if (all.length != 8 + ldims[0]) {
                    records.close();
                    throw new IOException(labelsFile + ": truncated (" + all.length + " bytes for " + ldims[0]
                            + " labels)");
                }
                labels = java.util.Arrays.copyOfRange(all, 8, all.length);
            }
            ImageSampler sampler = ImageSampler.of(options, Presets.byName("raw"), 1);
            return new IdxSource(imagesFile, records, labels, dims[1], dims[2], sampler);
        } catch (IOException | RuntimeException e) {
            // an unpack that does not hold what its header says is of no use to a later run: not kept in the cache
            if (!imgs.equals(imagesFile)) {
                Files.deleteIfExists(imgs);
            }
            if (lbl != null && !lbl.equals(labelsFile)) {
                Files.deleteIfExists(lbl);
            }
            String m = e.getMessage();
            if (e instanceof IOException && m != null && !imgs.equals(imagesFile) && m.startsWith(imgs.toString())) {
                throw new IOException(imagesFile + " (unpacked)" + m.substring(imgs.toString().length()), e);
            }
            throw e;
        }
    }

    /**
     * The file itself, or for a gzipped file its unpacked copy in the cache, bounded by the size its IDX header
     * (read from the compressed stream first) promises, so a small file cannot fill the disk.
     */
    private static Path plain(Path file, DataOptions options, int rank) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserInputException(file + ": is a directory, not an IDX file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such IDX file");
        }
        boolean gzip;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
        if (!gzip) {
            return file;
        }
        long expected;
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            int[] dims = dims(in, file, rank);
            long[] all = java.util.Arrays.stream(dims).asLongStream().toArray();
            expected = 4 + 4L * rank + Limits.product(all);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a valid gzip file (" + e.getMessage() + ")", e);
        }
        return Unpacker.gunzip(file, options.cacheDir(), Math.min(expected + UNPACK_MARGIN,
                Limits.DEFAULT_MAX_UNPACKED_BYTES));
    }

    /** Reads the IDX magic (0, 0, type, rank) and dimensions; checks the type is unsigned byte and the rank. */
    private static int[] header(Path plain, Path original, int rank) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(plain))) {
            return dims(in, original, rank);
        }
    }

    private static int[] dims(DataInputStream in, Path original, int rank) throws IOException {
        try {
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
