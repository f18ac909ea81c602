package org.nlsig.data.preprocess;

import org.nlsig.data.image.PixelImage;

import java.util.Arrays;
import org.nlsig.io.UserInputException;

/**
 * torchvision's {@code ImageClassification} transform on the PIL path: {@link Resize} (none, the shorter side, or an
 * exact height x width), {@link CropSize center crop} (none, square, or height x width), scale to [0, 1], then
 * {@code (x - mean[c]) / std[c]} in float32, channels first. An empty mean/std means no normalisation.
 *
 * @param name what to call it in provenance (a preset's name, or a description of free parameters)
 */
public record Preprocessing(String name, Resize resize, CropSize crop, Interpolation interpolation, float[] mean,
        float[] std) {
    public Preprocessing {
        java.util.Objects.requireNonNull(resize, "resize");
        java.util.Objects.requireNonNull(crop, "crop");
        if (mean.length != std.length) {
            throw new UserInputException("mean has " + mean.length + " values but std has " + std.length);
        }
        for (float m : mean) {
            if (!Float.isFinite(m)) {
                throw new UserInputException("mean values must be finite numbers, got " + Arrays.toString(mean));
            }
        }
        for (float s : std) {
            if (!Float.isFinite(s)) {
                throw new UserInputException("std values must be finite numbers, got " + Arrays.toString(std));
            }
            if (!(s > 0)) {
                throw new UserInputException("std values must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The square form presets use: shorter side {@code resize}, {@code crop} x {@code crop}; 0 = off. */
    public Preprocessing(String name, int resize, int crop, Interpolation interpolation, float[] mean, float[] std) {
        this(name, Resize.shorterSide(resize), CropSize.square(crop), interpolation, mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Whether images of any size come out the same size (a crop or an exact resize makes them so). */
    public boolean fixesSize() {
        return !crop.isNone() || resize.fixesSize();
    }

    /** {width, height} of every model input, when {@link #fixesSize()}. */
    public int[] fixedSize() {
        if (!fixesSize()) {
            throw new IllegalStateException(name + " keeps images' own sizes");
        }
        return outputSize(1, 1);
    }

    /** {width, height} after the resize (torchvision's rule for the shorter side: long = int(size * long / short)). */
    public int[] resizedSize(int width, int height) {
        return resize.apply(width, height);
    }

    /** {width, height} of the model input made from an image of this size. */
    public int[] outputSize(int width, int height) {
        if (!crop.isNone()) {
            return new int[] {crop.width(), crop.height()};
        }
        return resizedSize(width, height);
    }

    /** Resize then center crop: the RGB/grey image the model input is made of. */
    public PixelImage resizeAndCrop(PixelImage image) {
        int[] size = resizedSize(image.width(), image.height());
        PixelImage resized = Resampler.resize(image, size[0], size[1], interpolation);
        return crop.isNone() ? resized : centerCrop(resized, crop.width(), crop.height());
    }

    /** The model input, channels first, with {@code channels} channels (grey replicated to RGB, or RGB to luma). */
    public float[] toTensor(PixelImage image, int channels) {
        PixelImage ready = resizeAndCrop(image).withChannels(channels);
        float[] out = new float[ready.width() * ready.height() * channels];
        writeTensor(ready, out, 0);
        return out;
    }

    /** Writes {@code image} (already resized and cropped) as C x H x W floats at {@code offset}. */
    public void writeTensor(PixelImage image, float[] out, int offset) {
        int c = image.channels();
        if (mean.length != 0 && mean.length != c && mean.length != 1) {
            throw new UserInputException("preprocessing '" + name + "' normalises " + mean.length
                    + " channels, but the images have " + c + "; give a mean and std per channel");
        }
        int plane = image.width() * image.height();
        byte[] px = image.pixels();
        for (int ch = 0; ch < c; ch++) {
            boolean normalise = mean.length != 0;
            float m = normalise ? mean[mean.length == 1 ? 0 : ch] : 0f;
            float s = normalise ? std[std.length == 1 ? 0 : ch] : 1f;
            int base = offset + ch * plane;
            for (int i = 0; i < plane; i++) {
                // torchvision: convert_image_dtype divides by 255 in float32, normalize subtracts then divides.
                float v = (px[i * c + ch] & 0xff) / 255f;
                out[base + i] = normalise ? (v - m) / s : v;
            }
        }
    }

    /**
     * torchvision's center_crop: offsets int(round((size - crop) / 2)) with Python's round-half-to-even; an image
     * smaller than the crop is first zero-padded, (crop - size) // 2 before and the rest after.
     */
    public static PixelImage centerCrop(PixelImage image, int cropWidth, int cropHeight) {
        PixelImage src = image;
        if (cropWidth > image.width() || cropHeight > image.height()) {
            int padLeft = cropWidth > image.width() ? (cropWidth - image.width()) / 2 : 0;
            int padTop = cropHeight > image.height() ? (cropHeight - image.height()) / 2 : 0;
            int padRight = cropWidth > image.width() ? (cropWidth - image.width() + 1) / 2 : 0;
            int padBottom = cropHeight > image.height() ? (cropHeight - image.height() + 1) / 2 : 0;
            src = pad(image, padLeft, padTop, padRight, padBottom);
            if (src.width() == cropWidth && src.height() == cropHeight) {
                return src;
            }
        }
        int top = (int) Math.rint((src.height() - cropHeight) / 2.0);
        int left = (int) Math.rint((src.width() - cropWidth) / 2.0);
        if (top == 0 && left == 0 && src.width() == cropWidth && src.height() == cropHeight) {
            return src;
        }
        int c = src.channels();
        byte[] out = new byte[cropWidth * cropHeight * c];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(src.pixels(), ((top + y) * src.width() + left) * c, out, y * cropWidth * c, cropWidth * c);
        }
        return new PixelImage(cropWidth, cropHeight, c, out);
    }

    private static PixelImage pad(PixelImage image, int left, int top, int right, int bottom) {
        int w = image.width() + left + right;
        int h = image.height() + top + bottom;
        int c = image.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.pixels(), y * image.width() * c, out, ((y + top) * w + left) * c, image.width() * c);
        }
        return new PixelImage(w, h, c, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.name.equals(name) && p.resize.equals(resize) && p.crop.equals(crop)
                && p.interpolation == interpolation && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + resize.hashCode() * 7 + crop.hashCode();
    }

    /** One line for provenance, e.g. "imagenet (resize shorter side to 256 bilinear, center crop 224, ...)". */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(" (");
        sb.append(resize.describe()).append(resize.equals(Resize.NONE) ? "" : " " + interpolation.displayName());
        sb.append(", ").append(crop.describe());
        sb.append(", scale to [0,1]");
        if (mean.length > 0) {
            sb.append(", normalise mean ").append(Arrays.toString(mean)).append(" std ").append(Arrays.toString(std));
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
