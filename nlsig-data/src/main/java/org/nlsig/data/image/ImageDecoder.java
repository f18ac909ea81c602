package org.nlsig.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.nlsig.io.Limits;

/**
 * Decodes JPEG (baseline, progressive, greyscale, CMYK/YCCK), PNG (grey, palette, RGBA, 16-bit), BMP and GIF (first
 * frame) into 8-bit grey or RGB the way PIL's {@code Image.open(f).convert("RGB")} sees them: alpha is dropped
 * (not composited), 16-bit samples keep their high byte, palettes are expanded, and CMYK becomes RGB with PIL's
 * arithmetic rather than an ICC transform. Greyscale stays one channel so it is resampled once, not three times.
 */
public final class ImageDecoder {
    private static final String JDK_JPEG_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

    private ImageDecoder() {
    }

    public static PixelImage read(Path file) throws IOException {
        return read(file, Limits.DEFAULT_MAX_PIXELS);
    }

    /** Reads and decodes an image of at most {@code maxPixels} pixels (width x height, from its header). */
    public static PixelImage read(Path file, long maxPixels) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file + ": is a directory, not an image");
        }
        return decode(Files.readAllBytes(file), file.toString(), maxPixels);
    }

    /** Decodes an encoded image; {@code name} (usually the path) is used in error messages. */
    public static PixelImage decode(byte[] data, String name) throws ImageDecodeException {
        return decode(data, name, Limits.DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes an encoded image of at most {@code maxPixels} pixels: the size is read from the header before any
     * pixel is decoded, so a small file declaring a huge image costs nothing.
     */
    public static PixelImage decode(byte[] data, String name, long maxPixels) throws ImageDecodeException {
        try {
            if (JpegHeader.isJpeg(data)) {
                JpegHeader header = JpegHeader.scan(data);
                if (header != null && header.components() == 4) {
                    return decodeCmykJpeg(data, name, header, maxPixels);
                }
                return fromBufferedImage(readWith(data, name, preferredJpegReader(), maxPixels), name);
            }
            return fromBufferedImage(readWith(data, name, null, maxPixels), name);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders signal corrupt data with IIOException but also with runtime exceptions.
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new ImageDecodeException(name + ": cannot decode image: " + why, e);
        }
    }

    private static void checkSize(ImageReader reader, String name, long maxPixels) throws IOException {
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
            throw new ImageDecodeException(name + ": image of " + w + " x " + h + " = " + (w * h)
                    + " pixels is larger than the limit of " + maxPixels + " (raise it with --max-pixels)");
        }
    }

    private static BufferedImage readWith(byte[] data, String name, String readerClass, long maxPixels)
            throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = pickReader(in, readerClass);
            if (reader == null) {
                throw new ImageDecodeException(name + ": not an image in a supported format (JPEG, PNG, BMP, GIF)");
            }
            List<String> fatal = new ArrayList<>();
            reader.addIIOReadWarningListener(truncationWatcher(fatal));
            try {
                reader.setInput(in, true, true);
                checkSize(reader, name, maxPixels);
                BufferedImage image = reader.read(0);
                if (!fatal.isEmpty()) {
                    throw new ImageDecodeException(name + ": corrupt image: " + fatal.get(0));
                }
                return image;
            } finally {
                reader.dispose();
            }
        }
    }

    /** libjpeg reports a truncated file as a warning and fills the rest with grey; PIL refuses such files. */
    private static IIOReadWarningListener truncationWatcher(List<String> fatal) {
        return (source, warning) -> {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")) {
                fatal.add(warning);
            }
        };
    }

    private static ImageReader pickReader(ImageInputStream in, String readerClass) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (readerClass == null || r.getClass().getName().equals(readerClass)) {
                return r;
            }
            if (first == null) {
                first = r;
            }
        }
        return first;
    }

    /**
     * The JDK's reader for 1- and 3-component JPEGs: it is libjpeg's output as is (no ICC transform, as in PIL),
     * where TwelveMonkeys' reader would apply embedded colour profiles.
     */
    private static String preferredJpegReader() {
        return JDK_JPEG_READER;
    }

    /**
     * CMYK and YCCK JPEGs: TwelveMonkeys reads the raw CMYK samples; Adobe files store them inverted, as PIL's
     * "CMYK;I" raw mode assumes; then PIL's cmyk2rgb: {@code r = 255 - k' - c*(255-k)/255} in its integer form.
     */
    private static PixelImage decodeCmykJpeg(byte[] data, String name, JpegHeader header, long maxPixels)
            throws IOException {
        Raster raster;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = twelveMonkeysJpegReader(in);
            if (reader == null) {
                throw new ImageDecodeException(name + ": CMYK JPEG, and no CMYK-capable JPEG reader is installed");
            }
            List<String> fatal = new ArrayList<>();
            reader.addIIOReadWarningListener(truncationWatcher(fatal));
            try {
                reader.setInput(in, true, true);
                checkSize(reader, name, maxPixels);
                raster = reader.readRaster(0, null);
                if (!fatal.isEmpty()) {
                    throw new ImageDecodeException(name + ": corrupt image: " + fatal.get(0));
                }
            } finally {
                reader.dispose();
            }
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w * 4];
        boolean inverted = header.adobeTransform() >= 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                int k = inverted ? 255 - row[4 * x + 3] : row[4 * x + 3];
                int nk = 255 - k;
                for (int c = 0; c < 3; c++) {
                    int v = inverted ? 255 - row[4 * x + c] : row[4 * x + c];
                    rgb[o + c] = (byte) clip8(nk - mulDiv255(v, nk));
                }
            }
        }
        return new PixelImage(w, h, 3, rgb);
    }

    private static ImageReader twelveMonkeysJpegReader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (!r.getClass().getName().equals(JDK_JPEG_READER)) {
                return r;
            }
        }
        return null;
    }

    /** PIL's MULDIV255: a * b / 255 rounded, in integers. */
    static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    static PixelImage fromBufferedImage(BufferedImage image, String name) throws ImageDecodeException {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && isPlainInterleaved(raster, 3)) {
            byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
            byte[] rgb = new byte[w * h * 3];
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new PixelImage(w, h, 3, rgb);
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && isPlainInterleaved(raster, 1)) {
            byte[] grey = ((DataBufferByte) raster.getDataBuffer()).getData();
            return new PixelImage(w, h, 1, java.util.Arrays.copyOf(grey, w * h));
        }
        if (cm instanceof ComponentColorModel && !(cm instanceof IndexColorModel)) {
            int colours = cm.getNumColorComponents();
            if (colours == 1 || colours == 3) {
                // Raw samples, not getRGB: Java would gamma-convert grey and round 16-bit values differently from PIL.
                int shift = Math.max(0, cm.getComponentSize(0) - 8);
                byte[] out = new byte[w * h * colours];
                int[] band = new int[w];
                for (int c = 0; c < colours; c++) {
                    for (int y = 0; y < h; y++) {
                        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, c, band);
                        for (int x = 0; x < w; x++) {
                            out[(y * w + x) * colours + c] = (byte) (band[x] >>> shift);
                        }
                    }
                }
                return new PixelImage(w, h, colours, out);
            }
        }
        if (cm.getNumColorComponents() != 3 && !(cm instanceof IndexColorModel) && cm.getNumColorComponents() != 1) {
            throw new ImageDecodeException(name + ": unsupported colour model with "
                    + cm.getNumColorComponents() + " colour components");
        }
        // Palette and packed RGB images: the colour model gives exact 8-bit sRGB values.
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new PixelImage(w, h, 3, rgb);
    }

    private static boolean isPlainInterleaved(Raster raster, int bands) {
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || !(raster.getDataBuffer() instanceof DataBufferByte)) {
            return false;
        }
        return raster.getParent() == null && raster.getMinX() == 0 && raster.getMinY() == 0
                && sm.getPixelStride() == bands && sm.getScanlineStride() == raster.getWidth() * bands
                && raster.getDataBuffer().getOffset() == 0
                && (bands == 1 ? sm.getBandOffsets()[0] == 0
                        : sm.getBandOffsets()[0] == 2 && sm.getBandOffsets()[1] == 1 && sm.getBandOffsets()[2] == 0);
    }
}
