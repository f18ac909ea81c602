package org.nlsig.data.batch;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.nlsig.data.source.ElementType;

/**
 * One batch of model inputs, immutable: values in C order of {@link #shape()} (N x C x H x W for images, N x the
 * .npy's own sample shape otherwise), float32 or int64, with labels when the source has them and one identifier per
 * sample. Accessors hand out read-only views or copies.
 */
public final class Batch {
    private final long index;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;
    private final long[] labels;
    private final List<String> sampleIds;
    private final List<SkippedSample> skipped;

    Batch(long index, long[] shape, float[] floats, long[] longs, long[] labels, List<String> sampleIds,
            List<SkippedSample> skipped) {
        this.index = index;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
        this.labels = labels;
        this.sampleIds = List.copyOf(sampleIds);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * The samples skipped (unreadable, with {@code --on-bad-file skip}) while this batch was assembled: those after
     * the previous batch's last sample up to this one's last; the last batch of a stream also carries those skipped
     * after it (in a partial batch that was dropped, or at the end). Every skipped sample is in exactly one batch's
     * list, the same one whatever the threads' timing.
     */
    public List<SkippedSample> skipped() {
        return skipped;
    }

    Batch withMoreSkipped(List<SkippedSample> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<SkippedSample> all = new java.util.ArrayList<>(skipped);
        all.addAll(more);
        return new Batch(index, shape, floats, longs, labels, sampleIds, all);
    }

    /** 0 for the first batch of the stream, then 1, 2, ... */
    public long index() {
        return index;
    }

    /** Number of samples (the first dimension of the shape). */
    public int size() {
        return sampleIds.size();
    }

    public long[] shape() {
        return shape.clone();
    }

    public ElementType elementType() {
        return floats != null ? ElementType.FLOAT32 : ElementType.INT64;
    }

    /** The float32 values as a read-only buffer (e.g. for OnnxTensor.createTensor). */
    public FloatBuffer floats() {
        if (floats == null) {
            throw new IllegalStateException("this batch holds int64 values; use longs()");
        }
        return FloatBuffer.wrap(floats).asReadOnlyBuffer();
    }

    /** The int64 values as a read-only buffer. */
    public LongBuffer longs() {
        if (longs == null) {
            throw new IllegalStateException("this batch holds float32 values; use floats()");
        }
        return LongBuffer.wrap(longs).asReadOnlyBuffer();
    }

    /** A copy of the float32 values. */
    public float[] floatArray() {
        if (floats == null) {
            throw new IllegalStateException("this batch holds int64 values; use longArray()");
        }
        return floats.clone();
    }

    /** A copy of the int64 values. */
    public long[] longArray() {
        if (longs == null) {
            throw new IllegalStateException("this batch holds float32 values; use floatArray()");
        }
        return longs.clone();
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** A copy of the labels, one per sample. */
    public long[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this data has no labels");
        }
        return labels.clone();
    }

    /** Where each sample came from: relative path, "file#record", "random#i". */
    public List<String> sampleIds() {
        return sampleIds;
    }
}
