package org.nlsig.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.data.image.PixelImage;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;

/**
 * torchvision's Resize((h, w)), Resize(s) and CenterCrop((h, w)) on the golden images, against the arrays
 * tools/preprocess_nonsquare_reference.py wrote with torchvision 0.14.1 (PIL 9.4.0).
 */
class NonSquarePreprocessTest {
    @TempDir
    static Path tmp;

    static JsonNode cases() throws IOException {
        try (InputStream in = NonSquarePreprocessTest.class.getResourceAsStream("/golden-nonsquare/cases.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> goldenCases() throws IOException {
        JsonNode spec = cases();
        List<Arguments> out = new ArrayList<>();
        for (JsonNode image : spec.get("images")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("cases").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> c = it.next();
                out.add(Arguments.of(image.asText(), c.getKey(), c.getValue()));
            }
        }
        return out.stream();
    }

    /** The case as the command line would give it: --resize S or H,W and --crop HxW. */
    static Preprocessing preprocessing(JsonNode c) {
        JsonNode r = c.get("resize");
        Resize resize = r.isNull() ? Resize.NONE : Resize.parse(r.isArray() ? r.get(0) + "," + r.get(1) : r.asText());
        JsonNode k = c.get("crop");
        CropSize crop = k.isNull() ? CropSize.NONE : CropSize.parse(k.get(0) + "x" + k.get(1));
        return new Preprocessing("case", resize, crop, Interpolation.parse(c.get("interpolation").asText()),
                Presets.IMAGENET_MEAN, Presets.IMAGENET_STD);
    }

    static NpyArray expected(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (InputStream in = NonSquarePreprocessTest.class.getResourceAsStream("/golden-nonsquare/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return NpyFile.read(file);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goldenCases")
    void matchesTorchvision(String image, String caseName, JsonNode c) throws IOException {
        Preprocessing p = preprocessing(c);
        PixelImage ours = p.resizeAndCrop(GoldenPreprocessTest.image(image)).withChannels(3);
        NpyArray golden = expected(image + "." + caseName + ".npy");
        assertArrayEquals(golden.shape(), new long[] {ours.height(), ours.width(), 3}, "height x width x channels");
        assertArrayEquals(new int[] {ours.width(), ours.height()}, p.outputSize(ours.width(), ours.height()));
        int max = 0;
        for (int i = 0; i < golden.size(); i++) {
            max = Math.max(max, (int) Math.abs(golden.getLong(i) - (ours.pixels()[i] & 0xff)));
        }
        assertTrue(max <= 1, image + " " + caseName + ": max difference " + max + " levels");

        float[] tensor = p.toTensor(GoldenPreprocessTest.image(image), 3);
        int plane = ours.width() * ours.height();
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < plane; i += 101) {
                float v = ((golden.getLong(i * 3 + ch) / 255f) - p.mean()[ch]) / p.std()[ch];
                assertEquals(v, tensor[ch * plane + i], 1.01f / 255 / p.std()[ch], "tensor value");
            }
        }
    }

    @Test
    void exactResizeFixesTheSizeAndShorterSideDoesNot() {
        Preprocessing exact = new Preprocessing("e", Resize.parse("48,320"), CropSize.NONE, Interpolation.BILINEAR,
                new float[0], new float[0]);
        assertTrue(exact.fixesSize());
        assertArrayEquals(new int[] {320, 48}, exact.fixedSize(), "{width, height}");
        Preprocessing shorter = new Preprocessing("s", Resize.parse("48"), CropSize.NONE, Interpolation.BILINEAR,
                new float[0], new float[0]);
        assertEquals(false, shorter.fixesSize());
        assertArrayEquals(new int[] {64, 48}, shorter.outputSize(400, 300));
        assertEquals("e (resize to 48x320 (height x width) bilinear, no crop, scale to [0,1])", exact.describe());
    }

    @Test
    void optionFormsParseAndRoundTrip() {
        assertEquals(new Resize.Exact(48, 320), Resize.parse(" 48, 320 "));
        assertEquals(new Resize.ShorterSide(256), Resize.parse("256"));
        assertEquals(Resize.NONE, Resize.parse("0"));
        assertEquals(new CropSize(48, 320), CropSize.parse("48x320"));
        assertEquals(CropSize.square(224), CropSize.parse("224"));
        assertEquals(CropSize.NONE, CropSize.parse("0"));
        assertEquals("48,320", Resize.parse("48,320").token());
        assertEquals("48x320", CropSize.parse("48X320").token());
        assertEquals("224", CropSize.parse("224").token());
        assertEquals("custom resize=48,320,crop=48x300,bilinear",
                Presets.resolve(null, Resize.parse("48,320"), CropSize.parse("48x300"), null, null, null).name());
    }

    @Test
    void badFormsSayWhichFormToUse() {
        assertEquals("--resize '48x320': an exact size is H,W with a comma (--resize 48,320); HxW is --crop's form",
                assertThrows(UserInputException.class, () -> Resize.parse("48x320")).getMessage());
        assertEquals("--crop '48,320': a crop is HxW (--crop 48x320); H,W is --resize's form",
                assertThrows(UserInputException.class, () -> CropSize.parse("48,320")).getMessage());
        assertEquals("--resize '48,0': 0 is out of range (1 to 65536 pixels)",
                assertThrows(UserInputException.class, () -> Resize.parse("48,0")).getMessage());
        assertEquals("--crop 'ax3': 'a' is not a whole number of pixels",
                assertThrows(UserInputException.class, () -> CropSize.parse("ax3")).getMessage());
        assertEquals("--resize '1,2,3': give S (the shorter side, torchvision's Resize(S)) or H,W (exact height and "
                + "width, Resize((H, W))), e.g. --resize 256 or --resize 48,320",
                assertThrows(UserInputException.class, () -> Resize.parse("1,2,3")).getMessage());
        assertEquals("--crop '-1': -1 is out of range (0 = off, or 1 to 65536 pixels)",
                assertThrows(UserInputException.class, () -> CropSize.parse("-1")).getMessage());
    }
}
