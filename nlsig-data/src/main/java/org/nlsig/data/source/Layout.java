package org.nlsig.data.source;

import java.util.Locale;
import org.nlsig.io.UserInputException;

/** Axis order of a rank-4 .npy array of images: NCHW (PyTorch, ONNX) or NHWC (TensorFlow, NumPy image stacks). */
public enum Layout {
    NCHW,
    NHWC;

    public static Layout parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown layout '" + s + "' (use nchw or nhwc)");
        }
    }
}
