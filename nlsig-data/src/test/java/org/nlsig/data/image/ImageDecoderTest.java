package org.nlsig.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nlsig.data.testing.Fixtures;

class ImageDecoderTest {
    @Test
    void progressiveJpegDecodesLikeBaseline() throws Exception {
        BufferedImage img = Fixtures.photo(120, 90, 1);
        PixelImage baseline = ImageDecoder.decode(Fixtures.jpeg(img, 0.9f, false), "b.jpg");
        PixelImage progressive = ImageDecoder.decode(Fixtures.jpeg(img, 0.9f, true), "p.jpg");
        assertEquals(3, progressive.channels());
        assertEquals(120, progressive.width());
        int max = 0;
        for (int i = 0; i < baseline.pixels().length; i++) {
            max = Math.max(max, Math.abs((baseline.pixels()[i] & 0xff) - (progressive.pixels()[i] & 0xff)));
        }
        assertTrue(max <= 3, "progressive and baseline encodings of one image differ by " + max);
    }

    @Test
    void paletteBmpAndGifGiveTheirRgbValues() throws Exception {
        byte[] r = {0, (byte) 200, 10, (byte) 255};
        byte[] g = {0, 100, (byte) 250, (byte) 255};
        byte[] b = {0, 50, 30, (byte) 255};
        IndexColorModel palette = new IndexColorModel(8, 4, r, g, b);
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        // (The JDK's BMP writer mis-encodes palette images, so BMP is tested in true colour below.)
        for (String format : new String[] {"png", "gif"}) {
            PixelImage p = ImageDecoder.decode(Fixtures.encode(img, format), "x." + format);
            assertEquals(3, p.channels(), format);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    int idx = (x + y) % 4;
                    String at = format + " (" + x + "," + y + ")";
                    assertEquals(r[idx] & 0xff, p.get(x, y, 0), at + " red");
                    assertEquals(g[idx] & 0xff, p.get(x, y, 1), at + " green");
                    assertEquals(b[idx] & 0xff, p.get(x, y, 2), at + " blue");
                }
            }
        }
    }

    @Test
    void trueColourBmpIsExact() throws Exception {
        BufferedImage img = Fixtures.photo(33, 17, 5);
        PixelImage p = ImageDecoder.decode(Fixtures.encode(img, "bmp"), "x.bmp");
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 33; x++) {
                int rgb = img.getRGB(x, y);
                assertEquals((rgb >> 16) & 0xff, p.get(x, y, 0));
                assertEquals((rgb >> 8) & 0xff, p.get(x, y, 1));
                assertEquals(rgb & 0xff, p.get(x, y, 2));
            }
        }
    }

    @Test
    void sixteenBitPngKeepsTheHighByteAndGreyStaysOneChannel() throws Exception {
        BufferedImage grey16 = new BufferedImage(4, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(1, 0, 0, 0xABCD);
        grey16.getRaster().setSample(3, 1, 0, 0x00FF);
        PixelImage g = ImageDecoder.decode(Fixtures.encode(grey16, "png"), "g16.png");
        assertEquals(1, g.channels());
        assertEquals(0xAB, g.get(1, 0, 0));
        assertEquals(0x00, g.get(3, 1, 0));

        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 2);
        raster.setPixel(2, 1, new int[] {0x1234, 0xFEDC, 0x8080});
        PixelImage rgb = ImageDecoder.decode(Fixtures.encode(new BufferedImage(cm, raster, false, null), "png"), "c16.png");
        assertEquals(3, rgb.channels());
        assertArrayEquals(new int[] {0x12, 0xFE, 0x80}, new int[] {rgb.get(2, 1, 0), rgb.get(2, 1, 1), rgb.get(2, 1, 2)});
    }

    @Test
    void rgbaDropsAlphaWithoutCompositing() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
        img.setRGB(0, 0, 0x10_C8_64_32); // alpha 0x10, nearly transparent
        img.setRGB(1, 0, 0x00_01_02_03);
        PixelImage p = ImageDecoder.decode(Fixtures.encode(img, "png"), "a.png");
        assertEquals(3, p.channels());
        assertArrayEquals(new int[] {0xC8, 0x64, 0x32}, new int[] {p.get(0, 0, 0), p.get(0, 0, 1), p.get(0, 0, 2)});
    }

    @Test
    void greyPngIsNotGammaConverted() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 200});
        PixelImage p = ImageDecoder.decode(Fixtures.encode(img, "png"), "g.png");
        assertEquals(1, p.channels());
        assertArrayEquals(new byte[] {0, 100, (byte) 200}, p.pixels());
        assertArrayEquals(new byte[] {0, 0, 0, 100, 100, 100, (byte) 200, (byte) 200, (byte) 200},
                p.withChannels(3).pixels());
    }

    @Test
    void corruptAndTruncatedFilesAreErrorsNamingTheFile() throws Exception {
        ImageDecodeException garbage = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode("not an image at all".getBytes(), "/data/cat/x.jpg"));
        assertTrue(garbage.getMessage().startsWith("/data/cat/x.jpg: "), garbage.getMessage());

        byte[] jpeg = Fixtures.jpeg(Fixtures.photo(200, 150, 2), 0.9f, false);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        ImageDecodeException truncated = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(cut, "cut.jpg"));
        assertTrue(truncated.getMessage().contains("cut.jpg"), truncated.getMessage());

        byte[] png = Fixtures.encode(Fixtures.photo(50, 40, 3), "png");
        byte[] cutPng = Arrays.copyOf(png, png.length / 2);
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(cutPng, "cut.png"));
    }

    @Test
    void lumaUsesPilWeights() {
        assertEquals(76, PixelImage.luma(255, 0, 0));
        assertEquals(150, PixelImage.luma(0, 255, 0));
        assertEquals(29, PixelImage.luma(0, 0, 255));
        assertEquals(255, PixelImage.luma(255, 255, 255));
    }
}
