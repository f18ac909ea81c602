package org.nlsig.onnx.runtime;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * One model input for a batch, row-major. The samples lie along {@link #batchAxis()}: axis 0 for data, another axis
 * for state tensors such as silero VAD's {@code state} [2, B, 128], or none ({@link #WHOLE}) for a tensor that is the
 * same for every sample and fed as it is, such as a scalar sample rate. Floats are converted to the input's float
 * type, integers to int64 or int32, as the model declares.
 */
public sealed interface InputTensor {
    /** The batch axis of a tensor fed whole (a scalar, a fixed-size flag): never sliced or padded. */
    int WHOLE = -1;

    long[] shape();

    /** The axis that holds the samples, or {@link #WHOLE}. */
    int batchAxis();

    /** Samples in this input (the size of its batch axis); 0 for a tensor fed whole. */
    default int samples() {
        return batchAxis() == WHOLE ? 0 : (int) shape()[batchAxis()];
    }

    /**
     * Samples {@code start .. start+rows} along the batch axis, padded with zeros (false) to {@code fed} samples; a
     * tensor fed whole is returned as it is.
     */
    InputTensor slice(int start, int rows, int fed);

    /** Floating-point data (images, features), fed as the model's float type (float, float16, double). */
    record Floats(float[] data, long[] shape, int batchAxis) implements InputTensor {
        public Floats {
            check(data.length, shape, batchAxis);
        }

        /** Data with the samples along axis 0. */
        public Floats(float[] data, long[] shape) {
            this(data, shape, 0);
        }

        @Override
        public InputTensor slice(int start, int rows, int fed) {
            return batchAxis == WHOLE ? this : new Floats((float[]) rows(data, shape, batchAxis, start, rows, fed),
                    resized(shape, batchAxis, fed), batchAxis);
        }
    }

    /** Integer data (token ids, masks), fed as int64 or int32 as the model declares. */
    record Longs(long[] data, long[] shape, int batchAxis) implements InputTensor {
        public Longs {
            check(data.length, shape, batchAxis);
        }

        /** Data with the samples along axis 0. */
        public Longs(long[] data, long[] shape) {
            this(data, shape, 0);
        }

        @Override
        public InputTensor slice(int start, int rows, int fed) {
            return batchAxis == WHOLE ? this : new Longs((long[]) rows(data, shape, batchAxis, start, rows, fed),
                    resized(shape, batchAxis, fed), batchAxis);
        }
    }

    /** Boolean data (flags such as a merged decoder's {@code use_cache_branch}), fed as bool. */
    record Bools(boolean[] data, long[] shape, int batchAxis) implements InputTensor {
        public Bools {
            check(data.length, shape, batchAxis);
        }

        @Override
        public InputTensor slice(int start, int rows, int fed) {
            return batchAxis == WHOLE ? this : new Bools((boolean[]) rows(data, shape, batchAxis, start, rows, fed),
                    resized(shape, batchAxis, fed), batchAxis);
        }
    }

    private static void check(int length, long[] shape, int batchAxis) {
        if (batchAxis < WHOLE || batchAxis >= shape.length) {
            throw new IllegalArgumentException("batch axis " + batchAxis + " is not an axis of an input of shape "
                    + Arrays.toString(shape) + " (use InputTensor.WHOLE for a tensor fed whole)");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " has a negative size");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " holds " + n
                    + " values, but " + length + " were given");
        }
    }

    private static long[] resized(long[] shape, int axis, int size) {
        long[] s = shape.clone();
        s[axis] = size;
        return s;
    }

    /**
     * Rows {@code start .. start+rows} along {@code axis} of a C-order array, then zeros up to {@code fed} rows: for
     * each index before the axis, one contiguous run of {@code rows * inner} values.
     */
    private static Object rows(Object data, long[] shape, int axis, int start, int rows, int fed) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer = Math.multiplyExact(outer, (int) shape[i]);
        }
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner = Math.multiplyExact(inner, (int) shape[i]);
        }
        int size = (int) shape[axis];
        Object out = Array.newInstance(data.getClass().getComponentType(), Math.multiplyExact(outer, fed * inner));
        for (int o = 0; o < outer; o++) {
            System.arraycopy(data, (o * size + start) * inner, out, o * fed * inner, rows * inner);
        }
        return out;
    }
}
