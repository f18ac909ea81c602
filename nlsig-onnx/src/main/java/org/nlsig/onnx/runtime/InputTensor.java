package org.nlsig.onnx.runtime;

import java.util.Arrays;

/** One model input for a batch, row-major, axis 0 the samples. Floats are converted to the input's float type. */
public sealed interface InputTensor {
    long[] shape();

    /** Samples in this input (its first dimension). */
    default int samples() {
        return (int) shape()[0];
    }

    /** Floating-point data (images, features), fed as the model's float type (float, float16, double). */
    record Floats(float[] data, long[] shape) implements InputTensor {
        public Floats {
            check(data.length, shape);
        }
    }

    /** Integer data (token ids, masks), fed as int64 or int32 as the model declares. */
    record Longs(long[] data, long[] shape) implements InputTensor {
        public Longs {
            check(data.length, shape);
        }
    }

    private static void check(int length, long[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("an input batch needs a shape with the samples first, not a scalar");
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
}
