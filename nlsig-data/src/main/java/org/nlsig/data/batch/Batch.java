package org.nlsig.data.batch;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.nlsig.data.source.ElementType;

/**
 * One batch of model inputs, immutable: one {@link BatchTensor} per field of the source (images and arrays: one,
 * N x C x H x W or N x the .npy's own sample shape; .npz and text: one per model input), with labels when the
 * source has them and one identifier per sample. The single-tensor accessors ({@link #shape()}, {@link #floats()},
 * ...) read the first field. Accessors hand out read-only views or copies.
 */
public final class Batch {
    private final long index;
    private final List<BatchTensor> tensors;
    private final long[] labels;
    private final List<String> sampleIds;
    private final List<SkippedSample> skipped;

    Batch(long index, List<BatchTensor> tensors, long[] labels, List<String> sampleIds,
            List<SkippedSample> skipped) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one tensor");
        }
        this.index = index;
        this.tensors = List.copyOf(tensors);
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
        return new Batch(index, tensors, labels, sampleIds, all);
    }

    /** 0 for the first batch of the stream, then 1, 2, ... */
    public long index() {
        return index;
    }

    /** Number of samples (the first dimension of every tensor). */
    public int size() {
        return sampleIds.size();
    }

    /** Every field's tensor, in the source's field order. */
    public List<BatchTensor> tensors() {
        return tensors;
    }

    private BatchTensor first() {
        return tensors.get(0);
    }

    /** The first field's shape. */
    public long[] shape() {
        return first().shape();
    }

    public ElementType elementType() {
        return first().elementType();
    }

    /** The first field's float32 values as a read-only buffer (e.g. for OnnxTensor.createTensor). */
    public FloatBuffer floats() {
        return first().floats();
    }

    /** The first field's int64 values as a read-only buffer. */
    public LongBuffer longs() {
        return first().longs();
    }

    /** A copy of the first field's float32 values. */
    public float[] floatArray() {
        return first().floatArray();
    }

    /** A copy of the first field's int64 values. */
    public long[] longArray() {
        return first().longArray();
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
