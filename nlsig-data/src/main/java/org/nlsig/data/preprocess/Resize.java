package org.nlsig.data.preprocess;

import org.nlsig.io.UserInputException;

/**
 * How an image is resized, as torchvision's {@code Resize} does on the PIL path: not at all, the shorter side to a
 * size keeping the aspect ratio ({@code Resize(s)}), or to an exact height x width ({@code Resize((h, w))}), which
 * models with non-square inputs want (PaddleOCR's recogniser reads 48 x W).
 */
public sealed interface Resize {
    /** No resize. */
    Resize NONE = new None();

    /** {width, height} of an image of this size after the resize. */
    int[] apply(int width, int height);

    /** Whether every image comes out the same size. */
    boolean fixesSize();

    /** The command-line form: {@code 0}, {@code S} or {@code H,W}. */
    String token();

    /** For provenance: "no resize", "resize shorter side to 256", "resize to 48x320 (height x width)". */
    String describe();

    /**
     * {@code S} (shorter side; 0 = no resize) or {@code H,W} (exact height and width).
     *
     * @throws UserInputException naming {@code --resize} and the forms it takes
     */
    static Resize parse(String text) {
        String t = text.trim();
        if (t.matches("\\d+\\s*[xX]\\s*\\d+")) {
            throw new UserInputException("--resize '" + text + "': an exact size is H,W with a comma (--resize "
                    + t.replaceAll("\\s*[xX]\\s*", ",") + "); HxW is --crop's form");
        }
        String[] parts = t.split(",", -1);
        if (parts.length == 1) {
            int s = ImageDimension.parse(parts[0], "--resize", text, true);
            return s == 0 ? NONE : new ShorterSide(s);
        }
        if (parts.length == 2) {
            return new Exact(ImageDimension.parse(parts[0], "--resize", text, false),
                    ImageDimension.parse(parts[1], "--resize", text, false));
        }
        throw new UserInputException("--resize '" + text + "': give S (the shorter side, torchvision's Resize(S)) or "
                + "H,W (exact height and width, Resize((H, W))), e.g. --resize 256 or --resize 48,320");
    }

    /** Shorter side {@code size}, or none for 0 (how presets give it). */
    static Resize shorterSide(int size) {
        if (size < 0) {
            throw new UserInputException("resize must be >= 0 (0 = off), got " + size);
        }
        return size == 0 ? NONE : new ShorterSide(size);
    }

    record None() implements Resize {
        @Override
        public int[] apply(int width, int height) {
            return new int[] {width, height};
        }

        @Override
        public boolean fixesSize() {
            return false;
        }

        @Override
        public String token() {
            return "0";
        }

        @Override
        public String describe() {
            return "no resize";
        }
    }

    /** torchvision's rule: the longer side becomes int(size * long / short); an image already that size is kept. */
    record ShorterSide(int size) implements Resize {
        public ShorterSide {
            if (size < 1) {
                throw new IllegalArgumentException("shorter side must be positive, got " + size);
            }
        }

        @Override
        public int[] apply(int width, int height) {
            int shorter = Math.min(width, height);
            int longer = Math.max(width, height);
            if (shorter == size) {
                return new int[] {width, height};
            }
            int newLong = (int) ((double) ((long) size * longer) / shorter);
            return width <= height ? new int[] {size, newLong} : new int[] {newLong, size};
        }

        @Override
        public boolean fixesSize() {
            return false;
        }

        @Override
        public String token() {
            return Integer.toString(size);
        }

        @Override
        public String describe() {
            return "resize shorter side to " + size;
        }
    }

    record Exact(int height, int width) implements Resize {
        public Exact {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("resize size must be positive, got " + height + "x" + width);
            }
        }

        @Override
        public int[] apply(int imageWidth, int imageHeight) {
            return new int[] {width, height};
        }

        @Override
        public boolean fixesSize() {
            return true;
        }

        @Override
        public String token() {
            return height + "," + width;
        }

        @Override
        public String describe() {
            return "resize to " + height + "x" + width + " (height x width)";
        }
    }
}
