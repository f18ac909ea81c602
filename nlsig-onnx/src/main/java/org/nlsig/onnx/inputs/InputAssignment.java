package org.nlsig.onnx.inputs;

import org.nlsig.io.UserInputException;

/**
 * One {@code --input NAME=VALUE}: the model input it names and its value, parsed once at the command line.
 * Whether the input exists, and whether the value fits its declared type and shape, is checked against the model by
 * {@link org.nlsig.onnx.runtime.ModelFeed}.
 */
public record InputAssignment(String name, InputValue value, String text) {
    /** Parses {@code NAME=VALUE}; a {@link UserInputException} says what is wrong with it. */
    public static InputAssignment parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException("'" + text + "' is not NAME=VALUE (e.g. --input sr=16000 or --input "
                    + "state=zeros:2xBx128)");
        }
        String name = text.substring(0, eq).trim();
        try {
            return new InputAssignment(name, InputValue.parse(text.substring(eq + 1)), text.trim());
        } catch (UserInputException e) {
            throw new UserInputException(name + "=" + text.substring(eq + 1).trim() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
