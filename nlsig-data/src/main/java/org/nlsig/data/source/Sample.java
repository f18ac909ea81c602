package org.nlsig.data.source;

import java.util.List;

/**
 * One sample as a source produces it: per field of the source ({@link DataSource#fields()}, in that order) its flat
 * values in C order of the field's sample shape, floats or longs as the field's type says, and its label
 * ({@link #NO_LABEL} when the source has none).
 *
 * @param id     identifies the sample in provenance and errors: a relative path, "test_batch.bin#17", "random#3"
 * @param values one entry per field
 * @param label  the class label, or {@link #NO_LABEL}
 */
public record Sample(String id, List<Values> values, long label) {
    public static final long NO_LABEL = -1;

    /** One field's values: float32 or int64. */
    public sealed interface Values {
        int length();
    }

    public record Floats(float[] data) implements Values {
        @Override
        public int length() {
            return data.length;
        }
    }

    public record Longs(long[] data) implements Values {
        @Override
        public int length() {
            return data.length;
        }
    }

    public Sample {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(id + ": a sample holds at least one tensor");
        }
    }

    public static Sample ofFloats(String id, float[] values, long label) {
        return new Sample(id, List.of(new Floats(values)), label);
    }

    public static Sample ofLongs(String id, long[] values, long label) {
        return new Sample(id, List.of(new Longs(values)), label);
    }

    /** The first field's float values, or null when it holds longs. */
    public float[] floats() {
        return values.get(0) instanceof Floats f ? f.data() : null;
    }

    /** The first field's long values, or null when it holds floats. */
    public long[] longs() {
        return values.get(0) instanceof Longs l ? l.data() : null;
    }

    /** Values in the first field. */
    public int length() {
        return values.get(0).length();
    }
}
