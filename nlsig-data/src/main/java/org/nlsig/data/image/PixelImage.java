package org.nlsig.data.image;

/**
 * A decoded 8-bit image: {@code channels} (1 = grey, 3 = RGB) interleaved unsigned bytes per pixel, rows top to
 * bottom. The pixel array is owned by this value; nothing mutates it after construction.
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {
    public PixelImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 or 3 channels, got " + channels);
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("pixel array of " + pixels.length + " bytes does not fit "
                    + width + "x" + height + "x" + channels);
        }
    }

    /** Sample value (0..255) of channel c at column x, row y. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    /** This image with {@code target} channels: grey is replicated to RGB; RGB becomes grey with PIL's "L" weights. */
    public PixelImage withChannels(int target) {
        if (target == channels) {
            return this;
        }
        int n = width * height;
        if (target == 3) {
            byte[] rgb = new byte[n * 3];
            for (int i = 0; i < n; i++) {
                byte v = pixels[i];
                rgb[3 * i] = v;
                rgb[3 * i + 1] = v;
                rgb[3 * i + 2] = v;
            }
            return new PixelImage(width, height, 3, rgb);
        }
        if (target == 1) {
            byte[] grey = new byte[n];
            for (int i = 0; i < n; i++) {
                grey[i] = (byte) luma(pixels[3 * i] & 0xff, pixels[3 * i + 1] & 0xff, pixels[3 * i + 2] & 0xff);
            }
            return new PixelImage(width, height, 1, grey);
        }
        throw new IllegalArgumentException("images can be converted to 1 or 3 channels, not " + target);
    }

    /** PIL's RGB to "L" conversion (ITU-R 601-2 luma in 16-bit fixed point, rounded). */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
