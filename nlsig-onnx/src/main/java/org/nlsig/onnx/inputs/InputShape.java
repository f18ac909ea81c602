package org.nlsig.onnx.inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.nlsig.io.UserInputException;

/**
 * An explicit shape given with {@code --input NAME=zeros:2xBx128}: fixed sizes, and at most one {@code B}, the batch
 * size of the run, which may sit on any axis (silero VAD v5's {@code state} is [2, B, 128]).
 *
 * @param dims      the sizes, -1 at the batch axis
 * @param batchAxis the axis of {@code B}, if there is one
 */
public record InputShape(List<Long> dims, OptionalInt batchAxis) {
    public InputShape {
        dims = List.copyOf(dims);
    }

    /** Parses {@code 2xBx128}; an empty text is a scalar ([]). */
    public static InputShape parse(String text) {
        List<Long> dims = new ArrayList<>();
        OptionalInt batch = OptionalInt.empty();
        if (text.isEmpty()) {
            return new InputShape(dims, batch);
        }
        String[] parts = text.split("x", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equals("B")) {
                if (batch.isPresent()) {
                    throw new UserInputException("shape '" + text + "' has more than one B (the batch size); "
                            + "give the other axes as numbers");
                }
                batch = OptionalInt.of(i);
                dims.add(-1L);
                continue;
            }
            long d;
            try {
                d = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new UserInputException("shape '" + text + "': '" + p + "' is neither a size nor B; write the "
                        + "axes as numbers and B separated by x, e.g. 2xBx128");
            }
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new UserInputException("shape '" + text + "': size " + d + " must be between 0 and "
                        + Integer.MAX_VALUE);
            }
            dims.add(d);
        }
        return new InputShape(dims, batch);
    }

    public int rank() {
        return dims.size();
    }

    /** The concrete shape for a batch of {@code batch} samples. */
    public long[] resolve(long batch) {
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = batchAxis.isPresent() && batchAxis.getAsInt() == i ? batch : dims.get(i);
        }
        return s;
    }

    @Override
    public String toString() {
        if (dims.isEmpty()) {
            return "[]";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            parts.add(batchAxis.isPresent() && batchAxis.getAsInt() == i ? "B" : dims.get(i).toString());
        }
        return String.join("x", parts);
    }
}
