package org.nlsig.io.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nlsig.io.AtomicFile;

/**
 * Reads and writes NumPy .npz archives ({@code np.savez}, {@code np.savez_compressed}): a zip file of .npy members, one per
 * array, named {@code NAME.npy}. Arrays are read whole: an .npz of token ids and masks is small (10,000 sequences of
 * 128 int64 tokens take 10 MB), and compressed members cannot be read row by row anyway.
 */
public final class NpzFile {
    /** Whole-archive budget: arrays beyond it belong in separate .npy files, which are streamed by row. */
    static final long MAX_TOTAL_BYTES = 1L << 31;

    private NpzFile() {
    }

    /** The arrays of {@code file} by name (the member name without {@code .npy}), in archive order. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new NpyFormatException(file + ": is a directory, not an .npz file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such .npz file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String member = e.getName();
                if (!member.endsWith(".npy")) {
                    throw new NpyFormatException(file + ": member '" + member + "' is not a .npy array; an .npz"
                            + " holds only NAME.npy members (np.savez)");
                }
                String name = member.substring(0, member.length() - 4);
                String source = file + "!" + member;
                try (InputStream in = zip.getInputStream(e)) {
                    NpyArray a = read(in, source);
                    total += a.size() * (long) a.dtype().size();
                    if (total > MAX_TOTAL_BYTES) {
                        throw new NpyFormatException(file + ": the arrays hold more than 2 GiB; save large inputs"
                                + " as separate .npy files (npy:FILE streams them by row)");
                    }
                    arrays.put(name, a);
                }
            }
        } catch (ZipException e) {
            throw new NpyFormatException(file + ": not an .npz file (not a readable zip archive: " + e.getMessage()
                    + ")");
        }
        if (arrays.isEmpty()) {
            throw new NpyFormatException(file + ": the .npz archive holds no arrays");
        }
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * Writes arrays as an .npz archive (as {@code np.savez} does: one stored, uncompressed {@code NAME.npy} member per
     * array, in the map's order), atomically.
     *
     * @throws IllegalArgumentException on no arrays or a name that is not a plain file name
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("an .npz archive needs at least one array");
        }
        for (String name : arrays.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("array name '" + name + "' is not a plain .npz member name");
            }
        }
        AtomicFile.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                byte[] member = bytesOf(a.getValue());
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                // stored, as np.savez writes them; a stored entry states its size and CRC up front
                e.setMethod(ZipEntry.STORED);
                e.setSize(member.length);
                CRC32 crc = new CRC32();
                crc.update(member);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(member);
                zip.closeEntry();
            }
            zip.finish(); // not close(): AtomicFile closes the file after it
        });
    }

    private static byte[] bytesOf(NpyArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NpyFile.write(bytes, array);
        return bytes.toByteArray();
    }

    /** One .npy member, header and data, from a stream. */
    static NpyArray read(InputStream in, String source) throws IOException {
        NpyHeader h = NpyFile.readHeader(in, source);
        long bytes = h.dataBytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(source + ": array of " + bytes + " bytes is too large to read at once");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new NpyFormatException(source + ": truncated: header promises " + bytes + " bytes of " + h
                    + " data, the member holds " + data.length);
        }
        return new NpyArray(h, ByteBuffer.wrap(data), source);
    }
}
