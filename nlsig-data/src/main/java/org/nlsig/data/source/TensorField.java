package org.nlsig.data.source;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One tensor of a sample: the model input it feeds, its element type and its per-sample shape. Image, IDX, CIFAR,
 * .npy and random sources give one unnamed field, fed to the model's first input; .npz and text sources give named
 * fields, one per model input ({@code input_ids}, {@code attention_mask}, ...).
 *
 * @param name        the model input it feeds; empty for the model's first input
 * @param type        float32 or int64
 * @param sampleShape one sample's shape, without the batch axis
 * @param required    whether a model must take it: a tokenizer's token_type_ids are fed only to models that do
 */
public record TensorField(Optional<String> name, ElementType type, long[] sampleShape, boolean required) {
    public TensorField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        sampleShape = sampleShape.clone();
    }

    /** The one field of a single-tensor source. */
    public static TensorField primary(ElementType type, long[] sampleShape) {
        return new TensorField(Optional.empty(), type, sampleShape, true);
    }

    public static TensorField named(String name, ElementType type, long[] sampleShape) {
        return new TensorField(Optional.of(name), type, sampleShape, true);
    }

    /** A named field fed only when the model has an input of that name. */
    public static TensorField optional(String name, ElementType type, long[] sampleShape) {
        return new TensorField(Optional.of(name), type, sampleShape, false);
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values in one sample. */
    public long sampleLength() {
        long n = 1;
        for (long d : sampleShape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The name for messages: the input's name, or "the model's first input". */
    public String describe() {
        return name.map(n -> "'" + n + "'").orElse("the model's first input");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorField f && f.name.equals(name) && f.type == type
                && Arrays.equals(f.sampleShape, sampleShape) && f.required == required;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(sampleShape), required);
    }

    @Override
    public String toString() {
        return name.orElse("<first input>") + " " + type + " " + Arrays.toString(sampleShape);
    }
}
