package org.nlsig.signature.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchTensor;
import org.nlsig.data.source.ElementType;
import org.nlsig.io.Sha256;

/**
 * The SHA-256 of a batch as fed to the model: its shape, its values (little-endian, raw bits) and its labels. It is
 * journalled per batch, so a resume re-reads the finished batches and refuses data whose bytes changed. SHA-256 runs
 * at about 200 MB/s per core in Java 17 (0.2 s for a batch of 64 images of 3 x 224 x 224 floats), so the run computes
 * it on the site pool while the batch's forward pass runs.
 */
final class BatchDigest {
    private static final int CHUNK = 1 << 16;

    private BatchDigest() {
    }

    static String of(Batch b) {
        MessageDigest d = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        List<BatchTensor> tensors = b.tensors();
        tensor(d, buf, tensors.get(0));
        buf.putInt(b.hasLabels() ? 1 : 0);
        flush(d, buf);
        if (b.hasLabels()) {
            longs(d, buf, LongBuffer.wrap(b.labels()));
        }
        // The further fields of multi-input data (masks, token types) follow, each after its name: a single-tensor
        // batch hashes to the same bytes as before they existed, so older journals still resume.
        for (BatchTensor t : tensors.subList(1, tensors.size())) {
            byte[] name = t.field().name().orElse("").getBytes(StandardCharsets.UTF_8);
            buf.putInt(name.length).put(name);
            tensor(d, buf, t);
        }
        return Sha256.hex(d);
    }

    private static void tensor(MessageDigest d, ByteBuffer buf, BatchTensor t) {
        long[] shape = t.shape();
        buf.putInt(t.elementType() == ElementType.INT64 ? 1 : 0).putInt(shape.length);
        for (long s : shape) {
            buf.putLong(s);
        }
        flush(d, buf);
        if (t.elementType() == ElementType.INT64) {
            longs(d, buf, t.longs());
        } else {
            FloatBuffer f = t.floats();
            while (f.hasRemaining()) {
                FloatBuffer view = buf.asFloatBuffer();
                int n = Math.min(view.remaining(), f.remaining());
                FloatBuffer slice = f.slice();
                slice.limit(n);
                view.put(slice);
                f.position(f.position() + n);
                buf.position(n * Float.BYTES);
                flush(d, buf);
            }
        }
    }

    private static void longs(MessageDigest d, ByteBuffer buf, LongBuffer l) {
        while (l.hasRemaining()) {
            LongBuffer view = buf.asLongBuffer();
            int n = Math.min(view.remaining(), l.remaining());
            LongBuffer slice = l.slice();
            slice.limit(n);
            view.put(slice);
            l.position(l.position() + n);
            buf.position(n * Long.BYTES);
            flush(d, buf);
        }
    }

    private static void flush(MessageDigest d, ByteBuffer buf) {
        buf.flip();
        d.update(buf);
        buf.clear();
    }
}
