package org.nlsig.data.preprocess;

import org.nlsig.io.UserInputException;

/**
 * The center crop, torchvision's {@code CenterCrop(s)} or {@code CenterCrop((h, w))}; 0 x 0 is no crop.
 *
 * @param height rows kept (0 with width 0: no crop)
 * @param width  columns kept
 */
public record CropSize(int height, int width) {
    public static final CropSize NONE = new CropSize(0, 0);

    public CropSize {
        if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
            throw new UserInputException("crop must be >= 0 (0 = off) in both dimensions, got " + height + "x"
                    + width);
        }
    }

    /** An s x s crop, or none for 0 (how presets give it). */
    public static CropSize square(int size) {
        if (size < 0) {
            throw new UserInputException("crop must be >= 0 (0 = off), got " + size);
        }
        return new CropSize(size, size);
    }

    /**
     * {@code S} (S x S; 0 = no crop) or {@code HxW} (height x width).
     *
     * @throws UserInputException naming {@code --crop} and the forms it takes
     */
    public static CropSize parse(String text) {
        String t = text.trim();
        if (t.matches("\\d+\\s*,\\s*\\d+")) {
            throw new UserInputException("--crop '" + text + "': a crop is HxW (--crop " + t.replaceAll("\\s*,\\s*",
                    "x") + "); H,W is --resize's form");
        }
        String[] parts = t.split("[xX]", -1);
        if (parts.length == 1) {
            return square(ImageDimension.parse(parts[0], "--crop", text, true));
        }
        if (parts.length == 2) {
            return new CropSize(ImageDimension.parse(parts[0], "--crop", text, false),
                    ImageDimension.parse(parts[1], "--crop", text, false));
        }
        throw new UserInputException("--crop '" + text + "': give S (an S x S center crop) or HxW (height x width), "
                + "e.g. --crop 224 or --crop 48x320");
    }

    public boolean isNone() {
        return height == 0;
    }

    /** The command-line form: {@code 0}, {@code S} or {@code HxW}. */
    public String token() {
        return height == width ? Integer.toString(height) : height + "x" + width;
    }

    /** For provenance: "no crop", "center crop 224", "center crop 48x320 (height x width)". */
    public String describe() {
        return isNone() ? "no crop" : height == width ? "center crop " + height
                : "center crop " + height + "x" + width + " (height x width)";
    }
}
