package org.nlsig.data.preprocess;

import org.nlsig.io.UserInputException;

/** Parses one image dimension of a {@code --resize} or {@code --crop} value. */
final class ImageDimension {
    /** Far above any image nlsig decodes (--max-pixels defaults to 10^8); catches typos, not limits. */
    private static final int MAX = 1 << 16;

    private ImageDimension() {
    }

    /**
     * @param zeroAllowed whether 0 (off) is a valid value here: alone yes, inside H,W or HxW no
     */
    static int parse(String part, String option, String whole, boolean zeroAllowed) {
        int v;
        try {
            v = Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            throw new UserInputException(option + " '" + whole + "': '" + part.trim() + "' is not a whole number of "
                    + "pixels");
        }
        if (v < (zeroAllowed ? 0 : 1) || v > MAX) {
            throw new UserInputException(option + " '" + whole + "': " + v + " is out of range ("
                    + (zeroAllowed ? "0 = off, or 1" : "1") + " to " + MAX + " pixels)");
        }
        return v;
    }
}
