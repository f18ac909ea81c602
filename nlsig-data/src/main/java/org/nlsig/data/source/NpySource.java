package org.nlsig.data.source;

import org.nlsig.io.HalfFloats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.nlsig.io.Limits;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyDType;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.io.npy.NpyHeader;

/**
 * A .npy array of ready model inputs, one sample per row of its first axis, read row by row (never the whole
 * array). Floating and small integer types become float32; int32/int64 (token ids) stay exact as int64. A rank-4
 * NHWC array is transposed to NCHW per sample. An optional second .npy holds one integer label per sample.
 */
public final class NpySource implements DataSource {
    private final Path file;
    private final NpyHeader header;
    private final FileChannel channel;
    private final long[] rowShape;
    private final long[] sampleShape;
    private final boolean nhwc;
    private final int rowBytes;
    private final long[] labels;

    private NpySource(Path file, NpyHeader header, FileChannel channel, boolean nhwc, long[] labels) {
        this.file = file;
        this.header = header;
        this.channel = channel;
        this.rowShape = Arrays.copyOfRange(header.shape(), 1, header.rank());
        this.nhwc = nhwc;
        this.sampleShape = nhwc ? new long[] {rowShape[2], rowShape[0], rowShape[1]} : rowShape;
        long values = Limits.sampleValues(file.toString(), rowShape);
        long bytes = values * header.dtype().size();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new UserInputException(file + ": a sample of shape " + Arrays.toString(rowShape) + " takes " + bytes
                    + " bytes, more than one array can hold");
        }
        this.rowBytes = (int) bytes;
        this.labels = labels;
    }

    public static NpySource open(Path file, Path labelsFile, DataOptions options) throws IOException {
        if (options.preprocessing() != null) {
            throw new UserInputException("npy: arrays are ready model inputs; preprocessing presets apply to "
                    + "image sources only (drop --preset/--resize/--crop)");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such .npy file");
        }
        NpyHeader h = NpyFile.readHeader(file);
        if (h.rank() < 1 || h.dim(0) == 0) {
            throw new UserInputException(file + ": expected an array with samples along its first axis, got shape "
                    + Arrays.toString(h.shape()));
        }
        if (h.fortranOrder() && h.rank() > 1) {
            throw new UserInputException(file + ": Fortran-ordered arrays cannot be streamed by sample; save it "
                    + "with np.save(path, np.ascontiguousarray(a))");
        }
        boolean nhwc = options.layout() == Layout.NHWC;
        if (nhwc && h.rank() != 4) {
            throw new UserInputException(file + ": --layout nhwc needs a rank-4 array (N, H, W, C), got shape "
                    + Arrays.toString(h.shape()));
        }
        long[] labels = null;
        if (labelsFile != null) {
            NpyArray l = NpyFile.read(labelsFile);
            if (l.rank() != 1 || l.shape()[0] != h.dim(0) || l.dtype().isFloatingPoint()) {
                throw new UserInputException(labelsFile + ": labels must be a 1-D integer array of length "
                        + h.dim(0) + " (one per sample in " + file + "), got " + l.dtype().displayName() + " "
                        + Arrays.toString(l.shape()));
            }
            labels = l.toLongs();
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long needed = h.dataOffset() + h.dataBytes();
        if (ch.size() < needed) {
            ch.close();
            throw new IOException(file + ": truncated: header promises " + h.dataBytes() + " bytes of data, the file holds "
                    + Math.max(0, ch.size() - h.dataOffset()));
        }
        NpySource source;
        try {
            source = new NpySource(file, h, ch, nhwc, labels);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        int channels = options.channels();
        if (channels != 0 && (source.sampleShape.length != 3 || source.sampleShape[0] != channels)) {
            ch.close();
            throw new UserInputException(file + ": samples have shape " + Arrays.toString(source.sampleShape)
                    + ", not " + channels + " channels first" + (nhwc ? "" : " (for N,H,W,C arrays use --layout nhwc)"));
        }
        return source;
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public ElementType elementType() {
        return isInteger64(header.dtype()) ? ElementType.INT64 : ElementType.FLOAT32;
    }

    private static boolean isInteger64(NpyDType t) {
        return t == NpyDType.INT32 || t == NpyDType.UINT32 || t == NpyDType.INT64 || t == NpyDType.UINT64;
    }

    @Override
    public long size() {
        return header.dim(0);
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
        return "npy " + file + " (" + header.dtype().displayName() + " " + Arrays.toString(header.shape())
                + (nhwc ? ", NHWC transposed to NCHW" : "") + (labels != null ? ", with labels" : ", no labels")
                + "), values used as they are";
    }

    @Override
    public Sample read(long index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size());
        }
        ByteBuffer buf = ByteBuffer.allocate(rowBytes).order(header.byteOrder());
        long position = header.dataOffset() + index * rowBytes;
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException(file + ": unexpected end of file in row " + index);
            }
        }
        buf.flip();
        String id = file.getFileName() + "#" + index;
        long label = labels != null ? labels[(int) index] : Sample.NO_LABEL;
        int n = rowBytes / header.dtype().size();
        if (elementType() == ElementType.INT64) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (header.dtype()) {
                    case INT32 -> buf.getInt();
                    case UINT32 -> buf.getInt() & 0xffffffffL;
                    default -> buf.getLong();
                };
            }
            return Sample.ofLongs(id, nhwc ? toChannelsFirst(v) : v, label);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (header.dtype()) {
                case FLOAT32 -> buf.getFloat();
                case FLOAT64 -> (float) buf.getDouble();
                case FLOAT16 -> HalfFloats.float16ToFloat(buf.getShort());
                case UINT8, BOOL -> buf.get() & 0xff;
                case INT8 -> buf.get();
                case INT16 -> buf.getShort();
                case UINT16 -> buf.getShort() & 0xffff;
                default -> throw new IllegalStateException("unhandled dtype " + header.dtype());
            };
        }
        return Sample.ofFloats(id, nhwc ? toChannelsFirst(v) : v, label);
    }

    private float[] toChannelsFirst(float[] hwc) {
        int h = (int) rowShape[0];
        int w = (int) rowShape[1];
        int c = (int) rowShape[2];
        float[] chw = new float[hwc.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    chw[(k * h + y) * w + x] = hwc[(y * w + x) * c + k];
                }
            }
        }
        return chw;
    }

    private long[] toChannelsFirst(long[] hwc) {
        int h = (int) rowShape[0];
        int w = (int) rowShape[1];
        int c = (int) rowShape[2];
        long[] chw = new long[hwc.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    chw[(k * h + y) * w + x] = hwc[(y * w + x) * c + k];
                }
            }
        }
        return chw;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
