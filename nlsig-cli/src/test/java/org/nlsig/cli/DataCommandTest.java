package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.image.ImageDecoder;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.source.RandomSource;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;

class DataCommandTest {
    @TempDir
    Path tmp;

    private static ScoreCommandTest.Run run(String... args) {
        return ScoreCommandTest.run(args);
    }

    @Test
    void helpDataShowsSpecSyntaxAndPresets() {
        ScoreCommandTest.Run r = run("help", "data");
        assertEquals(0, r.exit());
        for (String s : new String[] {"imagefolder:DIR", "cifar10:DIR", "idx:IMAGES", "npy:FILE", "random:CxHxW",
            "fashion-mnist", "efficientnet_b7", "inception", "resize 342, crop 299, bilinear", "preview"}) {
            assertTrue(r.out().contains(s), "missing '" + s + "' in:\n" + r.out());
        }
    }

    @Test
    void previewWritesTheExactTensorsAndASheet() throws Exception {
        Path out = tmp.resolve("x.npy");
        ScoreCommandTest.Run r = run("data", "preview", "random:3x8x8,seed=3,n=10", "--limit", "4", "--offset", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        NpyArray a = NpyFile.read(out);
        assertArrayEquals(new long[] {4, 3, 8, 8}, a.shape());
        float[] expected = new RandomSource(new long[] {3, 8, 8}, 3, 10).read(2).floats();
        float[] got = a.toFloats();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 0f);
        }
        BufferedImage sheet = ImageIO.read(tmp.resolve("x.png").toFile());
        assertEquals(2 + 2 * 10, sheet.getWidth());
        assertTrue(r.out().contains("[4, 3, 8, 8]"), r.out());
    }

    @Test
    void previewOfAnImageFolderUsesThePreset() throws Exception {
        Path root = tmp.resolve("imgs/cls");
        Files.createDirectories(root);
        try (var in = DataCommandTest.class.getResourceAsStream("/rgb_500x375.png")) {
            Files.write(root.resolve("a.png"), in.readAllBytes());
        }
        Files.writeString(root.resolve("broken.png"), "not a png");
        Path out = tmp.resolve("p.npy");
        ScoreCommandTest.Run r = run("data", "preview", "imagefolder:" + tmp.resolve("imgs"), "--preset", "inception",
                "--on-bad-file", "skip", "--out", out.toString(), "--sheet", tmp.resolve("s.png").toString());
        assertEquals(0, r.exit(), r.err());
        NpyArray a = NpyFile.read(out);
        assertArrayEquals(new long[] {1, 3, 299, 299}, a.shape());
        float[] expected = Presets.byName("inception").toTensor(ImageDecoder.read(root.resolve("a.png")), 3);
        assertArrayEquals(expected, a.toFloats());
        assertTrue(r.out().contains("skipped: 1") && r.out().contains("broken.png"), r.out());
        assertTrue(Files.exists(tmp.resolve("s.png")));
    }

    @Test
    void badSpecsAndMissingFilesAreOneLineErrorsWithTheSyntax() {
        ScoreCommandTest.Run r = run("data", "preview", "imagefolder:" + tmp.resolve("missing"), "--out", tmp.resolve("o.npy").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("missing") && r.err().contains("imagefolder:DIR"), r.err());
        r = run("data", "preview", "cifar11", "--out", tmp.resolve("o.npy").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("cifar11"), r.err());
        r = run("data", "preview", "random:3x4x4", "--preset", "nope", "--out", tmp.resolve("o.npy").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown preset"), r.err());
    }

    @Test
    void nonSquareResizeAndCropReachTheModelInput() throws Exception {
        Path root = tmp.resolve("lines/cls");
        Files.createDirectories(root);
        ImageIO.write(new BufferedImage(300, 40, BufferedImage.TYPE_3BYTE_BGR), "png", root.resolve("a.png").toFile());
        ImageIO.write(new BufferedImage(500, 90, BufferedImage.TYPE_3BYTE_BGR), "png", root.resolve("b.png").toFile());
        Path out = tmp.resolve("lines.npy");
        // Images of different sizes: an exact resize alone makes them one size (no crop needed).
        ScoreCommandTest.Run r = run("data", "preview", "imagefolder:" + tmp.resolve("lines"), "--resize", "48,320",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(new long[] {2, 3, 48, 320}, NpyFile.read(out).shape());
        ScoreCommandTest.Run cropped = run("data", "preview", "imagefolder:" + tmp.resolve("lines"), "--resize", "48",
                "--crop", "48x200", "--out", out.toString());
        assertEquals(0, cropped.exit(), cropped.err());
        assertArrayEquals(new long[] {2, 3, 48, 200}, NpyFile.read(out).shape());

        ScoreCommandTest.Run swapped = run("data", "preview", "imagefolder:" + tmp.resolve("lines"), "--resize",
                "48x320", "--out", out.toString());
        assertEquals(2, swapped.exit(), swapped.err());
        assertTrue(swapped.err().contains("Invalid value for option '--resize'") && swapped.err().contains(
                "an exact size is H,W with a comma (--resize 48,320); HxW is --crop's form"), swapped.err());
        ScoreCommandTest.Run shorterOnly = run("data", "preview", "imagefolder:" + tmp.resolve("lines"),
                "--resize", "48", "--crop", "0", "--out", out.toString());
        assertEquals(1, shorterOnly.exit(), shorterOnly.err());
        assertTrue(shorterOnly.err().contains("--crop S|HxW, or --resize H,W"), shorterOnly.err());
    }
}
