package org.nlsig.data.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Test data written on the fly: images, CIFAR records, IDX files, tar.gz archives. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A smooth synthetic photo-like RGB image (gradients plus blobs), deterministic in its seed. */
    public static BufferedImage photo(int w, int h, long seed) {
        Random r = new Random(seed);
        double a = r.nextDouble() * 6, b = r.nextDouble() * 6, c = r.nextDouble() * 6;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double v = (double) y / h;
                int red = (int) (127 + 120 * Math.sin(a + 5 * u + 3 * v * v));
                int green = (int) (127 + 120 * Math.sin(b + 7 * u * v + 2 * v));
                int blue = (int) (127 + 100 * Math.cos(c + 9 * u - 4 * v) + 20 * r.nextGaussian());
                img.setRGB(x, y, (clamp(red) << 16) | (clamp(green) << 8) | clamp(blue));
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public static byte[] jpeg(BufferedImage img, float quality, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, bytes)) {
            throw new IOException("no writer for " + format);
        }
        return bytes.toByteArray();
    }

    /** One CIFAR record: label byte(s), then the R, G and B planes with pixel value (i + label + plane) mod 256. */
    public static byte[] cifarRecords(int count, int labelBytes) {
        int rec = labelBytes + 3072;
        byte[] out = new byte[count * rec];
        for (int n = 0; n < count; n++) {
            int label = n % 10;
            for (int l = 0; l < labelBytes; l++) {
                out[n * rec + l] = (byte) (l == labelBytes - 1 ? label : 99);
            }
            for (int i = 0; i < 3072; i++) {
                out[n * rec + labelBytes + i] = (byte) (i + label + i / 1024);
            }
        }
        return out;
    }

    public static byte[] idxImages(int count, int h, int w) {
        byte[] out = new byte[16 + count * h * w];
        writeInt(out, 0, 0x00000803);
        writeInt(out, 4, count);
        writeInt(out, 8, h);
        writeInt(out, 12, w);
        for (int i = 16; i < out.length; i++) {
            out[i] = (byte) (i * 7);
        }
        return out;
    }

    public static byte[] idxLabels(int count) {
        byte[] out = new byte[8 + count];
        writeInt(out, 0, 0x00000801);
        writeInt(out, 4, count);
        for (int i = 0; i < count; i++) {
            out[8 + i] = (byte) (i % 10);
        }
        return out;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** A .tar.gz with the given members (ustar headers, regular files). */
    public static void tarGz(Path file, Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, m.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", m.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            h[263] = '0';
            h[264] = '0';
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte x : h) {
                sum += x & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            tar.write(h);
            tar.write(m.getValue());
            tar.write(new byte[(512 - m.getValue().length % 512) % 512]);
        }
        tar.write(new byte[1024]);
        Files.write(file, gzip(tar.toByteArray()));
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    /** Writes an .npz archive (np.savez layout: stored NAME.npy members) and returns its path. */
    public static Path npz(Path file, Map<String, org.nlsig.io.npy.NpyArray> arrays) throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, org.nlsig.io.npy.NpyArray> e : arrays.entrySet()) {
                Path member = Files.createTempFile("member", ".npy");
                org.nlsig.io.npy.NpyFile.write(member, e.getValue());
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey() + ".npy"));
                zip.write(Files.readAllBytes(member));
                zip.closeEntry();
                Files.delete(member);
            }
        }
        return file;
    }

    /** Writes UTF-8 text and returns the path. */
    public static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        return file;
    }

    /** The hand-written word-level tokenizer of the test resources (see text/README.md). */
    public static Path tinyTokenizer() {
        try {
            return Path.of(Fixtures.class.getResource("/text/tiny-tokenizer.json").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
