package org.nlsig.data.source;

import java.util.Locale;
import org.nlsig.io.UserInputException;

/** Which part of a dataset with a fixed train/test division to read (test by default: signatures describe a trained model). */
public enum Split {
    TEST,
    TRAIN;

    public static Split parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown split '" + s + "' (use test or train)");
        }
    }
}
