package org.nlsig.data.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyDType;
import org.nlsig.io.npy.NpzFile;

/**
 * A NumPy .npz archive of ready model inputs: one array per model input, named like the input (input_ids,
 * attention_mask, ...), samples along axis 0 of every array. Integer and bool arrays become int64 fields, floating
 * ones float32 (the model runtime then converts to the types the model declares). An optional array named by
 * {@code labels=NAME} holds one integer label per sample. The arrays are read whole when opened.
 */
public final class NpzSource implements DataSource {
    private final Path file;
    private final List<TensorField> fields;
    private final List<NpyArray> arrays;
    private final long samples;
    private final long[] labels;

    private NpzSource(Path file, List<TensorField> fields, List<NpyArray> arrays, long samples, long[] labels) {
        this.file = file;
        this.fields = List.copyOf(fields);
        this.arrays = List.copyOf(arrays);
        this.samples = samples;
        this.labels = labels;
    }

    public static NpzSource open(Path file, Optional<String> labelsArray, DataOptions options) throws IOException {
        if (options.preprocessing() != null) {
            throw new UserInputException("npz: arrays are ready model inputs; preprocessing presets apply to "
                    + "image sources only (drop --preset/--resize/--crop)");
        }
        Map<String, NpyArray> all = new LinkedHashMap<>(NpzFile.read(file));
        long[] labels = null;
        if (labelsArray.isPresent()) {
            NpyArray l = all.remove(labelsArray.get());
            if (l == null) {
                throw new UserInputException(file + ": no array '" + labelsArray.get() + "' for the labels; the"
                        + " archive holds " + all.keySet());
            }
            if (l.rank() != 1 || l.dtype().isFloatingPoint()) {
                throw new UserInputException(file + ": labels array '" + labelsArray.get() + "' must be 1-D"
                        + " integers, got " + l.dtype().displayName() + " " + Arrays.toString(l.shape()));
            }
            labels = l.toLongs();
        }
        if (all.isEmpty()) {
            throw new UserInputException(file + ": the archive holds only the labels, no model inputs");
        }
        List<TensorField> fields = new ArrayList<>();
        List<NpyArray> arrays = new ArrayList<>();
        long samples = -1;
        String first = null;
        for (Map.Entry<String, NpyArray> e : all.entrySet()) {
            NpyArray a = e.getValue();
            if (a.rank() < 1 || a.shape()[0] == 0) {
                throw new UserInputException(file + ": array '" + e.getKey() + "' has shape "
                        + Arrays.toString(a.shape()) + "; every array needs its samples along axis 0");
            }
            if (samples >= 0 && a.shape()[0] != samples) {
                throw new UserInputException(file + ": arrays disagree on the number of samples: '" + first
                        + "' has " + samples + ", '" + e.getKey() + "' has " + a.shape()[0]);
            }
            if (samples < 0) {
                samples = a.shape()[0];
                first = e.getKey();
            }
            ElementType type = a.dtype().isFloatingPoint() ? ElementType.FLOAT32 : ElementType.INT64;
            if (a.dtype() == NpyDType.UINT64) {
                throw new UserInputException(file + ": array '" + e.getKey() + "' is uint64, which no model input"
                        + " takes; save it as int64");
            }
            fields.add(TensorField.named(e.getKey(), type, Arrays.copyOfRange(a.shape(), 1, a.rank())));
            arrays.add(a);
        }
        if (labels != null && labels.length != samples) {
            throw new UserInputException(file + ": labels array '" + labelsArray.get() + "' has " + labels.length
                    + " entries for " + samples + " samples");
        }
        return new NpzSource(file, fields, arrays, samples, labels);
    }

    @Override
    public List<TensorField> fields() {
        return fields;
    }

    @Override
    public long[] sampleShape() {
        return fields.get(0).sampleShape();
    }

    @Override
    public ElementType elementType() {
        return fields.get(0).type();
    }

    @Override
    public long size() {
        return samples;
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("npz " + file + " (");
        for (int i = 0; i < fields.size(); i++) {
            NpyArray a = arrays.get(i);
            sb.append(i > 0 ? ", " : "").append(fields.get(i).name().orElseThrow()).append(' ')
                    .append(a.dtype().displayName()).append(' ').append(Arrays.toString(a.shape()));
        }
        return sb.append(labels != null ? ", with labels" : ", no labels").append("), values used as they are")
                .toString();
    }

    @Override
    public Sample read(long index) {
        if (index < 0 || index >= samples) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + samples);
        }
        List<Sample.Values> values = new ArrayList<>(fields.size());
        for (int f = 0; f < fields.size(); f++) {
            NpyArray a = arrays.get(f);
            int length = Math.toIntExact(fields.get(f).sampleLength());
            int from = Math.toIntExact(index * length);
            if (fields.get(f).type() == ElementType.INT64) {
                long[] v = new long[length];
                for (int i = 0; i < length; i++) {
                    v[i] = a.getLong(from + i);
                }
                values.add(new Sample.Longs(v));
            } else {
                float[] v = new float[length];
                for (int i = 0; i < length; i++) {
                    v[i] = (float) a.getDouble(from + i);
                }
                values.add(new Sample.Floats(v));
            }
        }
        return new Sample(file.getFileName() + "#" + index, values, labels != null ? labels[(int) index]
                : Sample.NO_LABEL);
    }
}
