package org.nlsig.data.source;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.text.TextStatistics;

/**
 * A finite, ordered collection of model inputs. Sample {@code i} is always the same tensor (sources are
 * deterministic, including {@code random}); {@link #read} is safe to call from several threads at once, which is how
 * the batch stream decodes in parallel. Open one with {@link DataSources#open}; close it when done.
 */
public interface DataSource extends AutoCloseable {
    /**
     * The shape of one sample as the model receives it, without the batch axis, e.g. {@code [3, 224, 224]}; for a
     * source of several fields, the first field's.
     */
    long[] sampleShape();

    ElementType elementType();

    /** Number of samples (every source knows it: files are listed, binary formats have headers). */
    long size();

    boolean hasLabels();

    /** Names of the label values in order (class folders, CIFAR label names); empty when unknown or unlabelled. */
    List<String> labelNames();

    /** What this data is, for provenance: kind, location, split, preprocessing. */
    String description();

    /**
     * Sample {@code index} (0 &lt;= index &lt; size()).
     *
     * @throws BadSampleException when this one sample is unreadable (corrupt image); other IOExceptions are fatal
     */
    Sample read(long index) throws IOException;

    /** The preprocessing applied to each image (image sources); empty for npy and random, whose values are as given. */
    default Optional<Preprocessing> preprocessing() {
        return Optional.empty();
    }

    /**
     * The tensors of one sample, in the order of {@link Sample#values()}: one unnamed field (the model's first
     * input, of {@link #sampleShape()} and {@link #elementType()}) unless the source names several.
     */
    default List<TensorField> fields() {
        return List.of(TensorField.primary(elementType(), sampleShape()));
    }

    /** For text data: how the file was tokenized (lines, empty and truncated ones); empty otherwise. */
    default Optional<TextStatistics> textStatistics() {
        return Optional.empty();
    }

    /** Number of values in one sample (of its first field). */
    default long sampleLength() {
        long n = 1;
        for (long d : sampleShape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    default void close() throws IOException {
    }
}
