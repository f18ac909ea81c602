package org.nlsig.data.source;

/**
 * One model input as a source produces it: flat values in C order of the source's sample shape, either floats or
 * longs (the other is null), and its label ({@link #NO_LABEL} when the source has none).
 *
 * @param id identifies the sample in provenance and errors: a relative path, "test_batch.bin#17", "random#3"
 */
public record Sample(String id, float[] floats, long[] longs, long label) {
    public static final long NO_LABEL = -1;

    public Sample {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a sample holds either float or long values");
        }
    }

    public static Sample ofFloats(String id, float[] values, long label) {
        return new Sample(id, values, null, label);
    }

    public static Sample ofLongs(String id, long[] values, long label) {
        return new Sample(id, null, values, label);
    }

    public int length() {
        return floats != null ? floats.length : longs.length;
    }
}
