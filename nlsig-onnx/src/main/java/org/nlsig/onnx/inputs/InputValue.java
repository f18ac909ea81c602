package org.nlsig.onnx.inputs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.nlsig.io.UserInputException;

/**
 * The value of one model input given with {@code --input NAME=VALUE}, parsed once. The element type is the one the
 * model declares for the input; the shape is the declared one unless given.
 */
public sealed interface InputValue {
    /**
     * Every element {@code value}: a number ({@code 16000}, {@code 0.5}, {@code true}/{@code false} for flags) fills
     * the declared shape (a scalar input is the number itself); {@code zeros} and {@code ones} likewise, or an explicit
     * shape ({@code zeros:2xBx128}). Of the declared shape, the batch axis takes the run's batch size.
     *
     * @param shape the explicit shape, or empty for the declared one
     * @param text  the value as written, for messages
     */
    record Filled(double value, Optional<InputShape> shape, String text) implements InputValue {
    }

    /** Per-sample values from a {@code .npy} file, samples along its axis 0 (row k for the run's sample k). */
    record Npy(Path file) implements InputValue {
    }

    /** The value as written after {@code NAME=}. */
    static InputValue parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new UserInputException("the value is empty; give a number, true/false, zeros, ones, "
                    + "zeros:SHAPE (e.g. zeros:2xBx128, B the batch size) or npy:FILE");
        }
        if (t.startsWith("npy:")) {
            String file = t.substring(4).trim();
            if (file.isEmpty()) {
                throw new UserInputException("'" + t + "' names no file; write npy:FILE");
            }
            return new Npy(Path.of(file));
        }
        String lower = t.toLowerCase(Locale.ROOT);
        for (String fill : new String[] {"zeros", "ones"}) {
            if (lower.equals(fill)) {
                return new Filled(fill.equals("ones") ? 1 : 0, Optional.empty(), t);
            }
            if (lower.startsWith(fill + ":")) {
                return new Filled(fill.equals("ones") ? 1 : 0, Optional.of(InputShape.parse(t.substring(
                        fill.length() + 1).trim())), t);
            }
        }
        if (lower.equals("true") || lower.equals("false")) {
            return new Filled(lower.equals("true") ? 1 : 0, Optional.empty(), t);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new UserInputException("'" + t + "' is not a value; give a number, true/false, zeros, ones, "
                    + "zeros:SHAPE (e.g. zeros:2xBx128, B the batch size) or npy:FILE");
        }
        if (!Double.isFinite(v)) {
            throw new UserInputException("'" + t + "' is not a finite number");
        }
        return new Filled(v, Optional.empty(), t);
    }
}
