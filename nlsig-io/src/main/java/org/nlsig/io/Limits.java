package org.nlsig.io;

import java.util.Arrays;

/**
 * Bounds on what a header or spec may ask nlsig to allocate, checked before allocating, so a lying header or a
 * mistyped shape gives a message naming it instead of an {@link ArithmeticException} or an OutOfMemoryError.
 */
public final class Limits {
    /** Values in one sample: the most one Java array holds (a batch must fit in one array too). */
    public static final long MAX_SAMPLE_VALUES = Integer.MAX_VALUE - 8;
    /** Default bound on the pixels of one image (width x height), checked from its header before decoding. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Default bound on the bytes a compressed file may unpack to in the cache. */
    public static final long DEFAULT_MAX_UNPACKED_BYTES = 4L << 30;

    private Limits() {
    }

    /** The product of {@code dims}, or -1 if it overflows a long (or any dimension is negative). */
    public static long product(long... dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /**
     * The number of values in a sample of shape {@code shape}; {@code what} (a file or spec) names it in the
     * {@link UserInputException} thrown when there are more than {@link #MAX_SAMPLE_VALUES}.
     */
    public static int sampleValues(String what, long[] shape) {
        long n = product(shape);
        if (n < 0 || n > MAX_SAMPLE_VALUES) {
            throw new UserInputException(what + ": a sample of shape " + Arrays.toString(shape) + " has "
                    + (n < 0 ? "more than 2^63" : String.valueOf(n)) + " values, more than one array can hold (at most "
                    + MAX_SAMPLE_VALUES + ")");
        }
        return (int) n;
    }
}
