package org.nlsig.data.preprocess;

import org.nlsig.data.image.PixelImage;

/**
 * PIL's {@code Image.resize} (ImagingResample in Pillow's Resample.c), reproduced operation for operation so the
 * output bytes are PIL's: a separable filter, horizontal pass first over only the rows the vertical pass needs,
 * then vertical; on downscaling the kernel is stretched by the scale factor (antialiasing); normalised double
 * coefficients become fixed point with 22 fractional bits, and each pass rounds and clips to 8 bits.
 */
public final class Resampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private Resampler() {
    }

    public static PixelImage resize(PixelImage in, int outWidth, int outHeight, Interpolation filter) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outWidth + "x" + outHeight);
        }
        if (outWidth == in.width() && outHeight == in.height()) {
            return in;
        }
        if (filter == Interpolation.NEAREST) {
            return nearest(in, outWidth, outHeight);
        }
        Coefficients horizontal = Coefficients.of(in.width(), outWidth, filter);
        Coefficients vertical = Coefficients.of(in.height(), outHeight, filter);
        int firstRow = vertical.start[0];
        int lastRow = vertical.start[outHeight - 1] + vertical.count[outHeight - 1];
        PixelImage image = in;
        int rowOffset = 0;
        if (outWidth != in.width()) {
            image = horizontalPass(in, firstRow, lastRow - firstRow, horizontal);
            rowOffset = firstRow;
        }
        if (outHeight != in.height()) {
            image = verticalPass(image, rowOffset, vertical);
        }
        return image;
    }

    /**
     * PIL's ImagingScaleAffine: the source coordinate starts at half a step and is advanced by adding the step, then
     * truncated. The running sum is not {@code step * (x + 0.5)}: for 64 -&gt; 53 columns the two pick another source
     * column at x = 26 (measured against Pillow 9.4), so the sum is kept as PIL keeps it.
     */
    private static PixelImage nearest(PixelImage in, int outWidth, int outHeight) {
        int c = in.channels();
        int[] srcX = nearestSources(in.width(), outWidth);
        int[] srcY = nearestSources(in.height(), outHeight);
        byte[] src = in.pixels();
        byte[] out = new byte[outWidth * outHeight * c];
        for (int y = 0; y < outHeight; y++) {
            int rowBase = srcY[y] * in.width();
            for (int x = 0; x < outWidth; x++) {
                System.arraycopy(src, (rowBase + srcX[x]) * c, out, (y * outWidth + x) * c, c);
            }
        }
        return new PixelImage(outWidth, outHeight, c, out);
    }

    private static int[] nearestSources(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        int[] source = new int[outSize];
        double at = step * 0.5;
        for (int i = 0; i < outSize; i++) {
            source[i] = Math.min(inSize - 1, (int) at);
            at += step;
        }
        return source;
    }

    private static PixelImage horizontalPass(PixelImage in, int firstRow, int rows, Coefficients k) {
        int c = in.channels();
        int inW = in.width();
        int outW = k.start.length;
        byte[] src = in.pixels();
        byte[] out = new byte[outW * rows * c];
        int[] weights = k.fixed;
        int ksize = k.size;
        for (int y = 0; y < rows; y++) {
            int srcRow = (y + firstRow) * inW * c;
            int dstRow = y * outW * c;
            for (int x = 0; x < outW; x++) {
                int xmin = k.start[x];
                int n = k.count[x];
                int kb = x * ksize;
                for (int ch = 0; ch < c; ch++) {
                    int ss = HALF;
                    int p = srcRow + xmin * c + ch;
                    for (int i = 0; i < n; i++, p += c) {
                        ss += (src[p] & 0xff) * weights[kb + i];
                    }
                    out[dstRow + x * c + ch] = clip8(ss);
                }
            }
        }
        return new PixelImage(outW, rows, c, out);
    }

    private static PixelImage verticalPass(PixelImage in, int rowOffset, Coefficients k) {
        int c = in.channels();
        int rowLength = in.width() * c;
        int outH = k.start.length;
        byte[] src = in.pixels();
        byte[] out = new byte[rowLength * outH];
        int[] weights = k.fixed;
        int ksize = k.size;
        int[] acc = new int[rowLength];
        for (int y = 0; y < outH; y++) {
            int ymin = k.start[y] - rowOffset;
            int n = k.count[y];
            int kb = y * ksize;
            java.util.Arrays.fill(acc, HALF);
            // Row-major accumulation (same sums as PIL's column loop, in an order that streams through memory).
            for (int i = 0; i < n; i++) {
                int w = weights[kb + i];
                int base = (ymin + i) * rowLength;
                for (int j = 0; j < rowLength; j++) {
                    acc[j] += (src[base + j] & 0xff) * w;
                }
            }
            int dst = y * rowLength;
            for (int j = 0; j < rowLength; j++) {
                out[dst + j] = clip8(acc[j]);
            }
        }
        return new PixelImage(in.width(), outH, c, out);
    }

    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** PIL's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
    static final class Coefficients {
        final int size;
        final int[] start;
        final int[] count;
        final int[] fixed;

        private Coefficients(int size, int[] start, int[] count, int[] fixed) {
            this.size = size;
            this.start = start;
            this.count = count;
            this.fixed = fixed;
        }

        static Coefficients of(int inSize, int outSize, Interpolation filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            int[] fixed = new int[outSize * ksize];
            double[] k = new double[ksize];
            double ss = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    fixed[xx * ksize + x] = v < 0
                            ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                            : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                start[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(ksize, start, count, fixed);
        }
    }
}
