package org.nlsig.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlsig.data.image.ImageDecoder;
import org.nlsig.data.image.PixelImage;

/**
 * torchvision's ImageClassification transform (PIL path) on the golden images: every preset, every source. PNG
 * sources must match to 1 level per pixel; JPEG sources are compared after taking the decoder out of the question
 * (resampling libjpeg's own decoded pixels), and the decoder's own difference is bounded separately.
 */
class GoldenPreprocessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode spec() throws IOException {
        try (InputStream in = resource("preprocess.json")) {
            return JSON.readTree(in);
        }
    }

    static InputStream resource(String name) {
        InputStream in = GoldenPreprocessTest.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource golden/" + name);
        }
        return in;
    }

    static PixelImage image(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return ImageDecoder.decode(in.readAllBytes(), name);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode spec = spec();
        List<Arguments> out = new ArrayList<>();
        for (Iterator<String> images = spec.get("images").fieldNames(); images.hasNext();) {
            String image = images.next();
            for (Iterator<Map.Entry<String, JsonNode>> presets = spec.get("presets").fields(); presets.hasNext();) {
                Map.Entry<String, JsonNode> p = presets.next();
                out.add(Arguments.of(image, p.getKey(), p.getValue().get("resize").asInt(),
                        p.getValue().get("crop").asInt(), p.getValue().get("interpolation").asText()));
            }
        }
        return out.stream();
    }

    static Preprocessing preprocessing(String preset, int resize, int crop, String interpolation) throws IOException {
        JsonNode spec = spec();
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = (float) spec.get("mean").get(c).asDouble();
            std[c] = (float) spec.get("std").get(c).asDouble();
        }
        return new Preprocessing(preset, resize, crop, Interpolation.parse(interpolation), mean, std);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTorchvision(String image, String preset, int resize, int crop, String interpolation) throws IOException {
        Preprocessing p = preprocessing(preset, resize, crop, interpolation);
        boolean jpeg = image.endsWith(".jpg");
        // For JPEG sources, resample libjpeg's decoded pixels: this isolates resampling from decoding.
        PixelImage source = jpeg ? image(image + ".decoded.png") : image(image);
        PixelImage ours = p.resizeAndCrop(source).withChannels(3);
        PixelImage golden = image(image + "." + preset + ".png");
        assertEquals(golden.width(), ours.width(), "width");
        assertEquals(golden.height(), ours.height(), "height");
        int maxDiff = maxDifference(ours, golden);
        assertTrue(maxDiff <= 1, image + " " + preset + ": max difference " + maxDiff + " levels");

        float[] tensor = p.toTensor(source, 3);
        int plane = crop * crop;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i += 997) {
                float expected = ((golden.pixels()[i * 3 + c] & 0xff) / 255f - p.mean()[c]) / p.std()[c];
                assertEquals(expected, tensor[c * plane + i], 1.01f / 255 / p.std()[c], "tensor value");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegs")
    void jpegDecoderIsCloseToLibjpeg(String image) throws IOException {
        PixelImage ours = image(image);
        PixelImage libjpeg = image(image + ".decoded.png");
        int max = maxDifference(ours.withChannels(3), libjpeg);
        double mean = meanDifference(ours.withChannels(3), libjpeg);
        System.out.printf("JPEG decoder vs libjpeg on %s: max %d levels, mean %.4f levels%n", image, max, mean);
        assertTrue(max <= 2 && mean < 0.05, image + ": decoder differs from libjpeg by max " + max + ", mean " + mean);
    }

    static Stream<String> jpegs() {
        return Stream.of("rgb_375x500.jpg", "odd_333x517.jpg", "cmyk_640x427.jpg");
    }

    @Test
    void fullPipelineOnJpegStaysWithinDecoderDifference() throws IOException {
        Preprocessing p = preprocessing("resize256_crop224_bilinear", 256, 224, "bilinear");
        for (String image : jpegs().toList()) {
            PixelImage ours = p.resizeAndCrop(image(image)).withChannels(3);
            int max = maxDifference(ours, image(image + ".resize256_crop224_bilinear.png"));
            System.out.printf("decode+preprocess vs torchvision on %s: max %d levels%n", image, max);
            assertTrue(max <= 2, image + ": max difference " + max);
        }
    }

    static int maxDifference(PixelImage a, PixelImage b) {
        assertEquals(a.pixels().length, b.pixels().length, "image sizes differ");
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
        }
        return max;
    }

    static double meanDifference(PixelImage a, PixelImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return (double) sum / a.pixels().length;
    }
}
