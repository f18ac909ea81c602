package org.nlsig.data.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-size records spread over one or more files, read by global index with positional reads (thread-safe,
 * nothing held in memory but the open channels).
 */
final class RecordFiles implements AutoCloseable {
    private final List<Path> paths;
    private final List<FileChannel> channels;
    private final long[] firstRecord;
    private final long headerBytes;
    private final int recordBytes;
    private final long total;

    RecordFiles(List<Path> paths, long headerBytes, int recordBytes) throws IOException {
        this.paths = List.copyOf(paths);
        this.headerBytes = headerBytes;
        this.recordBytes = recordBytes;
        this.channels = new ArrayList<>();
        this.firstRecord = new long[paths.size() + 1];
        long n = 0;
        try {
            for (int i = 0; i < paths.size(); i++) {
                FileChannel ch = FileChannel.open(paths.get(i), StandardOpenOption.READ);
                channels.add(ch);
                long body = ch.size() - headerBytes;
                if (body < 0 || body % recordBytes != 0) {
                    throw new IOException(paths.get(i) + ": size " + ch.size() + " is not a whole number of "
                            + recordBytes + "-byte records" + (headerBytes > 0 ? " after a " + headerBytes + "-byte header" : ""));
                }
                firstRecord[i] = n;
                n += body / recordBytes;
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        firstRecord[paths.size()] = n;
        this.total = n;
    }

    long count() {
        return total;
    }

    /** Which file and record within it hold global record {@code index}, as "file#record". */
    String idOf(long index) {
        int f = fileOf(index);
        return paths.get(f).getFileName() + "#" + (index - firstRecord[f]);
    }

    byte[] read(long index) throws IOException {
        int f = fileOf(index);
        long position = headerBytes + (index - firstRecord[f]) * recordBytes;
        ByteBuffer buf = ByteBuffer.allocate(recordBytes);
        FileChannel ch = channels.get(f);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException(paths.get(f) + ": unexpected end of file reading record " + (index - firstRecord[f]));
            }
        }
        return buf.array();
    }

    private int fileOf(long index) {
        if (index < 0 || index >= total) {
            throw new IndexOutOfBoundsException("record " + index + " of " + total);
        }
        int f = 0;
        while (index >= firstRecord[f + 1]) {
            f++;
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
