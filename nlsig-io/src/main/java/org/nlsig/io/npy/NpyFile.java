package org.nlsig.io.npy;

import org.nlsig.io.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and writes NumPy .npy files (format versions 1, 2 and 3). Writes are atomic: temp file, then rename. */
public final class NpyFile {
    /** Header dictionaries beyond this are corrupt (NumPy's own reader refuses more than 10000 bytes by default). */
    static final long MAX_HEADER_BYTES = 1 << 20;

    private NpyFile() {
    }

    /** Reads only the header: shape, dtype and where the data starts (for streaming large files). */
    public static NpyHeader readHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readHeader(in, file.toString());
        }
    }

    /** Reads the header from a stream positioned at the start of a .npy file. */
    public static NpyHeader readHeader(InputStream in, String source) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8) {
            throw new NpyFormatException(source + ": not a .npy file (shorter than its magic string)");
        }
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (prefix[i] != NpyHeader.MAGIC[i]) {
                throw new NpyFormatException(source + ": not a .npy file (no \\x93NUMPY magic string)");
            }
        }
        int major = prefix[6];
        long headerLength;
        int lengthBytes = major == 1 ? 2 : 4;
        if (major < 1 || major > 3) {
            throw new NpyFormatException(source + ": unsupported .npy format version " + major);
        }
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new NpyFormatException(source + ": truncated .npy header");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        headerLength = major == 1 ? (lb.getShort() & 0xffff) : (lb.getInt() & 0xffffffffL);
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source + ": corrupt .npy header (it claims a header of " + headerLength
                    + " bytes; NumPy writes a few hundred)");
        }
        byte[] dict = in.readNBytes((int) headerLength);
        if (dict.length < headerLength) {
            throw new NpyFormatException(source + ": truncated .npy header");
        }
        String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return NpyHeader.parse(text, 8 + lengthBytes + headerLength, source);
    }

    /** Reads a whole array into memory (up to 2 GiB of data). */
    public static NpyArray read(Path file) throws IOException {
        notADirectory(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader h = readHeader(Channels.newInputStream(ch.position(0)), file.toString());
            long bytes = h.dataBytes();
            if (bytes > Integer.MAX_VALUE) {
                throw new NpyFormatException(file + ": array of " + bytes + " bytes is too large to read at once; "
                        + "stream it with readHeader and a channel");
            }
            if (ch.size() < h.dataOffset() + bytes) {
                throw new NpyFormatException(file + ": truncated: header promises " + bytes + " bytes of "
                        + h + " data, the file holds " + Math.max(0, ch.size() - h.dataOffset()));
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes);
            ch.position(h.dataOffset());
            while (data.hasRemaining() && ch.read(data) >= 0) {
                // keep reading
            }
            data.flip();
            return new NpyArray(h, data, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such .npy file");
        }
    }

    /** Writes an array atomically (a temporary file in the same folder, then a rename). */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFile.write(file, out -> write(out, array));
    }

    /** Writes an array, header and data, to a stream (a file, or an .npz member). */
    static void write(java.io.OutputStream out, NpyArray array) throws IOException {
        NpyHeader header = new NpyHeader(array.dtype(), ByteOrder.LITTLE_ENDIAN, false, array.shape(), 0);
        out.write(headerBytes(header));
        ByteBuffer data = array.littleEndianData();
        byte[] chunk = new byte[1 << 16];
        data.position(0);
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    public static void writeFloats(Path file, float[] values, long... shape) throws IOException {
        write(file, NpyArray.ofFloats(values, shape));
    }

    public static void writeDoubles(Path file, double[] values, long... shape) throws IOException {
        write(file, NpyArray.ofDoubles(values, shape));
    }

    /** The bytes of a version 1.0 header (version 2.0 when the dictionary is too long), padded to 64 bytes. */
    public static byte[] headerBytes(NpyHeader header) {
        String dict = header.toDictionary();
        int major = dict.length() + 11 > 65535 ? 2 : 1;
        int prefix = 6 + 2 + (major == 1 ? 2 : 4);
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder sb = new StringBuilder(dict);
        sb.append(" ".repeat(padded - total)).append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        return b.array();
    }

    private static void notADirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new NpyFormatException(file + ": is a directory, not a .npy file");
        }
    }

    private static InputStream open(Path file) throws IOException {
        notADirectory(file);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such .npy file");
        }
    }
}
