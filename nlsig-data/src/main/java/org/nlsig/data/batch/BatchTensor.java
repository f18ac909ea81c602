package org.nlsig.data.batch;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.nlsig.data.source.ElementType;
import org.nlsig.data.source.TensorField;

/**
 * One field of a batch, immutable: the field's values for every sample, in C order of {@link #shape()}
 * ({@code [samples, field's sample shape...]}), float32 or int64 as the field says.
 */
public final class BatchTensor {
    private final TensorField field;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    BatchTensor(TensorField field, long[] shape, float[] floats, long[] longs) {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a batch tensor holds either float or long values");
        }
        this.field = field;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
    }

    public TensorField field() {
        return field;
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
            throw new IllegalStateException(field.describe() + " holds int64 values; use longs()");
        }
        return FloatBuffer.wrap(floats).asReadOnlyBuffer();
    }

    /** The int64 values as a read-only buffer. */
    public LongBuffer longs() {
        if (longs == null) {
            throw new IllegalStateException(field.describe() + " holds float32 values; use floats()");
        }
        return LongBuffer.wrap(longs).asReadOnlyBuffer();
    }

    /** A copy of the float32 values. */
    public float[] floatArray() {
        floats(); // the type check and its message
        return floats.clone();
    }

    /** A copy of the int64 values. */
    public long[] longArray() {
        longs(); // the type check and its message
        return longs.clone();
    }
}
