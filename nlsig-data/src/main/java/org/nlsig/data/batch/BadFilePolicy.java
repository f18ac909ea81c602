package org.nlsig.data.batch;

import java.util.Locale;
import org.nlsig.io.UserInputException;

/** What to do with a sample that cannot be read: stop with an error naming it (the default), or skip and list it. */
public enum BadFilePolicy {
    FAIL,
    SKIP;

    public static BadFilePolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown bad-file policy '" + s + "' (use skip or fail)");
        }
    }
}
